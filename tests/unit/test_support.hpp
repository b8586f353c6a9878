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

inline std::string_view code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::invalid_request: return "invalid_request";
        case ErrorCode::account_not_found: return "account_not_found";
        case ErrorCode::transfer_not_found: return "transfer_not_found";
        case ErrorCode::account_exists: return "account_exists";
        case ErrorCode::insufficient_funds: return "insufficient_funds";
        case ErrorCode::balance_overflow: return "balance_overflow";
        case ErrorCode::unavailable: return "unavailable";
    }
    return "?";
}

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
