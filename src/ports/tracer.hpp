// Tracer: where use cases and adapters record spans (OpenTelemetry's model, no OpenTelemetry
// dependency). A span is created, annotated and ended by one thread at a time.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace transfers {

// W3C Trace Context identifiers of one span.
struct TraceContext {
    std::array<std::uint8_t, 16> trace_id{};
    std::array<std::uint8_t, 8> span_id{};
    bool sampled = false;
    std::string tracestate;  // passed through unchanged

    bool valid() const;  // non-zero trace and span ids
};

enum class SpanKind { internal, server, client };

class Span {
public:
    virtual ~Span() = default;
    virtual void set_attribute(std::string_view key, std::string_view value) = 0;
    virtual void set_attribute(std::string_view key, std::int64_t value) = 0;
    virtual void add_event(std::string_view name, std::string_view message) = 0;
    // Marks the span failed (status ERROR) with a description, and records an exception event.
    virtual void set_error(std::string_view description) = 0;
    // Links this span to another (a batch span to each request riding on it).
    virtual void add_link(const TraceContext& other) = 0;
    virtual const TraceContext& context() const = 0;
    // Ends the span; later calls do nothing. The destructor ends it too.
    virtual void end() = 0;
};

class Tracer {
public:
    virtual ~Tracer() = default;
    // A child of `parent` when it is valid, else the root of a new trace. Never null: when the
    // span is not sampled it records nothing but still carries a context to propagate.
    virtual std::unique_ptr<Span> start_span(std::string_view name, SpanKind kind, const TraceContext& parent) = 0;
};

}  // namespace transfers
