#include "adapters/mariadb/schema_migrator.hpp"

#include <charconv>

#include "adapters/sql/migration.hpp"

namespace transfers::mariadb {
namespace {

constexpr std::string_view create_history =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INT NOT NULL PRIMARY KEY,"
    " name VARCHAR(200) NOT NULL,"
    " applied_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB";
const std::string take_lock = "SELECT GET_LOCK('transfers.schema_migrations', ?)";
const std::string free_lock = "SELECT RELEASE_LOCK('transfers.schema_migrations')";
const std::string newest_version = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
const std::string record_version = "INSERT INTO schema_migrations (version, name) VALUES (?, ?)";
constexpr std::int64_t timeout_lock_s = 60;

std::string describe(const DbError& error) {
    return "schema migration failed: " + error.message + " (error " + std::to_string(error.code) + ")";
}

Result<int, std::string> applied_version(Connection& connection) {
    auto statement = connection.prepared(newest_version);
    if (!statement) return fail(describe(statement.error()));
    auto rows = (*statement)->query({});
    if (!rows) return fail(describe(rows.error()));
    int version = 0;
    const std::string& text = *rows->at(0).at(0);
    std::from_chars(text.data(), text.data() + text.size(), version);
    return version;
}

Result<void, std::string> apply(Connection& connection, const Migration& migration) {
    for (std::string_view statement : split_statements(migration.sql)) {
        if (auto done = connection.run(statement); !done) return fail(describe(done.error()));
    }
    auto record = connection.prepared(record_version);
    if (!record) return fail(describe(record.error()));
    const SqlParam params[] = {std::int64_t{migration.version}, std::string(migration.name)};
    if (auto done = (*record)->execute(params); !done) return fail(describe(done.error()));
    return {};
}

Result<void, std::string> migrate_locked(Connection& connection) {
    if (auto done = connection.run(create_history); !done) return fail(describe(done.error()));
    auto version = applied_version(connection);
    if (!version) return fail(version.error());
    for (const Migration& migration : mariadb_migrations()) {
        if (migration.version <= *version) continue;
        if (auto done = apply(connection, migration); !done) return done;
    }
    return {};
}

}  // namespace

Result<void, std::string> migrate(Connection& connection) {
    auto lock = connection.prepared(take_lock);
    if (!lock) return fail(describe(lock.error()));
    const SqlParam timeout[] = {timeout_lock_s};
    auto locked = (*lock)->query(timeout);
    if (!locked) return fail(describe(locked.error()));
    if (locked->at(0).at(0) != "1") return fail(std::string("schema migration lock not obtained in time"));
    auto migrated = migrate_locked(connection);
    auto release = connection.prepared(free_lock);
    if (release) (void)(*release)->query({});  // the lock also ends with the session
    return migrated;
}

}  // namespace transfers::mariadb
