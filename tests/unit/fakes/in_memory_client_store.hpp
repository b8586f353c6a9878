// InMemoryClientStore: the ClientStore port in memory, with a switch that makes it fail.
#pragma once

#include <algorithm>
#include <map>
#include <mutex>

#include "ports/client_store.hpp"

namespace transfers::fakes {

// Thread-safe: mutex_ guards everything.
class InMemoryClientStore final : public ClientStore {
public:
    Result<void, StoreFailure> insert_client(const ClientRecord& record) override {
        std::lock_guard lock(mutex_);
        if (down_) return fail(StoreFailure{StoreFailure::Kind::unavailable, "down"});
        if (!records_.emplace(record.client.name, record).second) {
            return fail(StoreFailure{StoreFailure::Kind::duplicate, "duplicate name"});
        }
        return {};
    }
    Result<std::vector<ClientRecord>, StoreFailure> list_clients() override {
        std::lock_guard lock(mutex_);
        if (down_) return fail(StoreFailure{StoreFailure::Kind::unavailable, "down"});
        std::vector<ClientRecord> all;
        for (const auto& [name, record] : records_) all.push_back(record);
        return all;
    }
    Result<bool, StoreFailure> revoke_client(const std::string& name, Timestamp at) override {
        std::lock_guard lock(mutex_);
        if (down_) return fail(StoreFailure{StoreFailure::Kind::unavailable, "down"});
        const auto found = records_.find(name);
        if (found == records_.end()) return false;
        if (!found->second.client.revoked_at) found->second.client.revoked_at = at;
        return true;
    }
    void set_down(bool down) {
        std::lock_guard lock(mutex_);
        down_ = down;
    }

private:
    std::mutex mutex_;
    std::map<std::string, ClientRecord> records_;
    bool down_ = false;
};

}  // namespace transfers::fakes
