// Counter: a monotonically increasing count, safe to bump from any thread without a lock.
#pragma once

#include <atomic>
#include <cstdint>

namespace transfers::metrics {

class Counter {
public:
    void increment(std::uint64_t by = 1) { value_.fetch_add(by, std::memory_order_relaxed); }
    std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

private:
    // Relaxed: a scrape needs each count eventually, not ordered against other memory.
    std::atomic<std::uint64_t> value_{0};
};

}  // namespace transfers::metrics
