#include "adapters/mariadb/ledger_queries.hpp"

#include <cassert>

namespace transfers::mariadb::queries {
namespace {

std::string repeated(std::string_view item, std::size_t count) {
    std::string text;
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0) text += ", ";
        text += item;
    }
    return text;
}

}  // namespace

std::string lock_accounts(std::size_t count) {
    assert(count > 0);
    return "SELECT id, balance, version FROM accounts WHERE id IN (" + repeated("?", count) +
           ") ORDER BY id FOR UPDATE";
}

std::string insert_transfers(std::size_t count) {
    assert(count > 0);
    return "INSERT INTO transfers (id, source_account_id, destination_account_id, amount, created_at) "
           "VALUES " +
           repeated("(?, ?, ?, CAST(? AS DECIMAL(38,18)), ?)", count);
}

}  // namespace transfers::mariadb::queries
