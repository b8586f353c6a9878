// RecordingBalanceCache: an in-memory BalanceCache that records what the use cases asked of it
// and can hold back the completion of mark_pending, to test what waits for it.
#pragma once

#include <functional>
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
    void mark_pending(std::span<const Account> accounts_after, Marked done) override {
        std::function<void()> observe;
        {
            std::lock_guard lock(mutex_);
            ++mark_calls;
            for (const Account& account : accounts_after) {
                entries.erase(account.id.value);
                if (!marks_fail) pending[account.id.value] = account.version;
            }
            observe = on_mark;
            if (hold_marks) {
                held.push_back(std::move(done));
                return;
            }
        }
        if (observe) observe();
        done(!marks_fail);
    }
    void store_committed(std::span<const Account> accounts) override {
        std::lock_guard lock(mutex_);
        for (const Account& account : accounts) entries[account.id.value] = account;
    }
    std::optional<bool> serving() const override { return !bypassed; }

    // Completes every mark_pending held back so far.
    void release_held() {
        std::vector<Marked> releasing;
        {
            std::lock_guard lock(mutex_);
            releasing.swap(held);
        }
        for (auto& done : releasing) done(true);
    }

    struct Fill {
        Account account;
        std::uint64_t epoch;
    };
    mutable std::mutex mutex_;
    std::map<std::int64_t, Account> entries;
    std::map<std::int64_t, std::int64_t> pending;  // account id -> version last marked pending
    std::vector<Fill> fills;
    std::vector<Marked> held;
    bool hold_marks = false;
    bool marks_fail = false;  // as when Redis fails or the breaker is open
    bool bypassed = false;    // serving() answers false
    std::function<void()> on_mark;  // runs in mark_pending, outside the mutex
    std::uint64_t current_epoch = 7;
    int lookups = 0;
    int mark_calls = 0;
};

}  // namespace transfers::fakes
