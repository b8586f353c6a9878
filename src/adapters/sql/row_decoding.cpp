#include "adapters/sql/row_decoding.hpp"

#include <charconv>
#include <string>

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

std::optional<CacheRepair> cache_repair_from_row(const SqlRow& row) {
    auto account = account_id_at(row, 0);
    auto version = integer_at(row, 1);
    if (!account || !version) return std::nullopt;
    return CacheRepair{*account, *version};
}

void append_cache_repair_params(const CacheRepair& repair, std::vector<SqlParam>& params) {
    params.emplace_back(repair.account.value);
    params.emplace_back(repair.version);
}

std::optional<Transfer> transfer_from_row(const SqlRow& row) {
    auto source = account_id_at(row, 1);
    auto target = account_id_at(row, 2);
    auto amount = money_at(row, 3);
    auto created_at = row.size() > 4 && row[4] ? parse_sql_datetime(*row[4]) : std::nullopt;
    if (!row.at(0) || !source || !target || !amount || !created_at || row.size() < 6 || !row[5]) return std::nullopt;
    return Transfer{TransferId{*row[0]}, *source, *target, *amount, *created_at, *row[5]};
}

std::optional<IdempotencyRecord> idempotency_record_from_row(const SqlRow& row) {
    if (row.size() != 7 || !row[0] || !row[1] || !row[2] || !row[6]) return std::nullopt;
    auto created_at = parse_sql_datetime(*row[6]);
    if (!created_at) return std::nullopt;
    IdempotencyRecord record{IdempotencyKey{*row[0], *row[1]}, *row[2], std::nullopt, std::nullopt, *created_at};
    if (row[3]) record.transfer = TransferId{*row[3]};
    if (row[4]) {
        auto code = code_from_name(*row[4]);
        if (!code) return std::nullopt;
        record.refusal = Error{*code, row[5].value_or("")};
    }
    return record;
}

std::optional<SequencedTransfer> sequenced_transfer_from_row(const SqlRow& row) {
    auto sequence = integer_at(row, 0);
    auto transfer = transfer_from_row(SqlRow(row.begin() + 1, row.end()));
    if (!sequence || !transfer) return std::nullopt;
    return SequencedTransfer{*sequence, std::move(*transfer)};
}

void append_transfer_params(const Transfer& transfer, std::vector<SqlParam>& params) {
    params.emplace_back(transfer.id.value);
    params.emplace_back(transfer.source.value);
    params.emplace_back(transfer.target.value);
    params.emplace_back(transfer.amount.to_string());
    params.emplace_back(format_sql_datetime(transfer.created_at));
    params.emplace_back(transfer.created_by);
}

void append_idempotency_params(const IdempotencyRecord& record, std::vector<SqlParam>& params) {
    params.emplace_back(record.key.scope);
    params.emplace_back(record.key.key);
    params.emplace_back(record.fingerprint);
    params.emplace_back(record.transfer ? SqlParam{record.transfer->value} : SqlParam{std::monostate{}});
    params.emplace_back(record.refusal ? SqlParam{std::string(code_name(record.refusal->code))}
                                       : SqlParam{std::monostate{}});
    params.emplace_back(record.refusal ? SqlParam{record.refusal->detail} : SqlParam{std::monostate{}});
    params.emplace_back(format_sql_datetime(record.created_at));
}

}  // namespace transfers::sql
