#include "adapters/sql/row_decoding.hpp"

#include <charconv>

namespace transfers::sql {
namespace {

std::optional<std::int64_t> integer_at(const SqlRow& row, std::size_t column) {
    if (column >= row.size() || !row[column]) return std::nullopt;
    const std::string& text = *row[column];
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<Money> money_at(const SqlRow& row, std::size_t column) {
    if (column >= row.size() || !row[column]) return std::nullopt;
    auto money = Money::parse(*row[column]);
    if (!money) return std::nullopt;
    return *money;
}

std::optional<AccountId> account_id_at(const SqlRow& row, std::size_t column) {
    auto raw = integer_at(row, column);
    return raw ? AccountId::from(*raw) : std::nullopt;
}

}  // namespace

std::optional<Account> account_from_row(const SqlRow& row) {
    auto id = account_id_at(row, 0);
    auto balance = money_at(row, 1);
    auto version = integer_at(row, 2);
    if (!id || !balance || !version) return std::nullopt;
    return Account{*id, *balance, *version};
}

std::optional<Transfer> transfer_from_row(const SqlRow& row) {
    auto source = account_id_at(row, 1);
    auto target = account_id_at(row, 2);
    auto amount = money_at(row, 3);
    auto created_at = row.size() > 4 && row[4] ? parse_sql_datetime(*row[4]) : std::nullopt;
    if (!row.at(0) || !source || !target || !amount || !created_at) return std::nullopt;
    return Transfer{TransferId{*row[0]}, *source, *target, *amount, *created_at};
}

}  // namespace transfers::sql
