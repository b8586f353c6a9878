#include "app/cache_repairer.hpp"

#include <vector>

#include "app/pending_marks.hpp"
#include "app/store_errors.hpp"

namespace transfers {

Result<std::size_t, Error> CacheRepairer::repair_recorded() {
    if (cache_.serving() != true) return std::size_t{0};
    auto repairs = store_.cache_repairs(cache_repairs_per_run_max);
    if (!repairs) return fail(unavailable_because(repairs.error()));
    if (repairs->empty()) return std::size_t{0};
    // A mark at the recorded version is what the batch would have written: an entry that holds
    // an older state becomes a miss, one that holds the same or a newer one is kept.
    std::vector<Account> marks;
    marks.reserve(repairs->size());
    for (const CacheRepair& repair : *repairs) marks.push_back(Account{repair.account, Money{}, repair.version});
    // The cache failed again: the next run retries.
    if (!start_marking_pending(cache_, marks).get()) return std::size_t{0};
    if (auto forgotten = store_.forget_cache_repairs(*repairs); !forgotten) {
        return fail(unavailable_because(forgotten.error()));
    }
    return repairs->size();
}

}  // namespace transfers
