#include "app/readiness.hpp"

namespace transfers {

std::vector<DependencyStatus> Readiness::check() {
    std::vector<DependencyStatus> statuses;
    auto database = store_.ping();
    statuses.push_back(database ? DependencyStatus{"database", true, true, ""}
                                : DependencyStatus{"database", false, true, database.error().message});
    if (const auto cache = cache_.serving()) {
        statuses.push_back(DependencyStatus{"cache", *cache, false, *cache ? "" : "bypassed until it recovers"});
    }
    return statuses;
}

}  // namespace transfers
