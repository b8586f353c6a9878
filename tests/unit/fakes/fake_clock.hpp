// FakeClock: a Clock that stands still at a chosen instant, so records have exact timestamps.
#pragma once

#include <atomic>
#include <chrono>

#include "ports/clock.hpp"

namespace transfers::fakes {

// 2026-11-25T16:22:12.123456Z: microseconds present, so formatting them is exercised too.
inline Timestamp fixed_instant() {
    using namespace std::chrono;
    return Timestamp{sys_days{year{2026} / November / 25}} + hours{16} + minutes{22} + seconds{12} +
           microseconds{123456};
}

// Safe to read from many threads; set() is for tests that want time to move between calls.
class FakeClock final : public Clock {
public:
    explicit FakeClock(Timestamp at = fixed_instant()) : at_(at) {}

    Timestamp now() override { return at_.load(); }
    void set(Timestamp at) { at_.store(at); }

private:
    std::atomic<Timestamp> at_;
};

}  // namespace transfers::fakes
