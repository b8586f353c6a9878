#include "adapters/mariadb/statement.hpp"

#include <errmsg.h>

#include <array>
#include <cassert>
#include <cstring>
#include <memory>
#include <stdexcept>

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

// Column-wise array binding: per column, an array of values (integers, or pointers to text)
// with their lengths, and an indicator per row that marks NULLs.
struct ColumnArrays {
    std::vector<MYSQL_BIND> binds;
    std::vector<std::vector<long long>> integers;
    std::vector<std::vector<const char*>> texts;
    std::vector<std::vector<unsigned long>> lengths;
    std::vector<std::vector<char>> indicators;
};

enum_field_types column_type(std::span<const SqlParam> params, std::size_t columns, std::size_t column) {
    enum_field_types type = MYSQL_TYPE_NULL;
    for (std::size_t i = column; i < params.size(); i += columns) {
        if (std::holds_alternative<std::monostate>(params[i])) continue;
        const enum_field_types here =
            std::holds_alternative<std::int64_t>(params[i]) ? MYSQL_TYPE_LONGLONG : MYSQL_TYPE_STRING;
        if (type != MYSQL_TYPE_NULL && type != here) throw std::logic_error("a bulk column mixes integers and text");
        type = here;
    }
    return type == MYSQL_TYPE_NULL ? MYSQL_TYPE_STRING : type;  // an all-NULL column: any type will do
}

ColumnArrays bind_columns(std::span<const SqlParam> params, std::size_t columns) {
    const std::size_t rows = params.size() / columns;
    ColumnArrays arrays;
    arrays.binds.resize(columns);
    arrays.integers.resize(columns);
    arrays.texts.resize(columns);
    arrays.lengths.resize(columns);
    arrays.indicators.resize(columns);
    for (std::size_t c = 0; c < columns; ++c) {
        MYSQL_BIND& bind = arrays.binds[c];
        std::memset(&bind, 0, sizeof bind);
        bind.buffer_type = column_type(params, columns, c);
        auto& indicators = arrays.indicators[c];
        indicators.assign(rows, STMT_INDICATOR_NONE);
        bind.u.indicator = indicators.data();
        if (bind.buffer_type == MYSQL_TYPE_LONGLONG) {
            arrays.integers[c].assign(rows, 0);
            bind.buffer = arrays.integers[c].data();
        } else {
            arrays.texts[c].assign(rows, nullptr);
            arrays.lengths[c].assign(rows, 0);
            bind.buffer = arrays.texts[c].data();
            bind.length = arrays.lengths[c].data();
        }
        for (std::size_t r = 0; r < rows; ++r) {
            const SqlParam& param = params[r * columns + c];
            if (std::holds_alternative<std::monostate>(param)) {
                indicators[r] = STMT_INDICATOR_NULL;
            } else if (const auto* integer = std::get_if<std::int64_t>(&param)) {
                arrays.integers[c][r] = *integer;
            } else {
                const std::string& text = std::get<std::string>(param);
                arrays.texts[c][r] = text.data();
                arrays.lengths[c][r] = text.size();
            }
        }
    }
    return arrays;
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

Result<void, DbError> Statement::set_array_size(unsigned int rows) {
    if (mysql_stmt_attr_set(handle_, STMT_ATTR_ARRAY_SIZE, &rows) != 0) return fail(last_error());
    return {};
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

Result<std::uint64_t, DbError> Statement::execute_rows(std::span<const SqlParam> params, std::size_t columns) {
    assert(columns > 0 && !params.empty() && params.size() % columns == 0);
    ColumnArrays arrays = bind_columns(params, columns);
    if (auto sized = set_array_size(static_cast<unsigned int>(params.size() / columns)); !sized) return fail(sized.error());
    const bool bound = mysql_stmt_bind_param(handle_, arrays.binds.data()) == 0;
    const bool ran = bound && mysql_stmt_execute(handle_) == 0;
    std::optional<DbError> error;
    if (!ran) error = last_error();
    // Back to one row per execution: the statement stays in the connection's cache.
    if (auto reset = set_array_size(0); !reset && !error) error = reset.error();
    if (error) return fail(*error);
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
