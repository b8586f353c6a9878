// Percent-decoding: "%XY" is one byte, anything else is kept, and a broken escape is refused.
#include "adapters/system/percent_decoding.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace transfers {
namespace {

TEST(PercentDecode, TurnsEachEscapeIntoItsByteInEitherCase) {
    EXPECT_EQ(percent_decode("%31"), "1");
    EXPECT_EQ(percent_decode("%61ccounts"), "accounts");
    EXPECT_EQ(percent_decode("1%2F2"), "1/2");
    EXPECT_EQ(percent_decode("1%2f2"), "1/2");
    EXPECT_EQ(percent_decode("%00"), std::string(1, '\0'));
    EXPECT_EQ(percent_decode("%FF"), std::string(1, '\xff'));
}

TEST(PercentDecode, KeepsEveryOtherByteIncludingPlus) {
    EXPECT_EQ(percent_decode(""), "");
    EXPECT_EQ(percent_decode("abc-_.~"), "abc-_.~");
    EXPECT_EQ(percent_decode("a+b"), "a+b");
}

TEST(PercentDecode, DecodesOnceOnly) { EXPECT_EQ(percent_decode("%2531"), "%31"); }

TEST(PercentDecode, RefusesAPercentNotFollowedByTwoHexDigits) {
    for (std::string_view text : {"%", "%4", "1%", "%zz", "%g1", "%1g", "%%31", "% 31", "%+1", "%-1", "ab%4"}) {
        EXPECT_EQ(percent_decode(text), std::nullopt) << text;
    }
}

}  // namespace
}  // namespace transfers
