#include "app/readiness.hpp"

namespace transfers {

std::vector<DependencyStatus> Readiness::check() const {
    std::vector<DependencyStatus> statuses{database_.status()};
    if (const auto cache = cache_.serving()) {
        statuses.push_back(DependencyStatus{"cache", *cache, false, *cache ? "" : "bypassed until it recovers"});
    }
    return statuses;
}

}  // namespace transfers
