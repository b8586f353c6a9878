#include "adapters/metrics/histogram.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace transfers::metrics {

Histogram::Histogram(std::span<const double> bounds)
    : bounds_(bounds.begin(), bounds.end()), counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds.size() + 1)) {
    assert(std::all_of(bounds_.begin(), bounds_.end(), [](double bound) { return std::isfinite(bound); }));
    assert(std::adjacent_find(bounds_.begin(), bounds_.end(), std::greater_equal<>()) == bounds_.end());
}

void Histogram::observe(double value) {
    if (std::isnan(value)) return;
    // Bucket "le" bound holds value <= bound: the first bound not below value.
    const auto bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
    counts_[static_cast<std::size_t>(bucket)].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
    Snapshot snapshot;
    snapshot.cumulative.reserve(bounds_.size() + 1);
    std::uint64_t running = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
        running += counts_[i].load(std::memory_order_relaxed);
        snapshot.cumulative.push_back(running);
    }
    snapshot.count = running;
    snapshot.sum = sum_.load(std::memory_order_relaxed);
    return snapshot;
}

}  // namespace transfers::metrics
