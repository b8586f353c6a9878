// IdempotencyJanitor: forgets idempotency records once their retention has passed, a small
// batch at a time so that no purge holds locks or log space for long.
#pragma once

#include <chrono>
#include <cstddef>

#include "domain/error.hpp"
#include "domain/result.hpp"
#include "ports/clock.hpp"
#include "ports/ledger_store.hpp"

namespace transfers {

// Keys are kept at least this long: a client retrying within a day always gets its answer.
constexpr std::chrono::hours idempotency_retention{24};
constexpr std::size_t idempotency_purge_batch_max = 500;
// Batches per run: a large backlog is worked off over several runs rather than in one burst.
constexpr int idempotency_purge_batches_per_run_max = 100;

// Stateless apart from its port references; called by one periodic thread.
class IdempotencyJanitor {
public:
    IdempotencyJanitor(LedgerStore& store, Clock& clock) : store_(store), clock_(clock) {}

    // Deletes expired records; answers how many.
    Result<std::size_t, Error> purge_expired();

private:
    LedgerStore& store_;
    Clock& clock_;
};

}  // namespace transfers
