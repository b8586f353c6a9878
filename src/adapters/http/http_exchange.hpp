// HttpRequestView and HttpAnswer: a request and its answer as the handlers see them, free of
// any networking types so routing and handling can be tested without sockets.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/http/router.hpp"
#include "domain/client.hpp"

namespace transfers::http {

struct HttpRequestView {
    std::string_view method;
    std::string_view target;        // path and query, as received
    std::string_view content_type;  // empty when the header is absent
    std::string_view body;
    std::optional<std::string_view> idempotency_key = std::nullopt;  // the Idempotency-Key header, if sent
    std::string_view traceparent = {};  // W3C Trace Context headers, empty when absent
    std::string_view tracestate = {};
    std::string_view request_id = {};  // X-Request-ID, empty when absent
    std::string_view authorization = {};  // the Authorization header, empty when absent
    bool authorization_repeated = false;  // sent more than once: never guessed which one counts
    // The verified TLS client certificate's subject in RFC 2253 form (`CN=payroll,O=Acme`);
    // empty without TLS or without a client certificate.
    std::string_view client_certificate_subject = {};
    // Who is calling, once authenticated (AuthenticatingHandler); null when the API is open.
    const Client* client = nullptr;
    // The route, once matched (ObservedHandler, the outermost handler, matches it for all the
    // others: matching decodes the path, which is worth doing once); null until then.
    const RouteMatch* route = nullptr;
};

struct HttpAnswer {
    unsigned status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // beyond Content-Type
    std::string code = {};  // the problem's code for an error answer, for logs and metrics
    std::string client = {};  // the authenticated client's name, for the request log
};

// A success answer with a JSON body.
inline HttpAnswer json_answer(unsigned status, std::string body) {
    return HttpAnswer{status, "application/json", std::move(body), {}};
}

// Called exactly once per request, on any thread.
using Respond = std::function<void(HttpAnswer)>;

// What the server hands each request to. Implementations are safe to call from any thread;
// `request` stays valid until `respond` has been called.
// The route of `request`: the one matched already, or matched now.
inline RouteMatch route_of(const HttpRequestView& request) {
    return request.route != nullptr ? *request.route : match_route(request.method, request.target);
}

class RequestHandler {
public:
    virtual ~RequestHandler() = default;
    virtual void handle(const HttpRequestView& request, Respond respond) = 0;
};

}  // namespace transfers::http
