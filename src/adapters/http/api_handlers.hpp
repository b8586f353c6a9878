// ApiHandlers: one thin handler per route, turning HTTP requests into use-case calls.
#pragma once

#include <functional>

#include "adapters/http/http_exchange.hpp"
#include "adapters/http/router.hpp"
#include "app/service_api.hpp"

namespace transfers::http {

// Called exactly once per request, on any thread.
using Respond = std::function<void(HttpAnswer)>;

// Stateless: safe to call from any thread. Decoding happens on the calling (I/O) thread; the
// use cases answer later, from their own threads, through `respond`.
class ApiHandlers {
public:
    explicit ApiHandlers(ServiceApi& api) : api_(api) {}

    // `request` must stay valid until `respond` has been called.
    void handle(const HttpRequestView& request, Respond respond);

private:
    void open_account(const HttpRequestView& request, Respond respond);
    void get_account(std::string_view id, Respond respond);
    void account_history(std::string_view id, std::string_view target, Respond respond);
    void openapi(Respond respond);
    void create_transfer(const HttpRequestView& request, Respond respond);
    void get_transfer(std::string_view id, Respond respond);
    void health(Respond respond);

    ServiceApi& api_;
};

}  // namespace transfers::http
