// InMemoryLedgerStore: a LedgerStore held in memory, with failures that tests can inject.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ports/ledger_store.hpp"

namespace transfers::fakes {

// Behaves as the MariaDB adapter promises the port behaves: one mutex held for a whole
// transaction stands in for the row locks (so transactions are serializable), the work's
// writes are staged and reach the ledger only on commit, relative balance updates bump the
// version, and the schema's constraints (balance >= 0, DECIMAL(38,18), unique transfer ids,
// existing accounts) refuse a write just as the database would.
class InMemoryLedgerStore final : public LedgerStore {
public:
    enum class Operation { insert_account, find_account, find_transfer, transfer_committed, transact, ping };
    // What really happened to a COMMIT whose outcome the store reports as unknown.
    enum class LostCommit { applied, discarded };

    // --- Failure injection (each injection applies to the next calls only) ------------------

    // The next `count` calls of `operation` fail with `kind`, without touching the ledger.
    void fail_next(Operation operation, int count = 1,
                   StoreFailure::Kind kind = StoreFailure::Kind::unavailable) {
        std::lock_guard lock(mutex_);
        injected_[index(operation)] = Injected{count, StoreFailure{kind, "injected: connection refused"}};
    }
    // The next `count` committing transactions report Kind::commit_unknown, and are `fate`.
    void lose_next_commit_outcomes(LostCommit fate, int count = 1) {
        std::lock_guard lock(mutex_);
        lost_commits_.insert(lost_commits_.end(), static_cast<std::size_t>(count), fate);
    }
    // The next `count` transactions hit a deadlock after their work ran: rolled back and run again.
    void restart_next_transactions(int count) {
        std::lock_guard lock(mutex_);
        restarts_pending_ += count;
    }

    // Runs `hook` when the next transaction starts, before it takes the ledger: a batch is then
    // in flight (its executor holds its accounts) while the hook runs.
    void before_next_transaction(std::function<void()> hook) {
        std::lock_guard lock(mutex_);
        before_next_transaction_ = std::move(hook);
    }

    // --- Inspection, for assertions ----------------------------------------------------------

    std::optional<Account> account(AccountId id) const {
        std::lock_guard lock(mutex_);
        const auto it = ledger_.accounts.find(id);
        if (it == ledger_.accounts.end()) return std::nullopt;
        return it->second;
    }
    // In id order.
    std::vector<Account> accounts() const {
        std::lock_guard lock(mutex_);
        std::vector<Account> out;
        for (const auto& [id, account] : ledger_.accounts) out.push_back(account);
        return out;
    }
    // In commit order.
    std::vector<Transfer> transfers() const {
        std::lock_guard lock(mutex_);
        return ledger_.transfers;
    }
    // The whole ledger as text, so "nothing changed" is one comparison with a readable diff.
    std::string dump() const {
        std::lock_guard lock(mutex_);
        std::string out;
        for (const auto& [id, a] : ledger_.accounts) {
            out += std::to_string(id.value) + "=" + a.balance.to_string() + "@v" + std::to_string(a.version) + "\n";
        }
        for (const Transfer& t : ledger_.transfers) {
            out += t.id.value + ":" + std::to_string(t.source.value) + "->" + std::to_string(t.target.value) +
                   ":" + t.amount.to_string() + "\n";
        }
        return out;
    }
    int commits() const {
        std::lock_guard lock(mutex_);
        return commits_;
    }
    // Committed cache repairs: account id -> version.
    std::map<std::int64_t, std::int64_t> recorded_cache_repairs() const {
        std::lock_guard lock(mutex_);
        std::map<std::int64_t, std::int64_t> out;
        for (const auto& [account, version] : ledger_.cache_repairs) out[account.value] = version;
        return out;
    }
    // Whether some injected failure has not happened yet (a test's scenario did not play out).
    bool injections_pending() const {
        std::lock_guard lock(mutex_);
        const bool counted = std::any_of(injected_.begin(), injected_.end(), [](const Injected& i) { return i.count > 0; });
        return counted || !lost_commits_.empty() || restarts_pending_ > 0;
    }
    // How many times a unit of work was run, restarts included.
    int work_runs() const {
        std::lock_guard lock(mutex_);
        return work_runs_;
    }

