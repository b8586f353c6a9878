#include "adapters/http/observed_handler.hpp"

#include <array>
#include <chrono>
#include <random>
#include <string>

#include "adapters/http/router.hpp"
#include "adapters/otel/semantic_conventions.hpp"
#include "adapters/otel/trace_context_codec.hpp"
#include "adapters/system/json_logging.hpp"
#include "ports/trace_scope.hpp"

namespace transfers::http {
namespace {

namespace semconv = otel::semconv;
constexpr std::size_t request_id_length_max = 128;

// A client's X-Request-ID is kept if it is short visible ASCII; otherwise one is made up.
std::string request_id_for(std::string_view given) {
    const bool usable = !given.empty() && given.size() <= request_id_length_max &&
                        std::all_of(given.begin(), given.end(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (usable) return std::string(given);
    thread_local std::mt19937_64 random{std::random_device{}()};
    std::array<std::uint8_t, 8> bytes{};
    const std::uint64_t bits = random();
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(bits >> (8 * i));
    return otel::to_hex(bytes);
}

// Everything the answer needs to be recorded, carried from the request to its answer.
struct Observation {
    std::shared_ptr<Span> span;
    std::string request_id;
    std::string method;
    std::string route;
    Route matched;
    std::chrono::steady_clock::time_point started;
    std::string client_certificate_subject;  // empty without a TLS client certificate
};

void record(const Observation& seen, HttpAnswer& answer, metrics::ServiceMetrics& metrics) {
    const auto took = std::chrono::steady_clock::now() - seen.started;
    const double seconds = std::chrono::duration<double>(took).count();
    const std::string status = std::to_string(answer.status);
    metrics.http_requests.with({seen.route, status}).increment();
    metrics.http_request_duration.with({seen.route, status}).observe(seconds);
    if (answer.status == 401 || answer.status == 403 || answer.status == 429) {
        metrics.requests_refused.with({answer.code}).increment();
    }
    if (seen.matched == Route::create_transfer) {
        metrics.transfers.with({answer.status == 201 ? std::string("created") : answer.code}).increment();
    }
    seen.span->set_attribute(semconv::http_response_status_code, static_cast<std::int64_t>(answer.status));
    if (!answer.code.empty()) seen.span->set_attribute(semconv::error_type, answer.code);
    if (answer.status >= 500) seen.span->set_error(answer.code);
    seen.span->end();
    answer.headers.emplace_back("traceparent", otel::format_traceparent(seen.span->context()));
    answer.headers.emplace_back("X-Request-ID", seen.request_id);
    const auto level = answer.status >= 500 ? spdlog::level::err : spdlog::level::info;
    if (!logs_at(level)) return;
    JsonLogLine line(level, "request");
    line.field("request_id", seen.request_id)
        .field("trace_id", otel::to_hex(seen.span->context().trace_id))
        .field("method", seen.method)
        .field("route", seen.route)
        .field("status", std::int64_t{answer.status})
        .field("latency_us", std::int64_t{std::chrono::duration_cast<std::chrono::microseconds>(took).count()});
    if (!answer.code.empty()) line.field("code", answer.code);
    if (!answer.client.empty()) line.field("client", answer.client);  // the name, never a credential
    if (!seen.client_certificate_subject.empty()) line.field("client_certificate_subject", seen.client_certificate_subject);
    log_line(line);
}

}  // namespace

void ObservedHandler::handle(const HttpRequestView& request, Respond respond) {
    const RouteMatch match = route_of(request);
    const Route matched = match.route;
    auto seen = std::make_shared<Observation>(Observation{
        nullptr, request_id_for(request.request_id), std::string(request.method),
        std::string(route_template(matched)), matched, std::chrono::steady_clock::now(),
        std::string(request.client_certificate_subject)});
    const TraceContext parent = otel::extract_trace_context(request.traceparent, request.tracestate);
    seen->span = tracer_.start_span(seen->method + " " + seen->route, SpanKind::server, parent);
    seen->span->set_attribute(semconv::http_request_method, seen->method);
    seen->span->set_attribute(semconv::http_route, seen->route);
    const std::string_view path = request.target.substr(0, request.target.find('?'));
    seen->span->set_attribute(semconv::url_path, path);
    ScopedTraceContext scope(seen->span->context());  // the use case's span is a child of this one
    HttpRequestView routed = request;
    routed.route = &match;  // read by the inner handlers while handle() runs, never after
    inner_.handle(routed, [this, seen, respond = std::move(respond)](HttpAnswer answer) {
        record(*seen, answer, metrics_);
        respond(std::move(answer));
    });
}

}  // namespace transfers::http
