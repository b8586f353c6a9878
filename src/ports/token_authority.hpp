// TokenAuthority: makes bearer tokens and the digests stored in their place.
#pragma once

#include <string>
#include <string_view>

namespace transfers {

// Safe to call from any thread.
class TokenAuthority {
public:
    virtual ~TokenAuthority() = default;
    // A new token: at least 256 bits from the operating system's random source.
    virtual std::string issue() = 0;
    // The digest stored and looked up instead of the token (hex SHA-256).
    virtual std::string digest(std::string_view token) const = 0;
    // Compares two digests in time independent of where they differ.
    virtual bool digests_equal(std::string_view a, std::string_view b) const = 0;
};

}  // namespace transfers
