// FakeTransferIdSource: hands out predictable transfer ids, 00000000-0000-7000-8000-000000000001 onwards.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <string>

#include "ports/transfer_id_source.hpp"

namespace transfers::fakes {

// The n-th id handed out (from 1): a valid lowercase UUID (version 7, RFC variant).
inline TransferId nth_transfer_id(std::uint64_t n) {
    char text[37];
    std::snprintf(text, sizeof text, "00000000-0000-7000-8000-%012llx",
                  static_cast<unsigned long long>(n));
    return TransferId{text};
}

// Thread-safe: a counter, so concurrent callers never get the same id.
class FakeTransferIdSource final : public TransferIdSource {
public:
    TransferId next() override { return nth_transfer_id(++issued_); }
    std::uint64_t issued() const { return issued_.load(); }

private:
    std::atomic<std::uint64_t> issued_{0};
};

}  // namespace transfers::fakes
