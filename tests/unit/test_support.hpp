// Small helpers shared by the unit tests: literal money, readable printing of errors.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "domain/account_id.hpp"
#include "domain/error.hpp"
#include "domain/money.hpp"

namespace transfers {

// gtest finds these by argument-dependent lookup, so failures print names, not numbers.
inline void PrintTo(ErrorCode code, std::ostream* os) { *os << code_name(code); }
inline void PrintTo(const Error& error, std::ostream* os) {
    *os << code_name(error.code) << " (" << error.detail << ")";
}

namespace test {

// A money literal the test knows to be valid: "150", "0.5".
inline Money money(std::string_view text) {
    auto parsed = Money::parse(text);
    EXPECT_TRUE(parsed.ok()) << "test literal '" << text << "' is not valid money";
    return parsed.ok() ? *parsed : Money::zero();
}

inline AccountId account_id(std::int64_t raw) { return AccountId{raw}; }

// The largest balance an account can hold: DECIMAL(38,18)'s maximum.
inline constexpr std::string_view max_balance = "99999999999999999999.999999999999999999";

}  // namespace test
}  // namespace transfers
