// FakeTokenAuthority: predictable tokens ("token-1", "token-2", ...) and a readable digest.
#pragma once

#include <atomic>
#include <string>

#include "ports/token_authority.hpp"

namespace transfers::fakes {

// Thread-safe: the counter is atomic.
class FakeTokenAuthority final : public TokenAuthority {
public:
    std::string issue() override { return "token-" + std::to_string(++issued_); }
    std::string digest(std::string_view token) const override { return "digest-of-" + std::string(token); }
    bool digests_equal(std::string_view a, std::string_view b) const override { return a == b; }

private:
    std::atomic<int> issued_{0};
};

}  // namespace transfers::fakes
