// LogThrottle: lets a repeating warning through at most once per interval, and says how many
// were held back, so that a failure that repeats in a tight loop cannot flood the log.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace transfers {

// Not thread-safe: owned by the one strand or thread that reports the failure.
class LogThrottle {
public:
    using Clock = std::chrono::steady_clock;

    explicit LogThrottle(Clock::duration interval) : interval_(interval) {}

    // At `now`, one more occurrence: the count held back since the last line written, when a
    // line may be written now; nullopt when this one is to be held back.
    std::optional<std::uint64_t> admit(Clock::time_point now);

private:
    const Clock::duration interval_;
    std::optional<Clock::time_point> last_written_;
    std::uint64_t held_back_ = 0;
};

}  // namespace transfers
