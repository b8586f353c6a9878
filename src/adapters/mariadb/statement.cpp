#include "adapters/mariadb/statement.hpp"

#include <errmsg.h>

#include <array>
#include <cstring>
#include <memory>

namespace transfers::mariadb {
namespace {

// Every column we read (BIGINT, DECIMAL(38,18), CHAR(36), DATETIME(6)) fits with room to spare;
// a longer value is fetched again at its full length rather than cut.
constexpr unsigned long column_bytes_initial = 64;

struct ParamBuffers {
    std::vector<MYSQL_BIND> binds;
    std::vector<long long> integers;
    std::vector<unsigned long> lengths;
};

ParamBuffers bind_params(std::span<const SqlParam> params) {
    ParamBuffers buffers;
    buffers.binds.resize(params.size());
    buffers.integers.resize(params.size());
    buffers.lengths.resize(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
        MYSQL_BIND& bind = buffers.binds[i];
        std::memset(&bind, 0, sizeof bind);
        if (std::holds_alternative<std::monostate>(params[i])) {
            bind.buffer_type = MYSQL_TYPE_NULL;
        } else if (const auto* integer = std::get_if<std::int64_t>(&params[i])) {
            buffers.integers[i] = *integer;
            bind.buffer_type = MYSQL_TYPE_LONGLONG;
            bind.buffer = &buffers.integers[i];
        } else {
            const std::string& text = std::get<std::string>(params[i]);
            buffers.lengths[i] = text.size();
            bind.buffer_type = MYSQL_TYPE_STRING;
            bind.buffer = const_cast<char*>(text.data());
            bind.buffer_length = text.size();
            bind.length = &buffers.lengths[i];
        }
    }
    return buffers;
}

}  // namespace

Result<Statement, DbError> Statement::prepare(MYSQL* connection, std::string_view sql) {
    MYSQL_STMT* handle = mysql_stmt_init(connection);
    if (handle == nullptr) return fail(DbError{mysql_errno(connection), mysql_error(connection)});
    Statement statement(connection, handle);
    if (mysql_stmt_prepare(handle, sql.data(), sql.size()) != 0) return fail(statement.last_error());
    return statement;
}

Statement::Statement(Statement&& other) noexcept : connection_(other.connection_), handle_(other.handle_) {
    other.handle_ = nullptr;
}

Statement::~Statement() {
    if (handle_ != nullptr) mysql_stmt_close(handle_);
}

// Some failures (a deadlock found while fetching rows) are recorded on the connection rather
// than the statement: read both, so no error ever arrives as "code 0" and escapes its handling.
DbError Statement::last_error() const {
    if (mysql_stmt_errno(handle_) != 0) return DbError{mysql_stmt_errno(handle_), mysql_stmt_error(handle_)};
    if (mysql_errno(connection_) != 0) return DbError{mysql_errno(connection_), mysql_error(connection_)};
    return DbError{CR_UNKNOWN_ERROR, "statement failed without an error code"};
}

Result<void, DbError> Statement::bind_and_run(std::span<const SqlParam> params) {
    ParamBuffers buffers = bind_params(params);
    if (!params.empty() && mysql_stmt_bind_param(handle_, buffers.binds.data()) != 0) {
        return fail(last_error());
    }
    if (mysql_stmt_execute(handle_) != 0) return fail(last_error());
    return {};
}

Result<std::uint64_t, DbError> Statement::execute(std::span<const SqlParam> params) {
    if (auto ran = bind_and_run(params); !ran) return fail(ran.error());
    return static_cast<std::uint64_t>(mysql_stmt_affected_rows(handle_));
}

Result<std::vector<SqlRow>, DbError> Statement::query(std::span<const SqlParam> params) {
    if (auto ran = bind_and_run(params); !ran) return fail(ran.error());
    auto rows = fetch_all();
    mysql_stmt_free_result(handle_);
    return rows;
}

Result<std::vector<SqlRow>, DbError> Statement::fetch_all() {
    const unsigned columns = mysql_stmt_field_count(handle_);
    std::vector<MYSQL_BIND> binds(columns);
    std::vector<std::array<char, column_bytes_initial>> buffers(columns);
    std::vector<unsigned long> lengths(columns);
    std::unique_ptr<my_bool[]> nulls(new my_bool[columns]);
    for (unsigned c = 0; c < columns; ++c) {
        std::memset(&binds[c], 0, sizeof binds[c]);
        binds[c].buffer_type = MYSQL_TYPE_STRING;
        binds[c].buffer = buffers[c].data();
        binds[c].buffer_length = column_bytes_initial;
        binds[c].length = &lengths[c];
        binds[c].is_null = &nulls[c];
    }
    if (columns > 0 && mysql_stmt_bind_result(handle_, binds.data()) != 0) return fail(last_error());
    std::vector<SqlRow> rows;
    for (;;) {
        const int status = mysql_stmt_fetch(handle_);
        if (status == MYSQL_NO_DATA) break;
        if (status == 1) return fail(last_error());
        SqlRow& row = rows.emplace_back(columns);
        for (unsigned c = 0; c < columns; ++c) {
            if (nulls[c]) continue;
            std::string value(lengths[c], '\0');
            if (lengths[c] <= column_bytes_initial) {
                std::memcpy(value.data(), buffers[c].data(), lengths[c]);
            } else {
                MYSQL_BIND whole{};
                whole.buffer_type = MYSQL_TYPE_STRING;
                whole.buffer = value.data();
                whole.buffer_length = lengths[c];
                if (mysql_stmt_fetch_column(handle_, &whole, c, 0) != 0) return fail(last_error());
            }
            row[c] = std::move(value);
        }
    }
    return rows;
}

}  // namespace transfers::mariadb
