#include "adapters/mariadb/connection.hpp"

#include <errmsg.h>

namespace transfers::mariadb {
namespace {

// Strict mode turns an out-of-range DECIMAL into an error instead of a clipped value; UTC
// keeps DATETIME(6) values meaning what we wrote; the isolation level is the server default,
// stated here so that no server setting can lower it; lock waits end well before a client's
// patience does, and the transaction is then retried.
constexpr std::string_view session_setup[] = {
    "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'",
    "SET SESSION time_zone = '+00:00'",
    "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ",
    "SET SESSION innodb_lock_wait_timeout = 10",
};

DbError error_of(MYSQL* handle) { return DbError{mysql_errno(handle), mysql_error(handle)}; }

// The library counts its timeouts in whole seconds: the call's deadline, rounded up. They bound
// each connect, read and write (measured: a read on a stopped server fails after one timeout;
// Connector/C does not retry it as libmysqlclient does); CallDeadlines ends a whole call sooner.
unsigned whole_seconds(std::chrono::milliseconds timeout) {
    return static_cast<unsigned>((timeout.count() + 999) / 1000);
}

void set_options(MYSQL* handle, std::chrono::milliseconds timeout_db) {
    const my_bool reconnect = 0;  // a silent reconnect would lose the open transaction
    const unsigned timeout_s = whole_seconds(timeout_db);
    mysql_optionsv(handle, MYSQL_OPT_CONNECT_TIMEOUT, &timeout_s);
    mysql_optionsv(handle, MYSQL_OPT_READ_TIMEOUT, &timeout_s);
    mysql_optionsv(handle, MYSQL_OPT_WRITE_TIMEOUT, &timeout_s);
    mysql_optionsv(handle, MYSQL_OPT_RECONNECT, &reconnect);
    mysql_optionsv(handle, MYSQL_SET_CHARSET_NAME, "utf8mb4");
}

}  // namespace

Result<std::unique_ptr<Connection>, DbError> Connection::open(const ConnectionSettings& settings,
                                                             std::chrono::milliseconds timeout_db) {
    MYSQL* handle = mysql_init(nullptr);
    if (handle == nullptr) return fail(DbError{CR_MIN_ERROR, "mysql_init: out of memory"});
    std::unique_ptr<Connection> connection(new Connection(handle));
    set_options(handle, timeout_db);
    if (mysql_real_connect(handle, settings.host.c_str(), settings.user.c_str(),
                           settings.password.c_str(), settings.database.c_str(), settings.port,
                           nullptr, 0) == nullptr) {
        return fail(error_of(handle));
    }
    for (std::string_view sql : session_setup) {
        if (auto done = connection->run(sql); !done) return fail(done.error());
    }
    return connection;
}

Connection::~Connection() {
    statements_.clear();  // statements must be closed before their connection
    mysql_close(handle_);
}

int Connection::socket() const { return static_cast<int>(mysql_get_socket(handle_)); }

DbError Connection::last_error() const { return error_of(handle_); }

Result<Statement*, DbError> Connection::prepared(const std::string& sql) {
    if (auto found = statements_.find(sql); found != statements_.end()) return found->second.get();
    auto statement = Statement::prepare(handle_, sql);
    if (!statement) return fail(statement.error());
    auto owned = std::make_unique<Statement>(std::move(*statement));
    Statement* raw = owned.get();
    statements_.emplace(sql, std::move(owned));
    return raw;
}

Result<void, DbError> Connection::run(std::string_view sql) {
    if (mysql_real_query(handle_, sql.data(), sql.size()) != 0) return fail(error_of(handle_));
    // Statements run here return no rows, but a result must still be consumed if one comes.
    if (MYSQL_RES* result = mysql_store_result(handle_)) mysql_free_result(result);
    return {};
}

Result<void, DbError> Connection::ping() {
    if (mysql_ping(handle_) != 0) return fail(error_of(handle_));
    return {};
}

}  // namespace transfers::mariadb
