// SpanData: everything a finished span recorded, as the exporter encodes it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "ports/tracer.hpp"

namespace transfers::otel {

// Limits per span, so that a loop calling add_event or add_link cannot grow a span without
// end; what is over the limit is dropped and counted in the span (OTLP has fields for that).
inline constexpr std::size_t span_attributes_max = 64;
inline constexpr std::size_t span_events_max = 64;
// A batch span links to every request riding on it; this covers the batcher's largest batch.
inline constexpr std::size_t span_links_max = 1024;
// Longer string values are cut (at a UTF-8 boundary): an error text must not carry a megabyte.
inline constexpr std::size_t attribute_value_bytes_max = 1024;

using TraceId = std::array<std::uint8_t, 16>;
using SpanId = std::array<std::uint8_t, 8>;

struct SpanAttribute {
    std::string key;
    std::variant<std::string, std::int64_t> value;
};

struct SpanEvent {
    std::string name;
    std::uint64_t time_unix_nano = 0;
    std::vector<SpanAttribute> attributes;
};

struct SpanLink {
    TraceId trace_id{};
    SpanId span_id{};
    std::string tracestate;
};

enum class SpanStatus { unset, error };

struct SpanData {
    std::string name;
    SpanKind kind = SpanKind::internal;
    TraceId trace_id{};
    SpanId span_id{};
    SpanId parent_span_id{};  // all zero for the root of a trace
    std::string tracestate;
    std::uint64_t start_unix_nano = 0;
    std::uint64_t end_unix_nano = 0;
    std::vector<SpanAttribute> attributes;
    std::vector<SpanEvent> events;
    std::vector<SpanLink> links;
    SpanStatus status = SpanStatus::unset;
    std::string status_message;
    std::uint32_t attributes_dropped = 0;
    std::uint32_t events_dropped = 0;
    std::uint32_t links_dropped = 0;
};

}  // namespace transfers::otel
