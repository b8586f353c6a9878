// NoTracer: the Tracer when tracing is not wired (unit tests): spans that record nothing and
// carry the parent's context on, so code under test runs the same paths.
#pragma once

#include <memory>

#include "ports/non_recording_span.hpp"

namespace transfers {

class NoTracer final : public Tracer {
public:
    std::unique_ptr<Span> start_span(std::string_view, SpanKind, const TraceContext& parent) override {
        return std::make_unique<NonRecordingSpan>(parent);
    }
};

}  // namespace transfers
