// SpanSink: where the tracer hands each finished, sampled span (the exporter, or a test).
#pragma once

#include "adapters/otel/span_data.hpp"

namespace transfers::otel {

// Called on whichever thread ends a span, often a request's: must never block, and is
// therefore allowed to drop the span (counting it) when it cannot keep up.
class SpanSink {
public:
    virtual ~SpanSink() = default;
    virtual void accept(SpanData span) = 0;
};

}  // namespace transfers::otel
