// Timestamps: RFC 3339 for the API, DATETIME(6) text for SQL, microseconds kept both ways.
#include "domain/timestamp.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string_view>

#include "unit/fakes/fake_clock.hpp"

namespace transfers {
namespace {

using namespace std::chrono;

TEST(Timestamp, FormatsRfc3339InUtcWithMicroseconds) {
    EXPECT_EQ(format_rfc3339(fakes::fixed_instant()), "2026-11-25T16:22:12.123456Z");
    EXPECT_EQ(format_rfc3339(Timestamp{}), "1970-01-01T00:00:00.000000Z");
    EXPECT_EQ(format_rfc3339(Timestamp{sys_days{year{2024} / February / 29}} + microseconds{1}),
              "2024-02-29T00:00:00.000001Z");
}

TEST(Timestamp, FormatsEveryFieldZeroPaddedAndYearsBeyondFourDigitsWhole) {
    const Timestamp early = Timestamp{sys_days{year{7} / January / 2}} + hours{3} + minutes{4} + seconds{5} +
                            microseconds{60};
    EXPECT_EQ(format_rfc3339(early), "0007-01-02T03:04:05.000060Z");
    EXPECT_EQ(format_sql_datetime(Timestamp{sys_days{year{9999} / December / 31}} + hours{23} + minutes{59} +
                                  seconds{59} + microseconds{999999}),
              "9999-12-31 23:59:59.999999");
    EXPECT_EQ(format_rfc3339(Timestamp{sys_days{year{10000} / January / 1}}), "10000-01-01T00:00:00.000000Z");
}

TEST(Timestamp, FormatsSqlDatetimeWithMicroseconds) {
    EXPECT_EQ(format_sql_datetime(fakes::fixed_instant()), "2026-11-25 16:22:12.123456");
}

TEST(Timestamp, ParsesWhatItFormatsBackToTheSameInstant) {
    const Timestamp at = fakes::fixed_instant();

    EXPECT_EQ(parse_sql_datetime(format_sql_datetime(at)), at);
}

TEST(Timestamp, ParsesDatetimeWithoutOrWithAShorterFraction) {
    const Timestamp second = Timestamp{sys_days{year{2026} / November / 25}} + hours{16} + minutes{22} + seconds{12};

    EXPECT_EQ(parse_sql_datetime("2026-11-25 16:22:12"), second);
    EXPECT_EQ(parse_sql_datetime("2026-11-25 16:22:12.5"), second + milliseconds{500});
    EXPECT_EQ(parse_sql_datetime("2026-11-25 16:22:12.000123"), second + microseconds{123});
}

TEST(Timestamp, RefusesTextThatIsNotADatetime) {
    for (std::string_view text : {"", "2026-11-25", "2026-11-25 16:22", "2026-11-25 16:22:12.", "2026-11-25 16:22:12.1234567",
                                  "2026-02-30 00:00:00", "2026-13-01 00:00:00", "2026-11-25 16:22:12x", "abcd-11-25 16:22:12"}) {
        EXPECT_EQ(parse_sql_datetime(text), std::nullopt) << "text: '" << text << "'";
    }
}

}  // namespace
}  // namespace transfers

namespace transfers {
namespace {

TEST(Timestamp, RefusesDatetimeTextWithWrongSeparatorsSignsOrOutOfRangeTimes) {
    for (std::string_view text : {"2026x11x25x16x22x12", "2026-11-25 99:99:99", "2026-11-25 16:22:12.-12345",
                                  "2026-11-25 -1:22:12", "-026-11-25 16:22:12", "2026-11-25 24:00:00"}) {
        EXPECT_EQ(parse_sql_datetime(text), std::nullopt) << "text: '" << text << "'";
    }
}

}  // namespace
}  // namespace transfers
