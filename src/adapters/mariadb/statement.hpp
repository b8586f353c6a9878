// Statement: one server-side prepared statement, with text results (the only way we send data).
#pragma once

#include <mysql.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "adapters/mariadb/db_error.hpp"
#include "adapters/sql/sql_values.hpp"
#include "domain/result.hpp"

namespace transfers::mariadb {

// DECIMAL and DATETIME parameters arrive as text; the SQL casts them where it computes.
using sql::SqlParam;
using sql::SqlRow;

// Owned by one Connection and used only by the thread that holds that connection.
class Statement {
public:
    static Result<Statement, DbError> prepare(MYSQL* connection, std::string_view sql);
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    ~Statement();

    // Runs a statement without a result set; answers the number of affected rows.
    Result<std::uint64_t, DbError> execute(std::span<const SqlParam> params);
    // Runs the statement once per row of `params` (row-major, `columns` values per row) in one
    // round trip: MariaDB's array binding (COM_STMT_BULK_EXECUTE), which the server executes
    // without parsing again. Answers the affected rows of all rows together. Every value of a
    // column is NULL or of one type (integer or text).
    Result<std::uint64_t, DbError> execute_rows(std::span<const SqlParam> params, std::size_t columns);
    // Runs a query; every column arrives as text (NULL as nullopt).
    Result<std::vector<SqlRow>, DbError> query(std::span<const SqlParam> params);

private:
    Statement(MYSQL* connection, MYSQL_STMT* handle) : connection_(connection), handle_(handle) {}
    Result<void, DbError> bind_and_run(std::span<const SqlParam> params);
    Result<void, DbError> set_array_size(unsigned int rows);
    Result<std::vector<SqlRow>, DbError> fetch_all();
    DbError last_error() const;

    MYSQL* connection_;
    MYSQL_STMT* handle_;
};

}  // namespace transfers::mariadb
