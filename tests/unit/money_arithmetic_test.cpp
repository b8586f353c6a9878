// Money, part two: canonical formatting, construction, comparison and checked arithmetic.
#include "domain/money.hpp"
#include "unit/money_test_support.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace transfers {

namespace {

using namespace money_test;


// ---------------------------------------------------------------------------------------------
// Canonical formatting

struct FormatCase {
    Units units;
    std::string expected;
};

TEST(MoneyToString, CanonicalFormTable) {
    const Units one = Money::units_per_one;
    const std::vector<FormatCase> table = {
        {0, "0"},
        {one, "1"},
        {-one, "-1"},
        {350 * one, "350"},
        {one / 2, "0.5"},
        {-one / 2, "-0.5"},
        {one + one / 10, "1.1"},
        {10 * one, "10"},
        {100 * one + one / 100, "100.01"},
        {1, "0.000000000000000001"},
        {-1, "-0.000000000000000001"},
        {10, "0.00000000000000001"},
        {one - 1, "0.999999999999999999"},
        {one + 1, "1.000000000000000001"},
        {123456789012345678LL, "0.123456789012345678"},
        {Money::max_units, "99999999999999999999.999999999999999999"},
        {-Money::max_units, "-99999999999999999999.999999999999999999"},
        {Money::max_units - (one - 1), "99999999999999999999"},
        {static_cast<Units>(10'000'000'000'000'000'000ULL) * one, "10000000000000000000"},
    };
    for (const auto& c : table) EXPECT_EQ(Money::from_units(c.units).to_string(), c.expected);
}

TEST(MoneyToString, StripsLeadingAndTrailingZerosOfParsedInput) {
    EXPECT_EQ(parsed("007").to_string(), "7");
    EXPECT_EQ(parsed("1.10").to_string(), "1.1");
    EXPECT_EQ(parsed("1.000").to_string(), "1");
    EXPECT_EQ(parsed("0.000").to_string(), "0");
    EXPECT_EQ(parsed("0010.0100").to_string(), "10.01");
    EXPECT_EQ(parsed("-0050.500000000000000000").to_string(), "-50.5");
}

TEST(MoneyToString, RoundTripsCanonicalStringsThroughParse) {
    const std::vector<std::string> canonical = {
        "0",
        "1",
        "-1",
        "350",
        "0.5",
        "-0.5",
        "1.1",
        "12.34",
        "1000000",
        "0.000000000000000001",
        "-0.000000000000000001",
        "0.1",
        "0.01",
        "0.000000001",
        "123456789.987654321",
        "18446744073709551615",  // 2^64 - 1
        "18446744073709551616",  // 2^64
        "9223372036854775807.5",
        "12345678901234567890.123456789012345678",
        "-12345678901234567890.123456789012345678",
        "10000000000000000000",
        "99999999999999999999",
        "99999999999999999999.999999999999999999",
        "-99999999999999999999.999999999999999999",
        "0.999999999999999999",
    };
    for (const auto& text : canonical) EXPECT_EQ(parsed(text).to_string(), text);
}

TEST(MoneyToString, RoundTripsUnitsThroughTextAcrossAllDigitPositions) {
    Units units = 1;
    for (int i = 0; i < Money::integer_digits_max + Money::fraction_digits_max; ++i, units *= 10) {
        for (Units value : {units, units * 7 / 3, units * 10 - 1}) {
            const Money money = Money::from_units(value);
            EXPECT_EQ(parsed(money.to_string()), money) << money.to_string();
            EXPECT_EQ(parsed(money.negated().to_string()), money.negated()) << money.to_string();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Construction and predicates

TEST(MoneyBasics, ZeroAndDefaultAreTheSame) {
    EXPECT_EQ(Money(), Money::zero());
    EXPECT_EQ(Money::zero().units(), 0);
    EXPECT_EQ(Money::zero().to_string(), "0");
}

TEST(MoneyBasics, FromUnitsKeepsTheUnitCount) {
    EXPECT_EQ(Money::from_units(42).units(), 42);
    EXPECT_EQ(Money::from_units(-42).units(), -42);
}

TEST(MoneyBasics, SignPredicates) {
    EXPECT_TRUE(Money::zero().is_zero());
    EXPECT_FALSE(Money::zero().is_positive());
    EXPECT_FALSE(Money::zero().is_negative());

    EXPECT_TRUE(smallest_unit().is_positive());
    EXPECT_FALSE(smallest_unit().is_negative());
    EXPECT_FALSE(smallest_unit().is_zero());

    EXPECT_TRUE(smallest_unit().negated().is_negative());
    EXPECT_FALSE(smallest_unit().negated().is_positive());
    EXPECT_FALSE(smallest_unit().negated().is_zero());
}

TEST(MoneyBasics, NegatedFlipsTheSign) {
    EXPECT_EQ(parsed("12.5").negated(), parsed("-12.5"));
    EXPECT_EQ(parsed("-12.5").negated(), parsed("12.5"));
    EXPECT_EQ(Money::zero().negated(), Money::zero());
    EXPECT_EQ(max().negated(), min());
    EXPECT_EQ(min().negated(), max());
    EXPECT_EQ(parsed("3").negated().negated(), parsed("3"));
}

// ---------------------------------------------------------------------------------------------
// Comparisons

TEST(MoneyCompare, OrdersByValue) {
    EXPECT_LT(parsed("1"), parsed("2"));
    EXPECT_LT(parsed("-2"), parsed("-1"));
    EXPECT_LT(parsed("-0.000000000000000001"), Money::zero());
    EXPECT_LT(Money::zero(), smallest_unit());
    EXPECT_LT(parsed("0.999999999999999999"), parsed("1"));
    EXPECT_LT(min(), max());
    EXPECT_GT(parsed("10"), parsed("9.999999999999999999"));
    EXPECT_LE(parsed("1"), parsed("1.0"));
    EXPECT_GE(parsed("1"), parsed("1.0"));
}

TEST(MoneyCompare, EqualityIgnoresSpelling) {
    EXPECT_EQ(parsed("1.50"), parsed("1.5"));
    EXPECT_EQ(parsed("001.5"), parsed("1.5"));
    EXPECT_EQ(parsed("0.000"), parsed("0"));
    EXPECT_NE(parsed("1.5"), parsed("-1.5"));
    EXPECT_NE(parsed("1"), parsed("1.000000000000000001"));
}

TEST(MoneyCompare, ThreeWayComparisonIsStrong) {
    EXPECT_EQ(parsed("1") <=> parsed("2"), std::strong_ordering::less);
    EXPECT_EQ(parsed("2") <=> parsed("2.0"), std::strong_ordering::equal);
    EXPECT_EQ(parsed("3") <=> parsed("2"), std::strong_ordering::greater);
}

// ---------------------------------------------------------------------------------------------
// Checked arithmetic

TEST(MoneyArithmetic, AddsExactly) {
    auto sum = parsed("0.1").checked_add(parsed("0.2"));
    ASSERT_TRUE(sum.ok());
    EXPECT_EQ(sum.value().to_string(), "0.3");

    auto mixed = parsed("100").checked_add(parsed("-0.000000000000000001"));
    ASSERT_TRUE(mixed.ok());
    EXPECT_EQ(mixed.value().to_string(), "99.999999999999999999");
}

TEST(MoneyArithmetic, SubtractsExactly) {
    auto difference = parsed("1").checked_sub(parsed("0.000000000000000001"));
    ASSERT_TRUE(difference.ok());
    EXPECT_EQ(difference.value().to_string(), "0.999999999999999999");

    auto negative = parsed("5").checked_sub(parsed("7.25"));
    ASSERT_TRUE(negative.ok());
    EXPECT_EQ(negative.value().to_string(), "-2.25");
}

TEST(MoneyArithmetic, ReachingTheMaximumExactlyIsAllowed) {
    auto sum = max().checked_sub(smallest_unit()).value().checked_add(smallest_unit());
    ASSERT_TRUE(sum.ok());
    EXPECT_EQ(sum.value(), max());

    auto difference = min().checked_add(smallest_unit()).value().checked_sub(smallest_unit());
    ASSERT_TRUE(difference.ok());
    EXPECT_EQ(difference.value(), min());
}

TEST(MoneyArithmetic, MaxPlusSmallestUnitOverflows) {
    auto sum = max().checked_add(smallest_unit());
    ASSERT_FALSE(sum.ok());
    EXPECT_EQ(sum.error(), MoneyOverflow{});
}

TEST(MoneyArithmetic, MaxMinusNegativeUnitOverflows) {
    EXPECT_FALSE(max().checked_sub(smallest_unit().negated()).ok());
}

TEST(MoneyArithmetic, MinMinusSmallestUnitOverflows) {
    auto difference = min().checked_sub(smallest_unit());
    ASSERT_FALSE(difference.ok());
    EXPECT_EQ(difference.error(), MoneyOverflow{});
}

TEST(MoneyArithmetic, MinPlusNegativeUnitOverflows) {
    EXPECT_FALSE(min().checked_add(smallest_unit().negated()).ok());
}

TEST(MoneyArithmetic, ExtremesCombinedOverflowWithoutWrapping) {
    EXPECT_FALSE(max().checked_add(max()).ok());
    EXPECT_FALSE(min().checked_add(min()).ok());
    EXPECT_FALSE(max().checked_sub(min()).ok());
    EXPECT_FALSE(min().checked_sub(max()).ok());
}

TEST(MoneyArithmetic, MaxMinusMaxIsZero) {
    auto difference = max().checked_sub(max());
    ASSERT_TRUE(difference.ok());
    EXPECT_TRUE(difference.value().is_zero());
}

TEST(MoneyArithmetic, MaxPlusMinIsZero) {
    auto sum = max().checked_add(min());
    ASSERT_TRUE(sum.ok());
    EXPECT_TRUE(sum.value().is_zero());
}

TEST(MoneyArithmetic, MinMinusMinIsZero) {
    auto difference = min().checked_sub(min());
    ASSERT_TRUE(difference.ok());
    EXPECT_TRUE(difference.value().is_zero());
}

TEST(MoneyArithmetic, ZeroIsTheIdentity) {
    EXPECT_EQ(max().checked_add(Money::zero()).value(), max());
    EXPECT_EQ(min().checked_sub(Money::zero()).value(), min());
    EXPECT_EQ(Money::zero().checked_sub(max()).value(), min());
}

TEST(MoneyArithmetic, OperandsAreNotModified) {
    const Money a = parsed("1.5");
    const Money b = parsed("2.25");
    EXPECT_EQ(a.checked_add(b).value().to_string(), "3.75");
    EXPECT_EQ(a.checked_sub(b).value().to_string(), "-0.75");
    EXPECT_EQ(a.to_string(), "1.5");
    EXPECT_EQ(b.to_string(), "2.25");
}

}  // namespace
}  // namespace transfers
