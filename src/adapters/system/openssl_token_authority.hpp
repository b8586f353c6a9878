// OpenSslTokenAuthority: bearer tokens from the kernel's random source, SHA-256 digests and
// constant-time comparison from OpenSSL.
#pragma once

#include "ports/token_authority.hpp"

namespace transfers {

// Stateless; safe from any thread.
class OpenSslTokenAuthority final : public TokenAuthority {
public:
    // "tr_" and 43 base64url characters: 256 bits from getrandom(2). The prefix lets secret
    // scanners and people recognize a leaked token.
    std::string issue() override;
    std::string digest(std::string_view token) const override;
    bool digests_equal(std::string_view a, std::string_view b) const override;
};

}  // namespace transfers
