// The ClientStore half of SqliteLedgerStore: the clients table (migrations/sqlite/0004_clients.sql).
#include "adapters/sql/client_rows.hpp"
#include "adapters/sql/row_decoding.hpp"
#include "adapters/sqlite/sqlite_ledger_store.hpp"
#include "adapters/sqlite/sqlite_store_failures.hpp"

namespace transfers::sqlite {
Result<void, StoreFailure> SqliteLedgerStore::insert_client(const ClientRecord& record) {
    const auto lock = lock_writer();
    if (!lock) return fail(writer_busy());
    auto statement = writer_->prepared(sql::client_queries::insert);
    if (!statement) return fail(unavailable(statement.error()));
    const std::vector<SqlParam> params = sql::client_record_params(record);
    auto inserted = (*statement)->execute(params);
    if (inserted) return {};
    if (inserted.error().unique_violation()) return fail(StoreFailure{StoreFailure::Kind::duplicate, inserted.error().message});
    return fail(unavailable(inserted.error()));
}

Result<std::vector<ClientRecord>, StoreFailure> SqliteLedgerStore::list_clients() {
    auto rows = read(sql::client_queries::list, {});
    if (!rows) return fail(unavailable(rows.error()));
    return sql::decode_all<ClientRecord>(*rows, sql::client_record_from_row, "client");
}

Result<bool, StoreFailure> SqliteLedgerStore::revoke_client(const std::string& name, Timestamp at) {
    const auto lock = lock_writer();
    if (!lock) return fail(writer_busy());
    auto revoke = writer_->prepared(sql::client_queries::revoke);
    if (!revoke) return fail(unavailable(revoke.error()));
    const SqlParam revoke_params[] = {format_sql_datetime(at), name};
    auto changed = (*revoke)->execute(revoke_params);
    if (!changed) return fail(unavailable(changed.error()));
    if (*changed > 0) return true;
    auto exists = writer_->prepared(sql::client_queries::exists);  // revoked before, or never there
    if (!exists) return fail(unavailable(exists.error()));
    const SqlParam find_params[] = {name};
    auto rows = (*exists)->query(find_params);
    if (!rows) return fail(unavailable(rows.error()));
    return !rows->empty();
}

}  // namespace transfers::sqlite
