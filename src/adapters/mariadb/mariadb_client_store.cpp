// The ClientStore half of MariaDbLedgerStore: the clients table (migrations/mariadb/0004_clients.sql).
#include "adapters/mariadb/mariadb_ledger_store.hpp"
#include "adapters/mariadb/store_failures.hpp"
#include "adapters/sql/client_rows.hpp"
#include "adapters/sql/row_decoding.hpp"

namespace transfers::mariadb {
Result<std::uint64_t, DbError> MariaDbLedgerStore::execute(const std::string& sql, std::span<const SqlParam> params) {
    auto lease = pool_.acquire(call_deadline());
    if (!lease) return fail(lease.error());
    auto statement = (*lease)->prepared(sql);
    auto changed = statement ? (*statement)->execute(params) : Result<std::uint64_t, DbError>(fail(statement.error()));
    if (!changed && changed.error().connection_broken()) lease->discard();
    return changed;
}

Result<void, StoreFailure> MariaDbLedgerStore::insert_client(const ClientRecord& record) {
    const std::vector<SqlParam> params = sql::client_record_params(record);
    auto inserted = execute(sql::client_queries::insert, params);
    if (inserted) return {};
    if (inserted.error().duplicate_key()) return fail(StoreFailure{StoreFailure::Kind::duplicate, inserted.error().message});
    return fail(unavailable(inserted.error()));
}

Result<std::vector<ClientRecord>, StoreFailure> MariaDbLedgerStore::list_clients() {
    auto rows = query(sql::client_queries::list, {});
    if (!rows) return fail(unavailable(rows.error()));
    return sql::decode_all<ClientRecord>(*rows, sql::client_record_from_row, "client");
}

Result<bool, StoreFailure> MariaDbLedgerStore::revoke_client(const std::string& name, Timestamp at) {
    const SqlParam revoke_params[] = {format_sql_datetime(at), name};
    auto changed = execute(sql::client_queries::revoke, revoke_params);
    if (!changed) return fail(unavailable(changed.error()));
    if (*changed > 0) return true;
    const SqlParam find_params[] = {name};
    auto rows = query(sql::client_queries::exists, find_params);  // revoked before, or never there
    if (!rows) return fail(unavailable(rows.error()));
    return !rows->empty();
}

}  // namespace transfers::mariadb
