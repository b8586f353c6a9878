// RecordingBalanceCache: an in-memory BalanceCache that records what the use cases asked of it
// and can hold back the completion of store_committed, to test the order of answers.
#pragma once

#include <map>
#include <mutex>
#include <vector>

#include "ports/balance_cache.hpp"

namespace transfers::fakes {

// Thread-safe: one mutex guards everything.
class RecordingBalanceCache final : public BalanceCache {
public:
    void lookup(AccountId id, Found found) override {
        std::optional<Account> entry;
        {
            std::lock_guard lock(mutex_);
            ++lookups;
            if (auto it = entries.find(id.value); it != entries.end()) entry = it->second;
        }
        found(entry);
    }
    std::uint64_t epoch() const override {
        std::lock_guard lock(mutex_);
        return current_epoch;
    }
    void fill(const Account& account, std::uint64_t epoch_before_read) override {
        std::lock_guard lock(mutex_);
        fills.push_back({account, epoch_before_read});
    }
    void store_committed(std::span<const Account> accounts, Done done) override {
        {
            std::lock_guard lock(mutex_);
            for (const Account& account : accounts) entries[account.id.value] = account;
            if (hold_commits) {
                held.push_back(std::move(done));
                return;
            }
        }
        done();
    }
    std::optional<bool> serving() const override { return true; }

    // Completes every store_committed held back so far.
    void release_held() {
        std::vector<Done> releasing;
        {
            std::lock_guard lock(mutex_);
            releasing.swap(held);
        }
        for (auto& done : releasing) done();
    }

    struct Fill {
        Account account;
        std::uint64_t epoch;
    };
    mutable std::mutex mutex_;
    std::map<std::int64_t, Account> entries;
    std::vector<Fill> fills;
    std::vector<Done> held;
    bool hold_commits = false;
    std::uint64_t current_epoch = 7;
    int lookups = 0;
};

}  // namespace transfers::fakes