    // --- LedgerStore -------------------------------------------------------------------------

    StoreResult<void> insert_account(const Account& account) override {
        std::lock_guard lock(mutex_);
        if (auto failure = take_injected(Operation::insert_account)) return fail(*failure);
        if (ledger_.accounts.count(account.id) != 0) {
            return fail(StoreFailure{StoreFailure::Kind::duplicate, "Duplicate entry for key 'PRIMARY'"});
        }
        EXPECT_FALSE(account.balance.is_negative()) << "CHECK (balance >= 0) would refuse this row";
        ledger_.accounts.emplace(account.id, account);
        return {};
    }

    StoreResult<std::optional<Account>> find_account(AccountId id) override {
        std::lock_guard lock(mutex_);
        if (auto failure = take_injected(Operation::find_account)) return fail(*failure);
        const auto it = ledger_.accounts.find(id);
        if (it == ledger_.accounts.end()) return std::optional<Account>{};
        return std::optional<Account>{it->second};
    }

    StoreResult<std::optional<Transfer>> find_transfer(const TransferId& id) override {
        std::lock_guard lock(mutex_);
        if (auto failure = take_injected(Operation::find_transfer)) return fail(*failure);
        return ledger_.find_transfer(id);
    }

    // Taking the mutex is what "waits for any transaction still writing it" means here.
    StoreResult<bool> transfer_committed(const TransferId& id) override {
        std::lock_guard lock(mutex_);
        if (auto failure = take_injected(Operation::transfer_committed)) return fail(*failure);
        return ledger_.find_transfer(id).has_value();
    }

    StoreResult<void> transact(const TransactionWork& work) override {
        std::function<void()> hook;
        {
            std::lock_guard lock(mutex_);
            hook = std::exchange(before_next_transaction_, nullptr);
        }
        if (hook) hook();
        std::lock_guard lock(mutex_);
        if (auto failure = take_injected(Operation::transact)) return fail(*failure);
        for (;;) {
            Transaction transaction(ledger_);
            ++work_runs_;
            auto end = work(transaction);
            if (!end) return fail(end.error());  // the staged writes are dropped: rolled back
            if (restarts_pending_ > 0) {
                --restarts_pending_;
                continue;
            }
            if (*end == TransactionEnd::roll_back) return {};
            if (!lost_commits_.empty()) {
                const LostCommit fate = lost_commits_.front();
                lost_commits_.pop_front();
                if (fate == LostCommit::applied) commit(transaction);
                return fail(StoreFailure{StoreFailure::Kind::commit_unknown, "injected: lost connection during COMMIT"});
            }
            commit(transaction);
            return {};
        }
    }

    // Sequence = position in commit order, 1-based, as AUTO_INCREMENT would give it here.
    StoreResult<std::vector<SequencedTransfer>> list_transfers(AccountId account, std::optional<std::int64_t> before,
                                                               std::size_t limit) override {
        std::lock_guard lock(mutex_);
        std::vector<SequencedTransfer> history;
        for (std::size_t i = ledger_.transfers.size(); i > 0 && history.size() < limit; --i) {
            const Transfer& transfer = ledger_.transfers[i - 1];
            const auto sequence = static_cast<std::int64_t>(i);
            if (before && sequence >= *before) continue;
            if (transfer.source == account || transfer.target == account) history.push_back({sequence, transfer});
        }
        return history;
    }

    StoreResult<std::vector<CacheRepair>> cache_repairs(std::size_t limit) override {
        std::lock_guard lock(mutex_);
        std::vector<CacheRepair> repairs;
        for (const auto& [account, version] : ledger_.cache_repairs) {
            if (repairs.size() == limit) break;
            repairs.push_back(CacheRepair{account, version});
        }
        return repairs;
    }

