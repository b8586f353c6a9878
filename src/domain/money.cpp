#include "domain/money.hpp"

#include <algorithm>
#include <cstddef>

namespace transfers {

namespace {

// size_t copies of the limits, for comparing with string lengths.
constexpr auto integer_digits_limit = static_cast<std::size_t>(Money::integer_digits_max);
constexpr auto fraction_digits_limit = static_cast<std::size_t>(Money::fraction_digits_max);

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Index of the first non-digit at or after `pos`.
std::size_t skip_digits(std::string_view text, std::size_t pos) {
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    return pos;
}

// Digits are validated and counted beforehand (at most 20 + 18), so this cannot exceed 10^38 - 1.
Money::Units accumulate(Money::Units acc, std::string_view digits) {
    for (char c : digits) acc = acc * 10 + (c - '0');
    return acc;
}

// Where the pieces of -?[0-9]*(\.[0-9]*)? sit in the text; syntax only, lengths are checked later.
struct Split {
    bool negative = false;
    std::string_view integer;
    bool has_point = false;
    std::string_view fraction;
    bool trailing_garbage = false;
};

Split split(std::string_view text) {
    Split s;
    std::size_t pos = 0;
    if (pos < text.size() && text[pos] == '-') {
        s.negative = true;
        ++pos;
    }
    std::size_t end = skip_digits(text, pos);
    s.integer = text.substr(pos, end - pos);
    pos = end;
    if (pos < text.size() && text[pos] == '.') {
        s.has_point = true;
        end = skip_digits(text, ++pos);
        s.fraction = text.substr(pos, end - pos);
        pos = end;
    }
    s.trailing_garbage = pos != text.size();
    return s;
}

// Checked in order of "most fundamental" problem first, so "+1" is bad_character, not a count issue.
Result<void, MoneyParseError> validate(std::string_view text, const Split& s) {
    if (text.empty()) return fail(MoneyParseError::empty);
    if (s.trailing_garbage) return fail(MoneyParseError::bad_character);
    if (s.integer.empty()) return fail(MoneyParseError::missing_integer_digits);
    if (s.has_point && s.fraction.empty()) return fail(MoneyParseError::missing_fraction_digits);
    if (s.integer.size() > integer_digits_limit) return fail(MoneyParseError::too_many_integer_digits);
    if (s.fraction.size() > fraction_digits_limit) return fail(MoneyParseError::too_many_fraction_digits);
    return {};
}

// Decimal digits of a non-negative value, most significant first; "0" for zero.
std::string digits_of(Money::Units value) {
    assert(value >= 0);
    std::string out;
    do {
        out.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
        value /= 10;
    } while (value != 0);
    std::reverse(out.begin(), out.end());
    return out;
}

// a + b, refused before computing when it would leave +-max_units. Checking afterwards is not
// enough: max + max = 2 * (10^38 - 1) exceeds 2^127 - 1 (~1.7 * 10^38), which is UB for __int128.
// Each bound below stays within [-max_units, max_units] because b is tested for sign first.
Result<Money, MoneyOverflow> checked_sum(Money::Units a, Money::Units b) {
    assert(Money::in_range(a) && Money::in_range(b));
    const bool overflows = b > 0 ? a > Money::max_units - b : a < -Money::max_units - b;
    if (overflows) return fail(MoneyOverflow{});
    return Money::from_units(a + b);
}

}  // namespace

std::string_view describe(MoneyParseError error) {
    switch (error) {
        case MoneyParseError::empty:
            return "must not be empty";
        case MoneyParseError::bad_character:
            return "must be a plain decimal string: digits, an optional leading '-' and an optional '.'";
        case MoneyParseError::missing_integer_digits:
            return "must have at least one digit before the decimal point";
        case MoneyParseError::missing_fraction_digits:
            return "must have at least one digit after the decimal point";
        case MoneyParseError::too_many_integer_digits:
            return "must have at most 20 digits before the decimal point";
        case MoneyParseError::too_many_fraction_digits:
            return "must have at most 18 digits after the decimal point";
        case MoneyParseError::negative_zero:
            return "must not be a negative zero: write 0";
    }
    return "must be a decimal string with at most 20 digits before the point and 18 after";
}

Result<Money, MoneyParseError> Money::parse(std::string_view text) {
    const Split s = split(text);
    if (auto valid = validate(text, s); !valid.ok()) return fail(valid.error());
    Units units = accumulate(0, s.integer);
    units = accumulate(units, s.fraction);
    // Scale the fraction up to 18 digits: "1.5" is 15 followed by 17 zeros.
    for (std::size_t i = s.fraction.size(); i < fraction_digits_limit; ++i) units *= 10;
    if (s.negative && units == 0) return fail(MoneyParseError::negative_zero);
    return from_units(s.negative ? -units : units);
}

std::string Money::to_string() const {
    const Units magnitude = is_negative() ? -units_ : units_;
    std::string out = is_negative() ? "-" : "";
    out += digits_of(magnitude / units_per_one);
    const Units fraction = magnitude % units_per_one;
    if (fraction == 0) return out;
    std::string fraction_digits = digits_of(fraction);
    fraction_digits.insert(0, fraction_digits_limit - fraction_digits.size(), '0');
    fraction_digits.erase(fraction_digits.find_last_not_of('0') + 1);
    return out + "." + fraction_digits;
}

Result<Money, MoneyOverflow> Money::checked_add(Money other) const { return checked_sum(units_, other.units_); }

// The range is symmetric, so negating the subtrahend is always valid.
Result<Money, MoneyOverflow> Money::checked_sub(Money other) const {
    return checked_sum(units_, other.negated().units_);
}

}  // namespace transfers
