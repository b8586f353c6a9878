// Client rows: the clients table's statements (the same text in both SQL dialects) and the
// conversion of its rows to and from ClientRecord.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "adapters/sql/sql_values.hpp"
#include "domain/client.hpp"

namespace transfers::sql {

namespace client_queries {
inline const std::string insert =
    "INSERT INTO clients (name, token_digest, scopes, debit_accounts, certificate_subject, created_at, revoked_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
inline const std::string list =
    "SELECT name, token_digest, scopes, debit_accounts, certificate_subject, created_at, revoked_at "
    "FROM clients ORDER BY name";
// A revoked client keeps its first revocation time.
inline const std::string revoke = "UPDATE clients SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL";
inline const std::string exists = "SELECT 1 FROM clients WHERE name = ?";
}  // namespace client_queries

// Columns as client_queries::list reads them; nullopt when a value is not what the schema allows.
std::optional<ClientRecord> client_record_from_row(const SqlRow& row);
// The parameters of client_queries::insert.
std::vector<SqlParam> client_record_params(const ClientRecord& record);

}  // namespace transfers::sql
