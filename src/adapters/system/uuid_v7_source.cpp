#include "adapters/system/uuid_v7_source.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <random>

namespace transfers {
namespace {

// Seeded once per thread from the OS; 64-bit Mersenne Twister output is plenty for ids whose
// uniqueness is also enforced by the database's unique key.
std::uint64_t random_bits() {
    thread_local std::mt19937_64 engine = [] {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }();
    return engine();
}

}  // namespace

TransferId UuidV7Source::next() {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const auto unix_ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
    const std::uint64_t random_high = random_bits();
    const std::uint64_t random_low = random_bits();
    std::array<std::uint8_t, 16> bytes{};
    for (int i = 0; i < 6; ++i) bytes[i] = static_cast<std::uint8_t>(unix_ms >> (40 - 8 * i));
    for (int i = 6; i < 16; ++i) bytes[i] = static_cast<std::uint8_t>(i < 8 ? random_high >> (8 * i) : random_low >> (8 * (i - 8)));
    bytes[6] = static_cast<std::uint8_t>(0x70 | (bytes[6] & 0x0f));  // version 7
    bytes[8] = static_cast<std::uint8_t>(0x80 | (bytes[8] & 0x3f));  // variant 10
    static constexpr char hex[] = "0123456789abcdef";
    std::string text;
    text.reserve(36);
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
        text.push_back(hex[bytes[i] >> 4]);
        text.push_back(hex[bytes[i] & 0x0f]);
    }
    return TransferId{std::move(text)};
}

}  // namespace transfers
