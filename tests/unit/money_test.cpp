// Money, part one: the limits, parsing, and every way a text is refused.
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

TEST(MoneyParse, ZeroIsZeroHoweverItIsSpelt) {
    EXPECT_EQ(parsed("0"), Money::zero());
    EXPECT_EQ(parsed("0.0"), Money::zero());
    EXPECT_EQ(parsed("000.000000000000000000"), Money::zero());
    EXPECT_EQ(parsed("000").to_string(), "0");
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

TEST(MoneyParseRejects, NegativeZeroHoweverItIsSpelt) {
    for (std::string_view text : {"-0", "-0.0", "-0.000", "-000", "-00.000000000000000000"}) {
        EXPECT_EQ(parse_error(text), MoneyParseError::negative_zero) << text;
    }
    EXPECT_EQ(describe(MoneyParseError::negative_zero), "must not be a negative zero: write 0");
}

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

}  // namespace
}  // namespace transfers
