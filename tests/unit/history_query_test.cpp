// History query: `limit` and `after` read from the decoded query, with the parameter named on refusal.
#include "adapters/http/history_query.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "app/account_service.hpp"

namespace transfers::http {
namespace {

constexpr AccountId account{1001};
constexpr std::string_view bad_cursor = "after: not a cursor this service issued for this account";

Result<HistoryQuery, Error> decode(std::string_view target) { return decode_history_query(target, account); }

std::string refusal(std::string_view target) {
    auto decoded = decode(target);
    EXPECT_FALSE(decoded.ok()) << "expected a refusal of " << target;
    if (decoded.ok()) return "";
    EXPECT_EQ(decoded.error().code, ErrorCode::invalid_request);
    return decoded.error().detail;
}

TEST(DecodeHistoryQuery, DefaultsToTheFirstPageOfTheDefaultSize) {
    auto query = decode("/v1/accounts/1001/transfers");

    ASSERT_TRUE(query.ok());
    EXPECT_EQ(query->limit, history_page_default);
    EXPECT_EQ(query->before, std::nullopt);
}

TEST(DecodeHistoryQuery, ReadsAPercentEncodedLimit) {
    EXPECT_EQ(decode("/x?limit=%35").value().limit, 5u);
    EXPECT_EQ(decode("/x?limit=500").value().limit, 500u);
}

TEST(DecodeHistoryQuery, ReadsBackTheCursorItIssued) {
    const std::string cursor = encode_history_cursor(account, 42);

    EXPECT_EQ(decode("/x?after=" + cursor).value().before, 42);
    EXPECT_EQ(decode("/x?limit=1&after=" + cursor).value().before, 42);
}

TEST(DecodeHistoryQuery, RefusesALimitOutsideOneTo500NamingIt) {
    const std::string range = "limit: must be an integer from 1 to 500";
    for (std::string_view target : {"/x?limit=0", "/x?limit=501", "/x?limit=", "/x?limit", "/x?limit=abc",
                                    "/x?limit=+1", "/x?limit=%2B1", "/x?limit=%201", "/x?limit=1.5", "/x?limit=-1",
                                    "/x?limit=18446744073709551617"}) {
        EXPECT_EQ(refusal(target), range) << target;
    }
}

TEST(DecodeHistoryQuery, RefusesACursorItDidNotIssueForThisAccount) {
    const std::string cursor = encode_history_cursor(account, 42);
    EXPECT_EQ(refusal("/x?after=" + encode_history_cursor(AccountId{1002}, 42)), bad_cursor);
    EXPECT_EQ(refusal("/x?after=" + cursor.substr(1)), bad_cursor);
    EXPECT_EQ(refusal("/x?after="), bad_cursor);
    EXPECT_EQ(refusal("/x?after=" + cursor + "A"), bad_cursor);
}

TEST(DecodeHistoryQuery, RefusesUnknownRepeatedAndMalformedParametersNamingThem) {
    EXPECT_EQ(refusal("/x?page=2"), "page: unknown query parameter");
    EXPECT_EQ(refusal("/x?limit=1&limit=2"), "limit: given more than once");
    EXPECT_EQ(refusal("/x?after=a&after=b"), "after: given more than once");
    EXPECT_EQ(refusal("/x?limit=%zz"), "limit: malformed percent-encoding ('%' must be followed by two hex digits)");
}

// docs/openapi.yaml gives `after` and `next_cursor` the pattern ^[A-Za-z0-9_-]{26}[AEIMQUYcgkosw048]$:
// 27 base64url characters, the last one with its two padding bits zero. Every cursor issued must
// match it. (Checked by hand: std::regex trips GCC 12's -Wmaybe-uninitialized in the sanitizer build.)
bool has_documented_shape(std::string_view cursor) {
    constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    constexpr std::string_view last = "AEIMQUYcgkosw048";
    return cursor.size() == 27 && cursor.substr(0, 26).find_first_not_of(alphabet) == std::string_view::npos &&
           last.find(cursor.back()) != std::string_view::npos;
}

TEST(EncodeHistoryCursor, IssuesCursorsOfTheDocumentedShape) {
    EXPECT_FALSE(has_documented_shape(std::string(26, 'A') + "B")) << "the check itself can fail";
    for (std::int64_t before : {std::int64_t{1}, std::int64_t{42}, std::int64_t{1} << 40, INT64_MAX}) {
        for (AccountId id : {AccountId{1}, AccountId{1001}, AccountId{INT64_MAX}}) {
            const std::string cursor = encode_history_cursor(id, before);
            EXPECT_TRUE(has_documented_shape(cursor)) << cursor;
        }
    }
}

// The same data bits with a padding bit set: the checksum still matches, so only the padding
// check refuses it (one text per cursor, as the documented pattern says).
TEST(DecodeHistoryQuery, RefusesACursorWhosePaddingBitsAreSet) {
    constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const std::string cursor = encode_history_cursor(account, 42);
    const auto last = alphabet.find(cursor.back());
    ASSERT_EQ(last % 4, 0u);
    for (std::size_t padding = 1; padding < 4; ++padding) {
        std::string padded = cursor;
        padded.back() = alphabet[last + padding];
        EXPECT_EQ(refusal("/x?after=" + padded), bad_cursor) << padded;
    }
}

}  // namespace
}  // namespace transfers::http
