// Readiness: whether each dependency can serve requests now, for the health endpoint.
#pragma once

#include <vector>

#include "app/database_health.hpp"
#include "app/dependency_status.hpp"
#include "ports/balance_cache.hpp"

namespace transfers {

// Answers from what the service already knows (the background database checks, the cache's
// breaker): it never waits on a dependency, so a stalled database cannot stall the answer.
class Readiness {
public:
    Readiness(const DatabaseHealth& database, const BalanceCache& cache) : database_(database), cache_(cache) {}

    std::vector<DependencyStatus> check() const;

private:
    const DatabaseHealth& database_;
    const BalanceCache& cache_;
};

}  // namespace transfers
