// start_marking_pending: BalanceCache::mark_pending for a thread that may block, as a future,
// so that the caller can do other work (a batch's statements) before it waits.
#pragma once

#include <future>
#include <memory>
#include <span>

#include "domain/account.hpp"
#include "ports/balance_cache.hpp"

namespace transfers {

// Ready once the marks are in the cache (true) or the cache could not take them (false).
inline std::future<bool> start_marking_pending(BalanceCache& cache, std::span<const Account> accounts) {
    auto promise = std::make_shared<std::promise<bool>>();
    std::future<bool> marked = promise->get_future();
    cache.mark_pending(accounts, [promise](bool in_cache) { promise->set_value(in_cache); });
    return marked;
}

}  // namespace transfers
