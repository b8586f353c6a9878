// Readiness: whether each dependency can serve requests now, for the health endpoint.
#pragma once

#include <string>
#include <vector>

#include "ports/ledger_store.hpp"

namespace transfers {

struct DependencyStatus {
    std::string name;
    bool up = false;
    std::string reason;  // why it is down; empty when up
};

class Readiness {
public:
    explicit Readiness(LedgerStore& store) : store_(store) {}

    std::vector<DependencyStatus> check();

private:
    LedgerStore& store_;
};

}  // namespace transfers
