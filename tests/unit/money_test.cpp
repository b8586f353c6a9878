#include "domain/money.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace transfers {

// Readable gtest failure messages; static so it cannot clash with another test file's printer.
[[maybe_unused]] static void PrintTo(const Money& money, std::ostream* os) { *os << money.to_string(); }

namespace {

using Units = Money::Units;

const std::string max_text = "99999999999999999999.999999999999999999";
const std::string min_text = "-99999999999999999999.999999999999999999";

Money parsed(std::string_view text) {
    auto result = Money::parse(text);
    EXPECT_TRUE(result.ok()) << "expected '" << text << "' to parse";
    return result.ok() ? result.value() : Money::zero();
}

// The rejection reason (the EXPECT reports it if the text unexpectedly parses).
MoneyParseError parse_error(std::string_view text) {
    auto result = Money::parse(text);
    EXPECT_FALSE(result.ok()) << "expected '" << text << "' to be rejected";
    return result.ok() ? MoneyParseError::empty : result.error();
}

Money smallest_unit() { return Money::from_units(1); }
Money max() { return Money::from_units(Money::max_units); }
Money min() { return Money::from_units(-Money::max_units); }

// ---------------------------------------------------------------------------------------------
// Limits

TEST(MoneyLimits, AreTwentyIntegerAndEighteenFractionDigits) {
    EXPECT_EQ(Money::integer_digits_max, 20);
    EXPECT_EQ(Money::fraction_digits_max, 18);
}

TEST(MoneyLimits, OneWholeIsTenToTheEighteenUnits) {
    EXPECT_EQ(Money::units_per_one, static_cast<Units>(1'000'000'000'000'000'000LL));
}

TEST(MoneyLimits, MaxUnitsIsTenToTheThirtyEightMinusOne) {
    const Units ten_to_19 = static_cast<Units>(10'000'000'000'000'000'000ULL);
    EXPECT_EQ(Money::max_units, ten_to_19 * ten_to_19 * 1 - 1);
    EXPECT_EQ(max().to_string(), max_text);
    EXPECT_EQ(min().to_string(), min_text);
}

TEST(MoneyLimits, InRangeIsInclusiveOfBothEnds) {
    EXPECT_TRUE(Money::in_range(Money::max_units));
    EXPECT_TRUE(Money::in_range(-Money::max_units));
    EXPECT_TRUE(Money::in_range(0));
    EXPECT_FALSE(Money::in_range(Money::max_units + 1));
    EXPECT_FALSE(Money::in_range(-Money::max_units - 1));
}

// ---------------------------------------------------------------------------------------------
// Parsing: accepted inputs and their exact unit counts

TEST(MoneyParse, WholeNumberIsScaledToUnits) {
    EXPECT_EQ(parsed("350").units(), 350 * Money::units_per_one);
    EXPECT_EQ(parsed("1").units(), Money::units_per_one);
    EXPECT_EQ(parsed("0").units(), 0);
}

TEST(MoneyParse, FractionIsScaledToUnits) {
    EXPECT_EQ(parsed("0.5").units(), Money::units_per_one / 2);
    EXPECT_EQ(parsed("1.10").units(), Money::units_per_one + Money::units_per_one / 10);
    EXPECT_EQ(parsed("0.000000000000000001").units(), 1);
    EXPECT_EQ(parsed("0.01").units(), Money::units_per_one / 100);
}

TEST(MoneyParse, NegativeValues) {
    EXPECT_EQ(parsed("-1").units(), -Money::units_per_one);
    EXPECT_EQ(parsed("-0.5").units(), -Money::units_per_one / 2);
    EXPECT_EQ(parsed("-0.000000000000000001").units(), -1);
}

TEST(MoneyParse, LeadingZerosAreAccepted) {
    EXPECT_EQ(parsed("007"), parsed("7"));
    EXPECT_EQ(parsed("00.50"), parsed("0.5"));
    EXPECT_EQ(parsed("-007.10"), parsed("-7.1"));
    EXPECT_EQ(parsed("0000"), Money::zero());
}

TEST(MoneyParse, MinusZeroIsZero) {
    EXPECT_EQ(parsed("-0"), Money::zero());
    EXPECT_EQ(parsed("-0.0"), Money::zero());
    EXPECT_EQ(parsed("-000.000000000000000000"), Money::zero());
    EXPECT_FALSE(parsed("-0").is_negative());
    EXPECT_EQ(parsed("-0").to_string(), "0");
}

TEST(MoneyParse, ExactlyTwentyIntegerDigitsAreAccepted) {
    EXPECT_EQ(parsed("99999999999999999999").to_string(), "99999999999999999999");
    EXPECT_EQ(parsed("12345678901234567890").to_string(), "12345678901234567890");
    EXPECT_EQ(parsed("00000000000000000001").to_string(), "1");
    EXPECT_EQ(parsed("-99999999999999999999").to_string(), "-99999999999999999999");
}

TEST(MoneyParse, ExactlyEighteenFractionDigitsAreAccepted) {
    EXPECT_EQ(parsed("0.123456789012345678").units(), 123456789012345678LL);
    EXPECT_EQ(parsed("0.999999999999999999").units(), Money::units_per_one - 1);
    EXPECT_EQ(parsed("0.000000000000000000"), Money::zero());
}

TEST(MoneyParse, MaximumAndMinimumValuesAreAccepted) {
    EXPECT_EQ(parsed(max_text), max());
    EXPECT_EQ(parsed(min_text), min());
    EXPECT_EQ(parsed(max_text).units(), Money::max_units);
    EXPECT_EQ(parsed(min_text).units(), -Money::max_units);
}

// ---------------------------------------------------------------------------------------------
// Parsing: rejected inputs, each with its specific reason

TEST(MoneyParseRejects, EmptyString) { EXPECT_EQ(parse_error(""), MoneyParseError::empty); }

TEST(MoneyParseRejects, LeadingPlus) {
    EXPECT_EQ(parse_error("+1"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("+0.5"), MoneyParseError::bad_character);
}

TEST(MoneyParseRejects, SpacesAnywhere) {
    EXPECT_EQ(parse_error(" 1"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("1 "), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("1 000"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("1. 5"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("- 1"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error(" "), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("\t1"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("1\n"), MoneyParseError::bad_character);
}

TEST(MoneyParseRejects, TwentyOneIntegerDigits) {
    EXPECT_EQ(parse_error("100000000000000000000"), MoneyParseError::too_many_integer_digits);
    EXPECT_EQ(parse_error("-100000000000000000000"), MoneyParseError::too_many_integer_digits);
    EXPECT_EQ(parse_error("100000000000000000000.5"), MoneyParseError::too_many_integer_digits);
}

TEST(MoneyParseRejects, TwentyOneIntegerDigitsEvenWhenTheyAreLeadingZeros) {
    EXPECT_EQ(parse_error("000000000000000000001"), MoneyParseError::too_many_integer_digits);
}

TEST(MoneyParseRejects, NineteenFractionDigitsInsteadOfRounding) {
    EXPECT_EQ(parse_error("0.1234567890123456789"), MoneyParseError::too_many_fraction_digits);
    EXPECT_EQ(parse_error("0.0000000000000000001"), MoneyParseError::too_many_fraction_digits);
    EXPECT_EQ(parse_error("1.0000000000000000000"), MoneyParseError::too_many_fraction_digits);
    EXPECT_EQ(parse_error("-1.9999999999999999999"), MoneyParseError::too_many_fraction_digits);
}

TEST(MoneyParseRejects, PointWithoutFractionDigits) {
    EXPECT_EQ(parse_error("1."), MoneyParseError::missing_fraction_digits);
    EXPECT_EQ(parse_error("-1."), MoneyParseError::missing_fraction_digits);
}

TEST(MoneyParseRejects, NoIntegerDigits) {
    EXPECT_EQ(parse_error(".5"), MoneyParseError::missing_integer_digits);
    EXPECT_EQ(parse_error("-.5"), MoneyParseError::missing_integer_digits);
    EXPECT_EQ(parse_error("."), MoneyParseError::missing_integer_digits);
}

TEST(MoneyParseRejects, MinusAlone) { EXPECT_EQ(parse_error("-"), MoneyParseError::missing_integer_digits); }

TEST(MoneyParseRejects, Exponents) {
    EXPECT_EQ(parse_error("1e3"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("1E3"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("1.5e-3"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("1e+3"), MoneyParseError::bad_character);
}

TEST(MoneyParseRejects, NonFiniteSpellings) {
    EXPECT_EQ(parse_error("NaN"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("nan"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("Infinity"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("-Infinity"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("inf"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("-inf"), MoneyParseError::bad_character);
}

TEST(MoneyParseRejects, SecondMinus) {
    EXPECT_EQ(parse_error("--1"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("1-"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("1-2"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("1.5-"), MoneyParseError::bad_character);
}

TEST(MoneyParseRejects, SecondPoint) {
    EXPECT_EQ(parse_error("1.2.3"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("1..2"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("0.5."), MoneyParseError::bad_character);
}

TEST(MoneyParseRejects, OtherCharacters) {
    EXPECT_EQ(parse_error("1,5"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("1_000"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("$1"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("1USD"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("0x10"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("abc"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error(std::string_view("1\0", 2)), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("\xd9\xa1"), MoneyParseError::bad_character);  // Arabic-Indic digit one
}

TEST(MoneyParseRejects, BadCharacterTakesPrecedenceOverDigitCounts) {
    EXPECT_EQ(parse_error("100000000000000000000x"), MoneyParseError::bad_character);
    EXPECT_EQ(parse_error("0.1234567890123456789 "), MoneyParseError::bad_character);
}

// ---------------------------------------------------------------------------------------------
// Error descriptions

TEST(MoneyParseErrorDescribe, EveryErrorHasADistinctNonEmptyDescription) {
    const std::vector<MoneyParseError> all = {
        MoneyParseError::empty,
        MoneyParseError::bad_character,
        MoneyParseError::missing_integer_digits,
        MoneyParseError::missing_fraction_digits,
        MoneyParseError::too_many_integer_digits,
        MoneyParseError::too_many_fraction_digits,
    };
    for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_FALSE(describe(all[i]).empty());
        for (std::size_t j = i + 1; j < all.size(); ++j) EXPECT_NE(describe(all[i]), describe(all[j]));
    }
}

TEST(MoneyParseErrorDescribe, DigitLimitsAreSpelledOut) {
    EXPECT_EQ(describe(MoneyParseError::too_many_integer_digits),
              "must have at most 20 digits before the decimal point");
    EXPECT_EQ(describe(MoneyParseError::too_many_fraction_digits),
              "must have at most 18 digits after the decimal point");
}

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
    EXPECT_EQ(parsed("-0.000").to_string(), "0");
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
    EXPECT_EQ(parsed("-0"), parsed("0"));
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
