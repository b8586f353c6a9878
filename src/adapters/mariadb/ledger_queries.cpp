#include "adapters/mariadb/ledger_queries.hpp"

#include <cassert>

#include "adapters/sql/repeated_list.hpp"

namespace transfers::mariadb::queries {
std::string lock_accounts(std::size_t count) {
    assert(count > 0);
    return "SELECT id, balance, version FROM accounts WHERE id IN (" + sql::repeated_list("?", count) +
           ") ORDER BY id FOR UPDATE";
}

std::string add_to_balances(std::size_t count) {
    assert(count > 0);
    std::string arms;
    for (std::size_t i = 0; i < count; ++i) arms += " WHEN ? THEN CAST(? AS DECIMAL(38,18))";
    return "UPDATE accounts SET balance = balance + CASE id" + arms +
           " END, version = version + 1 WHERE id IN (" + sql::repeated_list("?", count) + ")";
}

std::string lock_idempotency_records(std::size_t count) {
    assert(count > 0);
    return "SELECT scope, idem_key, fingerprint, transfer_id, error_code, error_detail, created_at "
           "FROM idempotency_keys WHERE scope = ? AND idem_key IN (" + sql::repeated_list("?", count) +
           ") ORDER BY idem_key FOR UPDATE";
}

}  // namespace transfers::mariadb::queries
