// CacheRepairer: marks pending, in the cache, the accounts that batches committed while they
// could not mark them there, so that no instance serves the states those commits replaced.
#pragma once

#include <cstddef>

#include "domain/error.hpp"
#include "domain/result.hpp"
#include "ports/balance_cache.hpp"
#include "ports/ledger_store.hpp"

namespace transfers {

// Repairs per run: a backlog (a long cache outage under load) is worked off over several runs.
constexpr std::size_t cache_repairs_per_run_max = 512;

// Stateless apart from its port references. Called at start, before serving, and then by one
// periodic thread of every instance: a batch that recorded repairs may have died with its
// process, so any instance must be able to do them.
class CacheRepairer {
public:
    CacheRepairer(LedgerStore& store, BalanceCache& cache) : store_(store), cache_(cache) {}

    // Marks the recorded accounts pending at their versions, then forgets them; answers how many
    // it repaired. While the cache is bypassed nothing can be marked: the repairs wait (this
    // instance does not read the cache meanwhile either).
    Result<std::size_t, Error> repair_recorded();

private:
    LedgerStore& store_;
    BalanceCache& cache_;
};

}  // namespace transfers
