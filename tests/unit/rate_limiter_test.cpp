#include <gtest/gtest.h>

#include "app/rate_limiter.hpp"
#include "unit/fakes/fake_monotonic_clock.hpp"

namespace transfers {
namespace {

using std::chrono::milliseconds;

TEST(RateLimiter, AdmitsABurstThenRefusesSayingHowLongToWait) {
    fakes::FakeMonotonicClock clock;
    RateLimiter limiter(RateLimit{10, 3}, clock);
    EXPECT_EQ(limiter.admit("payroll"), std::nullopt);
    EXPECT_EQ(limiter.admit("payroll"), std::nullopt);
    EXPECT_EQ(limiter.admit("payroll"), std::nullopt);
    const auto wait = limiter.admit("payroll");
    ASSERT_TRUE(wait.has_value());
    EXPECT_EQ(*wait, milliseconds(100));  // one request at 10 per second
}

TEST(RateLimiter, RefillsAtTheRateUpToTheBurst) {
    fakes::FakeMonotonicClock clock;
    RateLimiter limiter(RateLimit{10, 2}, clock);
    EXPECT_EQ(limiter.admit("a"), std::nullopt);
    EXPECT_EQ(limiter.admit("a"), std::nullopt);
    EXPECT_TRUE(limiter.admit("a").has_value());
    clock.advance(milliseconds(100));
    EXPECT_EQ(limiter.admit("a"), std::nullopt);
    EXPECT_TRUE(limiter.admit("a").has_value());
    clock.advance(milliseconds(10'000));  // a long quiet spell refills only up to the burst
    EXPECT_EQ(limiter.admit("a"), std::nullopt);
    EXPECT_EQ(limiter.admit("a"), std::nullopt);
    EXPECT_TRUE(limiter.admit("a").has_value());
}

TEST(RateLimiter, EachClientHasItsOwnBucket) {
    fakes::FakeMonotonicClock clock;
    RateLimiter limiter(RateLimit{1, 1}, clock);
    EXPECT_EQ(limiter.admit("a"), std::nullopt);
    EXPECT_TRUE(limiter.admit("a").has_value());
    EXPECT_EQ(limiter.admit("b"), std::nullopt);
}

}  // namespace
}  // namespace transfers
