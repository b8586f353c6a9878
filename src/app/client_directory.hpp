// ClientDirectory: the clients every request is checked against, held in memory so that a
// request pays no database round trip, and reloaded from the shared store often enough that a
// revocation on any instance takes effect on every instance within a second.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/client.hpp"
#include "ports/client_store.hpp"
#include "ports/token_authority.hpp"

namespace transfers {

// Thread-safe. Lookups read an immutable snapshot; reload() (one thread: the periodic reload)
// and add() (any thread) replace it, under swap_mutex_ so that neither loses the other's work.
class ClientDirectory {
public:
    ClientDirectory(ClientStore& store, TokenAuthority& tokens) : store_(store), tokens_(tokens) {}

    // Reads every client from the store and serves from that from now on.
    Result<void, StoreFailure> reload();
    // The active client whose token this is; null for an unknown or revoked token.
    std::shared_ptr<const Client> by_token(std::string_view token) const;
    // The active client bound to this certificate subject; null when none is.
    std::shared_ptr<const Client> by_certificate_subject(std::string_view subject) const;
    // Serves a client this instance just created at once, before the next reload.
    void add(const ClientRecord& record);
    // Stops serving a client this instance just revoked, before the next reload.
    void forget(const std::string& name);
    // How many clients the last reload saw, revoked ones included.
    std::size_t clients_known() const;

private:
    struct Snapshot;
    std::shared_ptr<const Snapshot> snapshot() const;

    ClientStore& store_;
    TokenAuthority& tokens_;
    std::mutex swap_mutex_;
    std::atomic<std::shared_ptr<const Snapshot>> snapshot_{nullptr};
};

}  // namespace transfers
