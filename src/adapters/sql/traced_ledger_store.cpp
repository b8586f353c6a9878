#include "adapters/sql/traced_ledger_store.hpp"

#include "adapters/otel/semantic_conventions.hpp"
#include "ports/trace_scope.hpp"

namespace transfers::sql {

namespace semconv = otel::semconv;

template <typename Call>
auto TracedLedgerStore::traced(std::string_view operation, std::string_view table, Call call) {
    const std::string name = table.empty() ? std::string(operation) : std::string(operation) + " " + std::string(table);
    auto span = tracer_.start_span(name, SpanKind::client, current_trace_context());
    span->set_attribute(semconv::db_system_name, system_);
    span->set_attribute(semconv::db_namespace, database_);
    span->set_attribute(semconv::db_operation_name, operation);
    auto result = call();
    if (!result) {
        span->set_attribute(semconv::error_type, result.error().kind == StoreFailure::Kind::duplicate ? "duplicate" : "unavailable");
        if (result.error().kind != StoreFailure::Kind::duplicate) span->set_error(result.error().message);
    }
    span->end();
    return result;
}

StoreResult<void> TracedLedgerStore::insert_account(const Account& account) {
    return traced("INSERT", "accounts", [&] { return inner_.insert_account(account); });
}

StoreResult<std::optional<Account>> TracedLedgerStore::find_account(AccountId id) {
    return traced("SELECT", "accounts", [&] { return inner_.find_account(id); });
}

StoreResult<std::optional<Transfer>> TracedLedgerStore::find_transfer(const TransferId& id) {
    return traced("SELECT", "transfers", [&] { return inner_.find_transfer(id); });
}

StoreResult<bool> TracedLedgerStore::transfer_committed(const TransferId& id) {
    return traced("SELECT", "transfers", [&] { return inner_.transfer_committed(id); });
}

StoreResult<void> TracedLedgerStore::transact(const TransactionWork& work) {
    return traced("TRANSACTION", "", [&] { return inner_.transact(work); });
}

StoreResult<std::vector<SequencedTransfer>> TracedLedgerStore::list_transfers(AccountId account,
                                                                              std::optional<std::int64_t> before,
                                                                              std::size_t limit) {
    return traced("SELECT", "transfers", [&] { return inner_.list_transfers(account, before, limit); });
}

StoreResult<std::size_t> TracedLedgerStore::purge_idempotency_records(Timestamp cutoff, std::size_t limit) {
    return traced("DELETE", "idempotency_keys", [&] { return inner_.purge_idempotency_records(cutoff, limit); });
}

StoreResult<std::vector<CacheRepair>> TracedLedgerStore::cache_repairs(std::size_t limit) {
    return traced("SELECT", "cache_repairs", [&] { return inner_.cache_repairs(limit); });
}

StoreResult<void> TracedLedgerStore::forget_cache_repairs(std::span<const CacheRepair> done) {
    return traced("DELETE", "cache_repairs", [&] { return inner_.forget_cache_repairs(done); });
}

// Health probes run every few seconds: a span each would drown the traces that matter.
StoreResult<void> TracedLedgerStore::ping() { return inner_.ping(); }

}  // namespace transfers::sql
