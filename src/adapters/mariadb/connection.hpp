// Connection: one MariaDB session with our settings applied and its prepared statements cached.
#pragma once

#include <mysql.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "adapters/mariadb/connection_settings.hpp"
#include "adapters/mariadb/db_error.hpp"
#include "adapters/mariadb/statement.hpp"
#include "domain/result.hpp"

namespace transfers::mariadb {

// Used by one thread at a time: the one that leased it from the pool.
class Connection {
public:
    // Every connect, read and write of the session is bounded by `timeout_db` (rounded up to
    // whole seconds, the library's unit).
    static Result<std::unique_ptr<Connection>, DbError> open(const ConnectionSettings& settings,
                                                             std::chrono::milliseconds timeout_db);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // The prepared statement for `sql`, prepared on first use and kept for the session.
    Result<Statement*, DbError> prepared(const std::string& sql);
    // Runs SQL text without parameters: transaction control, session settings, DDL.
    Result<void, DbError> run(std::string_view sql);
    Result<void, DbError> ping();

    DbError last_error() const;
    // The session's socket, for CallDeadlines.
    int socket() const;

private:
    explicit Connection(MYSQL* handle) : handle_(handle) {}

    MYSQL* handle_;
    std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

}  // namespace transfers::mariadb
