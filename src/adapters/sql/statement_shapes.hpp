// Statement shapes for variable-length batches: how many items each prepared statement of a
// batch takes, so that a connection prepares a handful of shapes, not one per batch size.
#pragma once

#include <cstddef>
#include <vector>

namespace transfers::sql {

// The smallest power of two >= count (count >= 1). Lists padded up to it repeat their last
// item, which is harmless in an IN list or a CASE with identical arms.
inline std::size_t padded_size(std::size_t count) {
    std::size_t size = 1;
    while (size < count) size *= 2;
    return size;
}

// Splits `count` rows into chunks of at most `chunk_max` whose sizes are powers of two (for
// INSERTs, which cannot be padded): 300 with chunk_max 256 -> 256, 32, 8, 4.
inline std::vector<std::size_t> power_of_two_chunks(std::size_t count, std::size_t chunk_max) {
    std::vector<std::size_t> chunks;
    std::size_t size = padded_size(chunk_max) == chunk_max ? chunk_max : padded_size(chunk_max) / 2;
    while (count > 0) {
        while (size > count) size /= 2;
        chunks.push_back(size);
        count -= size;
    }
    return chunks;
}

}  // namespace transfers::sql
