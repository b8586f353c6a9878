// LedgerStore: the durable ledger the use cases need, shaped by what they do, not by SQL.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "domain/account.hpp"
#include "domain/balance_delta.hpp"
#include "domain/idempotency.hpp"
#include "domain/result.hpp"
#include "domain/transfer.hpp"
#include "ports/store_failure.hpp"

namespace transfers {

template <typename T>
using StoreResult = Result<T, StoreFailure>;

// An account whose cached entry may be older than `version`: a batch committed that version
// while it could not mark the entry pending in the cache (the cache failed or was bypassed).
struct CacheRepair {
    AccountId account;
    std::int64_t version = 0;
};

// What a unit of work does inside one database transaction. Its methods are called by the
// single thread that runs the work; the transaction ends when the work returns.
class LedgerTransaction {
public:
    virtual ~LedgerTransaction() = default;
    // Locks the existing accounts among `ids` (ascending, unique) until the transaction ends
    // and returns them in id order; missing ids are absent from the answer.
    virtual StoreResult<std::vector<Account>> lock_accounts(std::span<const AccountId> ids) = 0;
    // Adds each delta to its account balance (relative update) and bumps the account version.
    virtual StoreResult<void> add_to_balances(std::span<const BalanceDelta> deltas) = 0;
    virtual StoreResult<void> insert_transfers(std::span<const Transfer> transfers) = 0;
    // Fails with Kind::duplicate when the account exists; the transaction stays usable.
    virtual StoreResult<void> insert_account(const Account& account) = 0;
    // Locks the records of `keys` (ascending, unique) until the transaction ends, including keys
    // not stored yet, so that two requests with one key cannot both go ahead; answers the
    // records that exist.
    virtual StoreResult<std::vector<IdempotencyRecord>> lock_idempotency_records(
        std::span<const IdempotencyKey> keys) = 0;
    virtual StoreResult<void> insert_idempotency_records(std::span<const IdempotencyRecord> records) = 0;
    // Records repairs in this transaction, so that they exist exactly when its commit does; an
    // account already recorded keeps the higher version.
    virtual StoreResult<void> record_cache_repairs(std::span<const CacheRepair> repairs) = 0;
};

// One entry of an account's history: the transfer and its position in commit-time order.
struct SequencedTransfer {
    std::int64_t sequence;
    Transfer transfer;
};

enum class TransactionEnd { commit, roll_back };

// The work may be run more than once (a deadlock or lock timeout restarts it from scratch),
// so it must derive everything it writes from what it reads in that run.
using TransactionWork = std::function<StoreResult<TransactionEnd>(LedgerTransaction&)>;

// Implementations are safe to call from many threads at once.
class LedgerStore {
public:
    virtual ~LedgerStore() = default;
    // Fails with Kind::duplicate when the account already exists.
    virtual StoreResult<void> insert_account(const Account& account) = 0;
    virtual StoreResult<std::optional<Account>> find_account(AccountId id) = 0;
    virtual StoreResult<std::optional<Transfer>> find_transfer(const TransferId& id) = 0;
    // Whether the transfer is committed, after waiting for any transaction still writing it:
    // this is how an unknown COMMIT outcome is resolved, never by guessing.
    virtual StoreResult<bool> transfer_committed(const TransferId& id) = 0;
    virtual StoreResult<void> transact(const TransactionWork& work) = 0;
    // The transfers from or to `account`, newest first, with sequence below `before` (all when
    // absent), at most `limit` of them.
    virtual StoreResult<std::vector<SequencedTransfer>> list_transfers(AccountId account,
                                                                       std::optional<std::int64_t> before,
                                                                       std::size_t limit) = 0;
    // Deletes at most `limit` idempotency records created before `cutoff`; answers how many.
    virtual StoreResult<std::size_t> purge_idempotency_records(Timestamp cutoff, std::size_t limit) = 0;
    // At most `limit` recorded cache repairs, in account order.
    virtual StoreResult<std::vector<CacheRepair>> cache_repairs(std::size_t limit) = 0;
    // Deletes the repairs done: an account's record goes only if its version is not above the
    // one given (a batch may have recorded a newer one meanwhile).
    virtual StoreResult<void> forget_cache_repairs(std::span<const CacheRepair> done) = 0;
    // Cheap round trip that proves the store can serve requests.
    virtual StoreResult<void> ping() = 0;
};

}  // namespace transfers