    StoreResult<void> forget_cache_repairs(std::span<const CacheRepair> done) override {
        std::lock_guard lock(mutex_);
        for (const CacheRepair& repair : done) {
            const auto it = ledger_.cache_repairs.find(repair.account);
            if (it != ledger_.cache_repairs.end() && it->second <= repair.version) ledger_.cache_repairs.erase(it);
        }
        return {};
    }

    StoreResult<std::size_t> purge_idempotency_records(Timestamp cutoff, std::size_t limit) override {
        std::lock_guard lock(mutex_);
        std::size_t purged = 0;
        for (auto it = ledger_.idempotency.begin(); it != ledger_.idempotency.end() && purged < limit;) {
            if (it->second.created_at < cutoff) {
                it = ledger_.idempotency.erase(it);
                ++purged;
            } else {
                ++it;
            }
        }
        return purged;
    }

    std::size_t idempotency_records() const {
        std::lock_guard lock(mutex_);
        return ledger_.idempotency.size();
    }

    StoreResult<void> ping() override {
        std::lock_guard lock(mutex_);
        if (auto failure = take_injected(Operation::ping)) return fail(*failure);
        return {};
    }

private:
    struct Ledger {
        std::map<AccountId, Account> accounts;
        std::vector<Transfer> transfers;
        std::map<std::string, std::size_t> transfer_at;  // id -> index in `transfers`
        std::map<IdempotencyKey, IdempotencyRecord> idempotency;
        std::map<AccountId, std::int64_t> cache_repairs;  // account -> version

        std::optional<Transfer> find_transfer(const TransferId& id) const {
            const auto it = transfer_at.find(id.value);
            if (it == transfer_at.end()) return std::nullopt;
            return transfers[it->second];
        }
    };

    // Reads see the ledger plus this transaction's own staged writes; nothing else sees those.
    class Transaction final : public LedgerTransaction {
    public:
        explicit Transaction(const Ledger& ledger) : ledger_(ledger) {}

        StoreResult<std::vector<Account>> lock_accounts(std::span<const AccountId> ids) override {
            const bool ascending_unique = std::adjacent_find(ids.begin(), ids.end(), [](AccountId a, AccountId b) {
                                              return !(a < b);
                                          }) == ids.end();
            EXPECT_FALSE(ids.empty()) << "lock_accounts needs at least one id";
            EXPECT_TRUE(ascending_unique) << "lock_accounts needs ascending, unique ids (deadlock freedom)";
            std::vector<Account> found;
            for (AccountId id : ids) {
                locked_.insert(id);
                if (auto account = current(id)) found.push_back(*account);
            }
            return found;
        }

        StoreResult<void> add_to_balances(std::span<const BalanceDelta> deltas) override {
            for (const BalanceDelta& change : deltas) {
                EXPECT_EQ(locked_.count(change.account), 1u)
                    << "account " << change.account.value << " updated without being locked first";
                auto account = current(change.account);
                if (!account) return fail(refused("balance update touched 0 rows"));
                auto after = account->balance.checked_add(change.delta);
                if (!after) return fail(refused("Out of range value for column 'balance'"));
                if (after->is_negative()) return fail(refused("CONSTRAINT balance_not_negative failed"));
                account->balance = *after;
                ++account->version;
                staged_accounts_[change.account] = *account;
            }
            return {};
        }

        StoreResult<void> insert_transfers(std::span<const Transfer> transfers) override {
            for (const Transfer& transfer : transfers) {
                const bool taken = ledger_.find_transfer(transfer.id).has_value() ||
                                   std::any_of(staged_transfers_.begin(), staged_transfers_.end(),
                                               [&](const Transfer& t) { return t.id == transfer.id; });
                if (taken) return fail(refused("Duplicate entry '" + transfer.id.value + "' for key 'PRIMARY'"));
                if (!current(transfer.source) || !current(transfer.target)) {
                    return fail(refused("a foreign key constraint fails"));
                }
                staged_transfers_.push_back(transfer);
            }
            return {};
        }

