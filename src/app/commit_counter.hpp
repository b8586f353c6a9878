// CommitCounter: how many transfers this process has committed, as a read-your-writes guard.
#pragma once

#include <atomic>
#include <cstdint>

namespace transfers {

// Incremented after every commit and before its client is answered. A database read that began
// when the counter read N cannot be older than any answer given while it still reads N, so such
// a read may be shared with requests that arrive later (see AccountService's single flight).
class CommitCounter {
public:
    std::uint64_t now() const { return commits_.load(std::memory_order_acquire); }
    void advance() { commits_.fetch_add(1, std::memory_order_acq_rel); }

private:
    std::atomic<std::uint64_t> commits_{0};
};

}  // namespace transfers
