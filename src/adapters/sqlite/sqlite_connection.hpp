// SqliteConnection: one SQLite handle on the ledger file, with our pragmas and cached statements.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "adapters/sqlite/sqlite_statement.hpp"

namespace transfers::sqlite {

// Used by one thread at a time: the store hands it out under a mutex.
class SqliteConnection {
public:
    // A lock held by another process on the file is waited for at most `timeout_db`.
    static Result<std::unique_ptr<SqliteConnection>, SqliteError> open(const std::string& path,
                                                                       std::chrono::milliseconds timeout_db);
    ~SqliteConnection();
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    Result<SqliteStatement*, SqliteError> prepared(const std::string& sql);
    // Runs SQL text without parameters: transaction control, pragmas, DDL.
    Result<void, SqliteError> run(std::string_view sql);

private:
    explicit SqliteConnection(sqlite3* db) : db_(db) {}

    sqlite3* db_;
    std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> statements_;
};

}  // namespace transfers::sqlite
