// ClientHandlers: /v1/clients, where admin clients create, list and revoke clients over HTTP.
#pragma once

#include "adapters/http/http_exchange.hpp"
#include "app/client_service.hpp"
#include "ports/task_runner.hpp"

namespace transfers::http {

// Stateless apart from references; safe from any thread. The client store is a database, so
// the work runs on the runner, never on an I/O thread.
class ClientHandlers {
public:
    ClientHandlers(ClientService& clients, TaskRunner& runner) : clients_(clients), runner_(runner) {}

    void list(Respond respond);
    void create(const HttpRequestView& request, Respond respond);
    void revoke(std::string_view name, Respond respond);

private:
    void run(std::function<HttpAnswer()> work, Respond respond);

    ClientService& clients_;
    TaskRunner& runner_;
};

// {"name":"payroll","scopes":"transfers:write,accounts:read","debit_accounts":"1000-1999",
//  "certificate_subject":"CN=payroll,O=Acme"}: the last two optional.
Result<NewClient, Error> decode_new_client(std::string_view body);
// A client as the API shows it (never its token digest); `token` is added once, at creation.
std::string encode_client(const Client& client, const std::string* token = nullptr);

}  // namespace transfers::http
