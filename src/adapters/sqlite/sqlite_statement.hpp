// SqliteStatement: one prepared SQLite statement, reset after every use, results as text.
#pragma once

#include <sqlite3.h>

#include <span>
#include <string>
#include <vector>

#include "adapters/sql/sql_values.hpp"
#include "domain/result.hpp"

namespace transfers::sqlite {

using sql::SqlParam;
using sql::SqlRow;

struct SqliteError {
    int code = SQLITE_ERROR;  // the extended result code
    std::string message;
    bool constraint_violation() const { return (code & 0xff) == SQLITE_CONSTRAINT; }
    bool unique_violation() const {
        return code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_UNIQUE;
    }
};

// Owned by one SqliteConnection and used only by the thread holding that connection.
class SqliteStatement {
public:
    static Result<SqliteStatement, SqliteError> prepare(sqlite3* db, const std::string& sql);
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement& operator=(SqliteStatement&&) = delete;
    ~SqliteStatement();

    // Runs a statement without results; answers the number of rows it changed.
    Result<int, SqliteError> execute(std::span<const SqlParam> params);
    Result<std::vector<SqlRow>, SqliteError> query(std::span<const SqlParam> params);

private:
    SqliteStatement(sqlite3* db, sqlite3_stmt* handle) : db_(db), handle_(handle) {}
    Result<void, SqliteError> bind(std::span<const SqlParam> params);
    SqliteError last_error() const;

    sqlite3* db_;
    sqlite3_stmt* handle_;
};

}  // namespace transfers::sqlite
