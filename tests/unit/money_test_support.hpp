// Helpers shared by the Money tests: literals that must parse, rejections, the range's ends.
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

#include "domain/money.hpp"

namespace transfers {

// Readable gtest failure messages.
inline void PrintTo(const Money& money, std::ostream* os) { *os << money.to_string(); }

namespace money_test {

using Units = Money::Units;

inline const std::string max_text = "99999999999999999999.999999999999999999";
inline const std::string min_text = "-99999999999999999999.999999999999999999";

inline Money parsed(std::string_view text) {
    auto result = Money::parse(text);
    EXPECT_TRUE(result.ok()) << "expected '" << text << "' to parse";
    return result.ok() ? result.value() : Money::zero();
}

// The rejection reason (the EXPECT reports it if the text unexpectedly parses).
inline MoneyParseError parse_error(std::string_view text) {
    auto result = Money::parse(text);
    EXPECT_FALSE(result.ok()) << "expected '" << text << "' to be rejected";
    return result.ok() ? MoneyParseError::empty : result.error();
}

inline Money smallest_unit() { return Money::from_units(1); }
inline Money max() { return Money::from_units(Money::max_units); }
inline Money min() { return Money::from_units(-Money::max_units); }

}  // namespace money_test
}  // namespace transfers
