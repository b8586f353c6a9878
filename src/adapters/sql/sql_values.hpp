// SqlParam and SqlRow: values as both SQL adapters exchange them with their databases.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace transfers::sql {

// Parameters are NULL (monostate), integers or text; DECIMAL and DATETIME values travel as their
// exact text, so no value ever passes through a binary float.
using SqlParam = std::variant<std::monostate, std::int64_t, std::string>;
// A result row with every column as text (NULL as nullopt).
using SqlRow = std::vector<std::optional<std::string>>;

}  // namespace transfers::sql
