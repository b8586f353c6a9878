// AccountHolds: which accounts the batches in the database hold now, so that the next batch can
// be formed from transfers that do not wait for any of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <unordered_set>
#include <utility>
#include <vector>

#include "domain/account_id.hpp"

namespace transfers {

// Two batches that share an account cannot both be in the database at once: the second waits
// for the first's row lock until it commits, so a second executor would add nothing but a
// wait. Batches are therefore formed from transfers whose accounts no batch in flight holds.
// A transfer that has to wait holds back every later transfer on its accounts, so each
// account still sees its transfers in arrival order (which the per-transfer checks rely on).
//
// Not thread-safe: the TransferBatcher's mutex guards it.
class AccountHolds {
public:
    template <class Item>
    struct Taken {
        std::deque<Item> items;
        std::vector<std::int64_t> accounts;  // held by this batch until release()
    };

    // Moves up to `count_max` items out of `queue`, in order, skipping the ones that must wait,
    // and marks their accounts as held. Looks at no more than `scan_max` items, which bounds
    // the work when most of a long queue waits for one hot account. `accounts_of(item)` answers
    // the item's two accounts.
    template <class Item, class AccountsOf>
    Taken<Item> take(std::deque<Item>& queue, std::size_t count_max, std::size_t scan_max, AccountsOf accounts_of) {
        Taken<Item> taken;
        std::unordered_set<std::int64_t> waiting;  // accounts of items left behind in this scan
        std::unordered_set<std::int64_t> mine;     // accounts of the items taken so far
        std::size_t kept = 0;  // queue[0, kept) are the items left behind, in order
        std::size_t scanned = 0;
        for (; scanned < queue.size() && scanned < scan_max && taken.items.size() < count_max; ++scanned) {
            const auto [first, second] = accounts_of(queue[scanned]);
            if (must_wait(first.value, mine, waiting) || must_wait(second.value, mine, waiting)) {
                waiting.insert(first.value);
                waiting.insert(second.value);
                if (kept != scanned) queue[kept] = std::move(queue[scanned]);
                ++kept;
                continue;
            }
            for (const std::int64_t id : {first.value, second.value}) {
                if (mine.insert(id).second) {
                    held_.insert(id);
                    taken.accounts.push_back(id);
                }
            }
            taken.items.push_back(std::move(queue[scanned]));
        }
        // Close the gaps the taken items left: the unscanned rest moves down behind the kept ones.
        if (kept != scanned) {
            std::move(queue.begin() + static_cast<std::ptrdiff_t>(scanned), queue.end(),
                      queue.begin() + static_cast<std::ptrdiff_t>(kept));
            queue.erase(queue.end() - static_cast<std::ptrdiff_t>(scanned - kept), queue.end());
        }
        return taken;
    }

    // The batch that held `accounts` has ended (committed or not).
    void release(const std::vector<std::int64_t>& accounts) {
        for (const std::int64_t id : accounts) held_.erase(id);
    }

    bool held(AccountId id) const { return held_.contains(id.value); }

private:
    bool must_wait(std::int64_t id, const std::unordered_set<std::int64_t>& mine,
                   const std::unordered_set<std::int64_t>& waiting) const {
        return waiting.contains(id) || (held_.contains(id) && !mine.contains(id));
    }

    std::unordered_set<std::int64_t> held_;
};

}  // namespace transfers
