// OtlpTracer: the Tracer port the OpenTelemetry way: W3C ids, parent-based ratio sampling,
// and each finished sampled span handed to a SpanSink (the OTLP exporter).
#pragma once

#include <memory>
#include <string_view>

#include "adapters/otel/span_data.hpp"
#include "adapters/otel/span_sink.hpp"
#include "ports/tracer.hpp"

namespace transfers::otel {

// Ratio sampling of a trace that starts here, decided by the trace id alone (its last 56 bits,
// random by W3C Trace Context level 2), so that every service with the same ratio agrees.
// ratio in [0, 1]: 0 samples nothing, 1 everything.
bool sample_new_trace(const TraceId& trace_id, double ratio);

// Parent-based: a span follows its parent's sampled flag, so a trace is kept whole or not at
// all; only a root span is sampled by ratio.
bool sample_span(const TraceContext& parent, const TraceId& trace_id, double ratio);

// Thread-safe and stateless apart from its constants: ids come from a random engine of each
// calling thread. Spans belong to the thread using them, as the port says.
class OtlpTracer final : public Tracer {
public:
    // sink null: tracing export is off; spans record nothing, but ids are still made and the
    // parent's sampled flag is passed on, so traceparent keeps flowing to callers and callees.
    // sampling_ratio in [0, 1] (checked by the command line, asserted here).
    OtlpTracer(SpanSink* sink, double sampling_ratio);

    std::unique_ptr<Span> start_span(std::string_view name, SpanKind kind, const TraceContext& parent) override;

private:
    SpanSink* const sink_;
    const double sampling_ratio_;
};

}  // namespace transfers::otel
