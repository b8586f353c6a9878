// OTLP/JSON encoding: a batch of finished spans as one ExportTraceServiceRequest body
// (the OTLP specification's JSON mapping: ids in lowercase hex, 64-bit numbers as strings).
#pragma once

#include <span>
#include <string>

#include "adapters/otel/span_data.hpp"

namespace transfers::otel {

// Who produced the spans: the resource (service.name, optionally service.version) and the
// instrumentation scope.
struct OtlpResource {
    std::string service_name = "transfers";
    std::string service_version;  // omitted when empty
    std::string scope_name = "transfers";
    std::string scope_version;  // omitted when empty
};

// OTLP span kinds (opentelemetry.proto.trace.v1.Span.SpanKind).
inline constexpr int otlp_span_kind_internal = 1;
inline constexpr int otlp_span_kind_server = 2;
inline constexpr int otlp_span_kind_client = 3;
// OTLP status codes (opentelemetry.proto.trace.v1.Status.StatusCode).
inline constexpr int otlp_status_error = 2;

// The body of POST /v1/traces. Strings that are not valid UTF-8 get U+FFFD in place of the bad
// bytes: collectors reject a whole request over one such string.
std::string encode_export_trace_request(std::span<const SpanData> spans, const OtlpResource& resource);

}  // namespace transfers::otel
