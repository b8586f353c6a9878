// Readiness: whether each dependency can serve requests now, for the health endpoint.
#pragma once

#include <string>
#include <vector>

#include "ports/balance_cache.hpp"
#include "ports/ledger_store.hpp"

namespace transfers {

struct DependencyStatus {
    std::string name;
    bool up = false;
    // A required dependency that is down makes the service unready; the cache is not required:
    // without it the service answers from the database.
    bool required = true;
    std::string reason;  // why it is down; empty when up
};

class Readiness {
public:
    Readiness(LedgerStore& store, const BalanceCache& cache) : store_(store), cache_(cache) {}

    std::vector<DependencyStatus> check();

private:
    LedgerStore& store_;
    const BalanceCache& cache_;
};

}  // namespace transfers
