// FakeMonotonicClock: a MonotonicClock that moves only when a test advances it.
#pragma once

#include <chrono>
#include <mutex>

#include "ports/monotonic_clock.hpp"

namespace transfers::fakes {

// Thread-safe: mutex_ guards now_.
class FakeMonotonicClock final : public MonotonicClock {
public:
    std::chrono::steady_clock::time_point now() override {
        std::lock_guard lock(mutex_);
        return now_;
    }
    void advance(std::chrono::milliseconds by) {
        std::lock_guard lock(mutex_);
        now_ += by;
    }

private:
    std::mutex mutex_;
    std::chrono::steady_clock::time_point now_{std::chrono::hours(1)};
};

}  // namespace transfers::fakes
