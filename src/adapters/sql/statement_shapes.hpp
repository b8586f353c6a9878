// Statement shapes for variable-length batches: how many items each prepared statement of a
// batch takes, so that a connection prepares a handful of shapes, not one per batch size.
#pragma once

#include <cstddef>

namespace transfers::sql {

// The smallest power of two >= count (count >= 1). Lists padded up to it repeat their last
// item, which is harmless in an IN list or a CASE with identical arms.
inline std::size_t padded_size(std::size_t count) {
    std::size_t size = 1;
    while (size < count) size *= 2;
    return size;
}

}  // namespace transfers::sql
