#include "app/client_service.hpp"

#include <algorithm>

#include "app/store_errors.hpp"

namespace transfers {
namespace {

Error name_taken(const std::string& name) {
    return Error{ErrorCode::client_exists,
                 "a client named " + name + " exists or existed; names are never reused, so the audit trail stays unambiguous"};
}

Error no_such_client(const std::string& name) {
    return Error{ErrorCode::client_not_found, "no client is named " + name};
}

}  // namespace

Result<CreatedClient, Error> ClientService::create(const NewClient& wanted) {
    if (auto valid = check_client_name(wanted.name, "name"); !valid) return fail(valid.error());
    if (wanted.scopes.empty()) return fail(Error{ErrorCode::invalid_request, "scopes: at least one scope is required"});
    if (wanted.certificate_subject && wanted.certificate_subject->empty()) {
        return fail(Error{ErrorCode::invalid_request, "certificate_subject: must not be empty"});
    }
    // Timestamps are stored with microseconds; keep the answer equal to what a list reads back.
    const Timestamp now = clock_.now();
    CreatedClient created{Client{wanted.name, wanted.scopes, wanted.debit_accounts, wanted.certificate_subject, now,
                                 std::nullopt},
                          tokens_.issue()};
    const ClientRecord record{created.client, tokens_.digest(created.token)};
    if (auto inserted = store_.insert_client(record); !inserted) {
        if (inserted.error().kind == StoreFailure::Kind::duplicate) return fail(name_taken(wanted.name));
        return fail(unavailable_because(inserted.error()));
    }
    if (directory_ != nullptr) directory_->add(record);
    return created;
}

Result<std::vector<Client>, Error> ClientService::list() {
    auto records = store_.list_clients();
    if (!records) return fail(unavailable_because(records.error()));
    std::vector<Client> clients;
    clients.reserve(records->size());
    for (auto& record : *records) clients.push_back(std::move(record.client));
    return clients;
}

Result<Client, Error> ClientService::revoke(const std::string& name) {
    if (auto valid = check_client_name(name, "name"); !valid) return fail(no_such_client(name));
    auto revoked = store_.revoke_client(name, clock_.now());
    if (!revoked) return fail(unavailable_because(revoked.error()));
    if (!*revoked) return fail(no_such_client(name));
    if (directory_ != nullptr) directory_->forget(name);
    auto clients = list();
    if (!clients) return fail(clients.error());
    const auto found = std::find_if(clients->begin(), clients->end(), [&name](const Client& c) { return c.name == name; });
    if (found == clients->end()) return fail(no_such_client(name));
    return *found;
}

Result<std::optional<CreatedClient>, Error> ClientService::create_first_admin() {
    auto records = store_.list_clients();
    if (!records) return fail(unavailable_because(records.error()));
    if (!records->empty()) return std::optional<CreatedClient>{};
    auto created = create(NewClient{std::string(first_admin_name), ScopeSet::of({Scope::admin})});
    if (!created) {
        if (created.error().code == ErrorCode::client_exists) return std::optional<CreatedClient>{};
        return fail(created.error());
    }
    return std::optional<CreatedClient>{std::move(*created)};
}

}  // namespace transfers
