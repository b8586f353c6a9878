// AccountId: the client-chosen identifier of an account, always positive.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>

namespace transfers {

struct AccountId {
    std::int64_t value = 0;

    // Ids are positive 64-bit integers; zero and negatives are not ids.
    static std::optional<AccountId> from(std::int64_t raw) {
        if (raw <= 0) return std::nullopt;
        return AccountId{raw};
    }

    auto operator<=>(const AccountId&) const = default;
};

}  // namespace transfers
