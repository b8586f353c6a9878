// OtlpTransport: how an encoded export request reaches the collector (HTTP, or a test's fake).
#pragma once

#include <string>

#include "domain/result.hpp"

namespace transfers::otel {

// Used by the exporter's thread only. post() must return within its own bounded time.
class OtlpTransport {
public:
    virtual ~OtlpTransport() = default;
    // Sends one ExportTraceServiceRequest (OTLP/JSON); the error says why it was not accepted.
    virtual Result<void, std::string> post(const std::string& body_json) = 0;
};

}  // namespace transfers::otel
