// Money: an exact decimal amount (up to 20 integer and 18 fraction digits), never a float.
#pragma once

#include <cassert>
#include <compare>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace transfers {

// Why text input is rejected; each case gets its own value so callers and tests can tell them apart.
enum class MoneyParseError {
    empty,                      // ""
    bad_character,              // anything outside -?[0-9.]: '+', spaces, exponents, "NaN", a second '-' or '.'
    missing_integer_digits,     // ".5", "-", "-.5": at least one digit must come before any point
    missing_fraction_digits,    // "1.": a point must be followed by at least one digit
    too_many_integer_digits,    // more than Money::integer_digits_max digits before the point
    too_many_fraction_digits,   // more than Money::fraction_digits_max after it (never rounded)
    negative_zero,              // "-0", "-0.00": a '-' always means a value below zero
};

// Short human sentence fragment for an HTTP error detail, e.g. "amount " + describe(e).
std::string_view describe(MoneyParseError error);

// The result of an addition or subtraction would leave the representable range.
struct MoneyOverflow {
    friend bool operator==(MoneyOverflow, MoneyOverflow) = default;
};

class Money {
public:
    // A count of 10^-18 units. 128 bits because 10^38 - 1 does not fit in 64;
    // __extension__ keeps -Wpedantic quiet about the non-standard type.
    __extension__ using Units = __int128;

    // The bounds match a SQL DECIMAL(38,18) column, so every Money can be stored without loss.
    static constexpr int integer_digits_max = 20;
    static constexpr int fraction_digits_max = 18;
    static constexpr Units units_per_one = [] {
        Units p = 1;
        for (int i = 0; i < fraction_digits_max; ++i) p *= 10;
        return p;
    }();
    // 10^38 - 1, i.e. 99999999999999999999.999999999999999999.
    static constexpr Units max_units = [] {
        Units p = 1;
        for (int i = 0; i < integer_digits_max + fraction_digits_max; ++i) p *= 10;
        return p - 1;
    }();

    // Zero, so that Money can sit in default-constructed records.
    constexpr Money() = default;

    // Accepts exactly -?[0-9]{1,20}(\.[0-9]{1,18})? except a zero with a '-'; anything else is an
    // error, nothing is rounded. A negative zero is refused rather than read as zero: it is no
    // number to_string writes, and as an amount or a balance it is either a client's bug or a
    // sign that was meant and lost, which reading it as 0 would hide.
    static Result<Money, MoneyParseError> parse(std::string_view text);

    static constexpr Money from_units(Units units) {
        assert(in_range(units));
        return Money(units);
    }
    static constexpr Money zero() { return Money(); }

    constexpr Units units() const { return units_; }
    constexpr bool is_negative() const { return units_ < 0; }
    constexpr bool is_positive() const { return units_ > 0; }
    constexpr bool is_zero() const { return units_ == 0; }
    // Always valid: the range is symmetric.
    constexpr Money negated() const { return Money(-units_); }

    // Canonical text: no leading zeros, no trailing fraction zeros, no point for whole
    // amounts, "-" only for negatives, zero is "0". parse(to_string()) gives back the same value.
    std::string to_string() const;

    // Fail with MoneyOverflow when the exact result would leave +-max_units; never wrap or round.
    // The bound is checked before computing: max + max (~2 * 10^38) would overflow __int128 itself.
    Result<Money, MoneyOverflow> checked_add(Money other) const;
    Result<Money, MoneyOverflow> checked_sub(Money other) const;

    friend constexpr auto operator<=>(const Money&, const Money&) = default;
    friend constexpr bool operator==(const Money&, const Money&) = default;

    static constexpr bool in_range(Units units) { return units >= -max_units && units <= max_units; }

private:
    constexpr explicit Money(Units units) : units_(units) {}

    Units units_ = 0;
};

}  // namespace transfers
