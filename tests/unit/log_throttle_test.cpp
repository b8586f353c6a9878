// LogThrottle: a repeating warning is written at most once per interval, with the count held back.
#include "adapters/system/log_throttle.hpp"

#include <gtest/gtest.h>

namespace transfers {
namespace {

using namespace std::chrono_literals;

TEST(LogThrottle, TheFirstOccurrenceIsWrittenTheRepeatsWithinTheIntervalAreHeldBack) {
    LogThrottle throttle(10s);
    const LogThrottle::Clock::time_point start{};
    EXPECT_EQ(throttle.admit(start), 0u);
    for (int i = 1; i <= 353; ++i) EXPECT_FALSE(throttle.admit(start + i * 10ms));
    EXPECT_EQ(throttle.admit(start + 10s), 353u) << "the next line says how many were held back";
    EXPECT_FALSE(throttle.admit(start + 10s + 1ms));
}

TEST(LogThrottle, AfterAQuietIntervalTheNextOccurrenceIsWrittenAtOnce) {
    LogThrottle throttle(10s);
    const LogThrottle::Clock::time_point start{};
    EXPECT_EQ(throttle.admit(start), 0u);
    EXPECT_EQ(throttle.admit(start + 1h), 0u);
}

}  // namespace
}  // namespace transfers
