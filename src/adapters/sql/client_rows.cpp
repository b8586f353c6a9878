#include "adapters/sql/client_rows.hpp"

namespace transfers::sql {
namespace {

SqlParam optional_text(const std::optional<std::string>& text) {
    return text ? SqlParam{*text} : SqlParam{std::monostate{}};
}

}  // namespace

std::optional<ClientRecord> client_record_from_row(const SqlRow& row) {
    if (row.size() != 7 || !row[0] || !row[1] || !row[2] || !row[5]) return std::nullopt;
    auto scopes = ScopeSet::parse(*row[2], "scopes");
    auto created_at = parse_sql_datetime(*row[5]);
    if (!scopes || !created_at) return std::nullopt;
    ClientRecord record{Client{*row[0], *scopes, std::nullopt, row[4], *created_at, std::nullopt}, *row[1]};
    if (row[3]) {
        auto ranges = AccountRanges::parse(*row[3], "debit_accounts");
        if (!ranges) return std::nullopt;
        record.client.debit_accounts = std::move(*ranges);
    }
    if (row[6]) {
        record.client.revoked_at = parse_sql_datetime(*row[6]);
        if (!record.client.revoked_at) return std::nullopt;
    }
    return record;
}

std::vector<SqlParam> client_record_params(const ClientRecord& record) {
    const Client& client = record.client;
    return {client.name,
            record.token_digest,
            client.scopes.format(),
            client.debit_accounts ? SqlParam{client.debit_accounts->format()} : SqlParam{std::monostate{}},
            optional_text(client.certificate_subject),
            format_sql_datetime(client.created_at),
            client.revoked_at ? SqlParam{format_sql_datetime(*client.revoked_at)} : SqlParam{std::monostate{}}};
}

}  // namespace transfers::sql
