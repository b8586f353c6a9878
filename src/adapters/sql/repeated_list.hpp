// repeated_list: "item, item, ..." for the variable-length parts of generated SQL.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace transfers::sql {

// Builds "(?, ?), (?, ?)"-style lists for IN clauses and multi-row INSERTs of `count` items.
inline std::string repeated_list(std::string_view item, std::size_t count) {
    std::string text;
    text.reserve(count * (item.size() + 2));
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0) text += ", ";
        text += item;
    }
    return text;
}

}  // namespace transfers::sql
