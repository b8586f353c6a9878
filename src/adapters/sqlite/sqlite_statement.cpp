#include "adapters/sqlite/sqlite_statement.hpp"

#include <utility>

namespace transfers::sqlite {
namespace {

// Resets the statement whichever way its use ends, so it never holds a read snapshot open.
struct ResetOnExit {
    sqlite3_stmt* handle;
    ~ResetOnExit() {
        sqlite3_reset(handle);
        sqlite3_clear_bindings(handle);
    }
};

}  // namespace

Result<SqliteStatement, SqliteError> SqliteStatement::prepare(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* handle = nullptr;
    const int code = sqlite3_prepare_v3(db, sql.c_str(), static_cast<int>(sql.size() + 1),
                                        SQLITE_PREPARE_PERSISTENT, &handle, nullptr);
    if (code != SQLITE_OK) return fail(SqliteError{sqlite3_extended_errcode(db), sqlite3_errmsg(db)});
    return SqliteStatement(db, handle);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), handle_(std::exchange(other.handle_, nullptr)) {}

SqliteStatement::~SqliteStatement() {
    if (handle_ != nullptr) sqlite3_finalize(handle_);
}

SqliteError SqliteStatement::last_error() const {
    return SqliteError{sqlite3_extended_errcode(db_), sqlite3_errmsg(db_)};
}

Result<void, SqliteError> SqliteStatement::bind(std::span<const SqlParam> params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int index = static_cast<int>(i + 1);
        int code;
        if (std::holds_alternative<std::monostate>(params[i])) {
            code = sqlite3_bind_null(handle_, index);
        } else if (const auto* integer = std::get_if<std::int64_t>(&params[i])) {
            code = sqlite3_bind_int64(handle_, index, *integer);
        } else {
            const std::string& text = std::get<std::string>(params[i]);
            code = sqlite3_bind_text(handle_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
        }
        if (code != SQLITE_OK) return fail(last_error());
    }
    return {};
}

Result<int, SqliteError> SqliteStatement::execute(std::span<const SqlParam> params) {
    ResetOnExit reset{handle_};
    if (auto bound = bind(params); !bound) return fail(bound.error());
    int code;
    while ((code = sqlite3_step(handle_)) == SQLITE_ROW) {
    }
    if (code != SQLITE_DONE) return fail(last_error());
    return sqlite3_changes(db_);
}

Result<std::vector<SqlRow>, SqliteError> SqliteStatement::query(std::span<const SqlParam> params) {
    ResetOnExit reset{handle_};
    if (auto bound = bind(params); !bound) return fail(bound.error());
    std::vector<SqlRow> rows;
    int code;
    while ((code = sqlite3_step(handle_)) == SQLITE_ROW) {
        const int columns = sqlite3_column_count(handle_);
        SqlRow& row = rows.emplace_back(static_cast<std::size_t>(columns));
        for (int c = 0; c < columns; ++c) {
            if (sqlite3_column_type(handle_, c) == SQLITE_NULL) continue;
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(handle_, c));
            row[static_cast<std::size_t>(c)] = std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(handle_, c)));
        }
    }
    if (code != SQLITE_DONE) return fail(last_error());
    return rows;
}

}  // namespace transfers::sqlite
