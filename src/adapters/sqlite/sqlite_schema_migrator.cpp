#include "adapters/sqlite/sqlite_schema_migrator.hpp"

#include <charconv>

#include "adapters/sql/migration.hpp"

namespace transfers::sqlite {
namespace {

constexpr std::string_view create_history =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))) STRICT";
const std::string newest_version = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
const std::string record_version = "INSERT INTO schema_migrations (version, name) VALUES (?, ?)";

std::string describe(const SqliteError& error) { return "schema migration failed: " + error.message; }

Result<int, std::string> applied_version(SqliteConnection& connection) {
    auto statement = connection.prepared(newest_version);
    if (!statement) return fail(describe(statement.error()));
    auto rows = (*statement)->query({});
    if (!rows) return fail(describe(rows.error()));
    int version = 0;
    const std::string& text = rows->at(0).at(0).value();
    std::from_chars(text.data(), text.data() + text.size(), version);
    return version;
}

Result<void, std::string> apply_statements(SqliteConnection& connection, const Migration& migration) {
    for (std::string_view statement : split_statements(migration.sql)) {
        if (auto done = connection.run(statement); !done) return fail(describe(done.error()));
    }
    auto record = connection.prepared(record_version);
    if (!record) return fail(describe(record.error()));
    const SqlParam params[] = {std::int64_t{migration.version}, std::string(migration.name)};
    if (auto done = (*record)->execute(params); !done) return fail(describe(done.error()));
    return {};
}

// Reads the version inside the write transaction, so two processes cannot both apply it.
Result<void, std::string> apply_if_newer(SqliteConnection& connection, const Migration& migration) {
    if (auto begun = connection.run("BEGIN IMMEDIATE"); !begun) return fail(describe(begun.error()));
    auto version = applied_version(connection);
    auto applied = !version ? Result<void, std::string>(fail(version.error()))
                  : migration.version <= *version ? Result<void, std::string>()
                                                  : apply_statements(connection, migration);
    if (!applied) {
        if (auto rolled = connection.run("ROLLBACK"); !rolled) return fail(applied.error() + "; " + describe(rolled.error()));
        return applied;
    }
    if (auto committed = connection.run("COMMIT"); !committed) return fail(describe(committed.error()));
    return {};
}

}  // namespace

Result<void, std::string> migrate(SqliteConnection& connection) {
    if (auto done = connection.run(create_history); !done) return fail(describe(done.error()));
    for (const Migration& migration : sqlite_migrations()) {
        if (auto done = apply_if_newer(connection, migration); !done) return done;
    }
    return {};
}

}  // namespace transfers::sqlite
