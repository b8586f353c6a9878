#include "adapters/mariadb/ledger_queries.hpp"

#include <algorithm>
#include <cassert>

#include "adapters/sql/repeated_list.hpp"

namespace transfers::mariadb::queries {
std::string lock_accounts(std::size_t count) {
    assert(count > 0);
    return "SELECT id, balance, version FROM accounts WHERE id IN (" + sql::repeated_list("?", count) +
           ") ORDER BY id FOR UPDATE";
}

std::size_t balance_update_group(std::size_t count) {
    assert(count > 0);
    std::size_t group = 1;
    while (group * group < count) ++group;
    return group;
}

std::string add_to_balances(std::size_t count) {
    assert(count > 0);
    const std::size_t group = balance_update_group(count);
    std::string text = "UPDATE accounts SET balance = balance + CASE";
    for (std::size_t first = 0; first < count; first += group) {
        text += " WHEN id <= ? THEN CASE id";
        for (std::size_t i = first; i < std::min(count, first + group); ++i) {
            text += " WHEN ? THEN CAST(? AS DECIMAL(38,18))";
        }
        text += " END";
    }
    return text + " END, version = version + 1 WHERE id IN (" + sql::repeated_list("?", count) + ")";
}

std::string lock_idempotency_records(std::size_t count) {
    assert(count > 0);
    return "SELECT scope, idem_key, fingerprint, transfer_id, error_code, error_detail, created_at "
           "FROM idempotency_keys WHERE scope = ? AND idem_key IN (" + sql::repeated_list("?", count) +
           ") ORDER BY idem_key FOR UPDATE";
}

}  // namespace transfers::mariadb::queries
