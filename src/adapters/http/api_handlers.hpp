// ApiHandlers: one thin handler per route, turning HTTP requests into use-case calls.
#pragma once

#include <functional>

#include "adapters/http/client_handlers.hpp"
#include "adapters/http/http_exchange.hpp"
#include "adapters/http/router.hpp"
#include "app/service_api.hpp"

namespace transfers::http {

// Stateless: safe to call from any thread. Decoding happens on the calling (I/O) thread; the
// use cases answer later, from their own threads, through `respond`.
class ApiHandlers final : public RequestHandler {
public:
    // `metrics_page` renders GET /metrics (Prometheus text format).
    ApiHandlers(ServiceApi& api, ClientHandlers& clients, std::function<std::string()> metrics_page)
        : api_(api), clients_(clients), metrics_page_(std::move(metrics_page)) {}

    void handle(const HttpRequestView& request, Respond respond) override;

private:
    void open_account(const HttpRequestView& request, Respond respond);
    void get_account(std::string_view id, Respond respond);
    void account_history(std::string_view id, std::string_view target, Respond respond);
    void openapi(Respond respond);
    void metrics(Respond respond);
    void create_transfer(const HttpRequestView& request, Respond respond);
    void get_transfer(std::string_view id, Respond respond);
    void health(Respond respond);

    ServiceApi& api_;
    ClientHandlers& clients_;
    const std::function<std::string()> metrics_page_;
};

}  // namespace transfers::http
