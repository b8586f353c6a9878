#include "adapters/sqlite/sqlite_connection.hpp"

namespace transfers::sqlite {
namespace {

// WAL lets readers run beside the writer; synchronous=FULL syncs the log at every commit, so a
// 201 survives a power cut; foreign keys are off by default in SQLite and must be asked for.
constexpr std::string_view connection_setup[] = {
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
};

}  // namespace

Result<std::unique_ptr<SqliteConnection>, SqliteError> SqliteConnection::open(const std::string& path,
                                                                              std::chrono::milliseconds timeout_db) {
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    const int code = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db));
    if (code != SQLITE_OK) {
        return fail(SqliteError{code, db ? sqlite3_errmsg(db) : "out of memory"});
    }
    sqlite3_extended_result_codes(db, 1);
    // The wait for a lock that another process holds on the file (inside one process the store
    // serializes writers itself) ends at the call's deadline, as every database wait does.
    if (const int busy = sqlite3_busy_timeout(db, static_cast<int>(timeout_db.count())); busy != SQLITE_OK) {
        return fail(SqliteError{busy, sqlite3_errstr(busy)});
    }
    for (std::string_view pragma : connection_setup) {
        if (auto done = connection->run(pragma); !done) return fail(done.error());
    }
    return connection;
}

SqliteConnection::~SqliteConnection() {
    statements_.clear();  // statements must be finalized before their connection closes
    sqlite3_close_v2(db_);
}

Result<SqliteStatement*, SqliteError> SqliteConnection::prepared(const std::string& sql) {
    if (auto found = statements_.find(sql); found != statements_.end()) return found->second.get();
    auto statement = SqliteStatement::prepare(db_, sql);
    if (!statement) return fail(statement.error());
    auto owned = std::make_unique<SqliteStatement>(std::move(*statement));
    SqliteStatement* raw = owned.get();
    statements_.emplace(sql, std::move(owned));
    return raw;
}

Result<void, SqliteError> SqliteConnection::run(std::string_view sql) {
    char* message = nullptr;
    const std::string text(sql);
    const int code = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (code == SQLITE_OK) return {};
    SqliteError error{sqlite3_extended_errcode(db_), message ? message : sqlite3_errstr(code)};
    sqlite3_free(message);
    return fail(std::move(error));
}

}  // namespace transfers::sqlite
