// Histogram: counts of observations in fixed buckets, plus their sum; lock-free to observe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace transfers::metrics {

// Bucket upper bounds for request and commit latencies, in seconds: 0.5 ms to 10 s.
inline constexpr double latency_buckets_seconds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                     0.1,    0.25,  0.5,    1,     2.5,  5,     10};
// Bucket upper bounds for counts per batch: powers of two up to the batcher's largest batch.
inline constexpr double batch_size_buckets[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};

inline double to_seconds(std::chrono::nanoseconds elapsed) {
    return std::chrono::duration<double>(elapsed).count();
}

class Histogram {
public:
    struct Snapshot {
        std::vector<std::uint64_t> cumulative;  // per bound, then +Inf (== count)
        double sum = 0;
        std::uint64_t count = 0;
    };

    // bounds: finite, strictly increasing; the +Inf bucket is implicit.
    explicit Histogram(std::span<const double> bounds);

    // Any thread. A NaN is ignored: it would poison the sum for the life of the process.
    void observe(double value);

    // Consistent per bucket; under concurrent observe() the sum may lead or lag the counts by
    // the observations in flight, which Prometheus tolerates. count is taken from the buckets,
    // so it always equals the +Inf bucket.
    Snapshot snapshot() const;
    std::span<const double> bounds() const { return bounds_; }

private:
    const std::vector<double> bounds_;
    const std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // bounds_.size() + 1, not cumulative
    std::atomic<double> sum_{0};
};

}  // namespace transfers::metrics
