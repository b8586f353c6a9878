// ClientStore: where the API's clients are kept, shared by every instance on one database.
#pragma once

#include <string>
#include <vector>

#include "domain/client.hpp"
#include "domain/result.hpp"
#include "ports/store_failure.hpp"

namespace transfers {

// Implementations are safe to call from many threads at once.
class ClientStore {
public:
    virtual ~ClientStore() = default;
    // Fails with Kind::duplicate when a client of that name exists or was revoked.
    virtual Result<void, StoreFailure> insert_client(const ClientRecord& record) = 0;
    // Every client, revoked ones included, in name order.
    virtual Result<std::vector<ClientRecord>, StoreFailure> list_clients() = 0;
    // Marks the client revoked at `at` unless it already is; false when no client has the name.
    virtual Result<bool, StoreFailure> revoke_client(const std::string& name, Timestamp at) = 0;
};

}  // namespace transfers
