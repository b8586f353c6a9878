#include "adapters/sql/migration.hpp"

namespace transfers {
namespace {

bool is_blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

std::vector<std::string_view> split_statements(std::string_view sql) {
    std::vector<std::string_view> statements;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = sql.find(";\n", start);
        const std::string_view statement =
            sql.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!is_blank(statement)) statements.push_back(statement);
        if (end == std::string_view::npos) break;
        start = end + 2;
    }
    return statements;
}

}  // namespace transfers
