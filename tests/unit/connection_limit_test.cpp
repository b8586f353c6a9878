// The connection limit: derived from the open-files limit minus a reserve, and never above it.
#include "adapters/http/connection_limit.hpp"

#include <gtest/gtest.h>

namespace transfers::http {
namespace {

TEST(ConnectionLimit, ByDefaultItIsTheOpenFilesLimitLessTheReserves) {
    const auto resolved = resolve_connections_max(std::nullopt, 20'000, 100);
    EXPECT_EQ(resolved.value, 20'000 - 100 - descriptors_reserved_http);
    EXPECT_FALSE(resolved.clamped);
}

TEST(ConnectionLimit, ARequestedLimitThatFitsIsKept) {
    const auto resolved = resolve_connections_max(200, 20'000, 100);
    EXPECT_EQ(resolved.value, 200u);
    EXPECT_FALSE(resolved.clamped);
}

TEST(ConnectionLimit, ARequestedLimitAboveTheOpenFilesLimitIsClampedBelowIt) {
    const auto resolved = resolve_connections_max(50'000, 20'000, 100);
    EXPECT_EQ(resolved.value, 20'000 - 100 - descriptors_reserved_http);
    EXPECT_TRUE(resolved.clamped);
}

TEST(ConnectionLimit, ATinyOpenFilesLimitStillLeavesAFewConnections) {
    EXPECT_EQ(resolve_connections_max(std::nullopt, 64, 100).value, connections_max_floor);
}

}  // namespace
}  // namespace transfers::http