        StoreResult<void> insert_account(const Account& account) override {
            if (current(account.id)) return fail(StoreFailure{StoreFailure::Kind::duplicate, "Duplicate entry"});
            staged_accounts_[account.id] = account;
            return {};
        }

        StoreResult<std::vector<IdempotencyRecord>> lock_idempotency_records(std::span<const IdempotencyKey> keys) override {
            EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end())) << "keys must be locked in order";
            std::vector<IdempotencyRecord> found;
            for (const IdempotencyKey& key : keys) {
                if (auto it = staged_records_.find(key); it != staged_records_.end()) found.push_back(it->second);
                else if (auto stored = ledger_.idempotency.find(key); stored != ledger_.idempotency.end()) found.push_back(stored->second);
            }
            return found;
        }

        StoreResult<void> insert_idempotency_records(std::span<const IdempotencyRecord> records) override {
            for (const IdempotencyRecord& record : records) {
                if (ledger_.idempotency.count(record.key) != 0 || staged_records_.count(record.key) != 0) {
                    return fail(refused("Duplicate entry for key 'PRIMARY'"));
                }
                staged_records_[record.key] = record;
            }
            return {};
        }

        StoreResult<void> record_cache_repairs(std::span<const CacheRepair> repairs) override {
            for (const CacheRepair& repair : repairs) {
                std::int64_t& version = staged_repairs_[repair.account];
                version = std::max(version, repair.version);
            }
            return {};
        }

        void apply_to(Ledger& ledger) const {
            for (const auto& [account, version] : staged_repairs_) {
                const auto [it, inserted] = ledger.cache_repairs.emplace(account, version);
                if (!inserted) it->second = std::max(it->second, version);
            }
            for (const auto& [key, record] : staged_records_) ledger.idempotency[key] = record;
            for (const auto& [id, account] : staged_accounts_) ledger.accounts[id] = account;
            for (const Transfer& transfer : staged_transfers_) {
                ledger.transfer_at[transfer.id.value] = ledger.transfers.size();
                ledger.transfers.push_back(transfer);
            }
        }

    private:
        // As the MariaDB adapter reports a refused statement: the database would not do it.
        static StoreFailure refused(std::string message) {
            return StoreFailure{StoreFailure::Kind::unavailable, std::move(message)};
        }
        std::optional<Account> current(AccountId id) const {
            if (const auto staged = staged_accounts_.find(id); staged != staged_accounts_.end()) return staged->second;
            if (const auto stored = ledger_.accounts.find(id); stored != ledger_.accounts.end()) return stored->second;
            return std::nullopt;
        }

        const Ledger& ledger_;
        std::set<AccountId> locked_;
        std::map<AccountId, Account> staged_accounts_;
        std::vector<Transfer> staged_transfers_;
        std::map<IdempotencyKey, IdempotencyRecord> staged_records_;
        std::map<AccountId, std::int64_t> staged_repairs_;
    };

    struct Injected {
        int count = 0;
        StoreFailure failure;
    };

    static std::size_t index(Operation operation) { return static_cast<std::size_t>(operation); }

    std::optional<StoreFailure> take_injected(Operation operation) {
        Injected& injected = injected_[index(operation)];
        if (injected.count <= 0) return std::nullopt;
        --injected.count;
        return injected.failure;
    }

    void commit(const Transaction& transaction) {
        transaction.apply_to(ledger_);
        ++commits_;
    }

    mutable std::mutex mutex_;
    std::function<void()> before_next_transaction_;
    Ledger ledger_;
    std::array<Injected, 6> injected_{};
    std::deque<LostCommit> lost_commits_;
    int restarts_pending_ = 0;
    int commits_ = 0;
    int work_runs_ = 0;
};

}  // namespace transfers::fakes
