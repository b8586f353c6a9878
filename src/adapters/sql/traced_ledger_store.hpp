// TracedLedgerStore: any LedgerStore with a client span around each call (OpenTelemetry database
// conventions), so every store reads the same in a trace whatever the database behind it.
#pragma once

#include <string>

#include "ports/ledger_store.hpp"
#include "ports/tracer.hpp"

namespace transfers::sql {

// Thread-safe as the store it wraps; spans are children of the calling thread's trace context.
class TracedLedgerStore final : public LedgerStore {
public:
    TracedLedgerStore(LedgerStore& inner, Tracer& tracer, std::string system, std::string database)
        : inner_(inner), tracer_(tracer), system_(std::move(system)), database_(std::move(database)) {}

    StoreResult<void> insert_account(const Account& account) override;
    StoreResult<std::optional<Account>> find_account(AccountId id) override;
    StoreResult<std::optional<Transfer>> find_transfer(const TransferId& id) override;
    StoreResult<bool> transfer_committed(const TransferId& id) override;
    StoreResult<void> transact(const TransactionWork& work) override;
    StoreResult<std::vector<SequencedTransfer>> list_transfers(AccountId account, std::optional<std::int64_t> before,
                                                               std::size_t limit) override;
    StoreResult<std::size_t> purge_idempotency_records(Timestamp cutoff, std::size_t limit) override;
    StoreResult<std::vector<CacheRepair>> cache_repairs(std::size_t limit) override;
    StoreResult<void> forget_cache_repairs(std::span<const CacheRepair> done) override;
    StoreResult<void> ping() override;

private:
    // Runs `call` inside a span named "{operation} {table}", marking the span failed if it fails.
    template <typename Call>
    auto traced(std::string_view operation, std::string_view table, Call call);

    LedgerStore& inner_;
    Tracer& tracer_;
    const std::string system_;
    const std::string database_;
};

}  // namespace transfers::sql
