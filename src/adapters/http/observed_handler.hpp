// ObservedHandler: what every request leaves behind for an on-call engineer: a server span
// continuing the caller's trace, a traceparent and X-Request-ID on the answer, request metrics,
// and one JSON log line.
#pragma once

#include "adapters/http/http_exchange.hpp"
#include "adapters/metrics/service_metrics.hpp"
#include "ports/tracer.hpp"

namespace transfers::http {

// Stateless apart from references; safe to call from any thread, like the handler it wraps.
class ObservedHandler final : public RequestHandler {
public:
    ObservedHandler(RequestHandler& inner, Tracer& tracer, metrics::ServiceMetrics& metrics)
        : inner_(inner), tracer_(tracer), metrics_(metrics) {}

    void handle(const HttpRequestView& request, Respond respond) override;

private:
    RequestHandler& inner_;
    Tracer& tracer_;
    metrics::ServiceMetrics& metrics_;
};

}  // namespace transfers::http
