// DependencyStatus: whether one dependency can serve requests now, as the health endpoint shows it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace transfers {

struct DependencyStatus {
    std::string name;
    bool up = false;
    // A required dependency that is down makes the service unready; the cache is not required:
    // without it the service answers from the database.
    bool required = true;
    std::string reason;  // why it is down; empty when up
    // How old the answer is, for a dependency checked in the background; absent otherwise.
    std::optional<std::int64_t> checked_ms_ago = std::nullopt;
};

}  // namespace transfers
