#include "app/idempotency_janitor.hpp"

#include "app/store_errors.hpp"

namespace transfers {

Result<std::size_t, Error> IdempotencyJanitor::purge_expired() {
    const Timestamp cutoff = clock_.now() - idempotency_retention;
    std::size_t purged_total = 0;
    for (int batch = 0; batch < idempotency_purge_batches_per_run_max; ++batch) {
        auto purged = store_.purge_idempotency_records(cutoff, idempotency_purge_batch_max);
        if (!purged) return fail(unavailable_because(purged.error()));
        purged_total += *purged;
        if (*purged < idempotency_purge_batch_max) break;
    }
    return purged_total;
}

}  // namespace transfers
