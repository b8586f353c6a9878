// ApiHandlers: one thin handler per route, turning HTTP requests into use-case calls.
#pragma once

#include "adapters/http/http_exchange.hpp"
#include "adapters/http/router.hpp"
#include "app/account_service.hpp"
#include "app/readiness.hpp"
#include "app/transfer_service.hpp"

namespace transfers::http {

// Stateless: safe to call from any thread. Calls block on the store, so the server runs them
// on its blocking pool, never on an I/O thread.
class ApiHandlers {
public:
    ApiHandlers(AccountService& accounts, TransferService& transfers, Readiness& readiness)
        : accounts_(accounts), transfers_(transfers), readiness_(readiness) {}

    HttpAnswer handle(const HttpRequestView& request);

private:
    HttpAnswer open_account(const HttpRequestView& request);
    HttpAnswer get_account(std::string_view id);
    HttpAnswer create_transfer(const HttpRequestView& request);
    HttpAnswer get_transfer(std::string_view id);
    HttpAnswer health();

    AccountService& accounts_;
    TransferService& transfers_;
    Readiness& readiness_;
};

}  // namespace transfers::http
