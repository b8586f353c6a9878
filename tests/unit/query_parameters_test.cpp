// Query parameters: decoded pairs, and the one rule of every route: unknown or repeated is 400.
#include "adapters/http/query_parameters.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace transfers::http {
namespace {

constexpr std::string_view malformed = ": malformed percent-encoding ('%' must be followed by two hex digits)";

std::string refusal(const Result<QueryParameters, Error>& decoded) {
    EXPECT_FALSE(decoded.ok()) << "expected a refusal";
    if (decoded.ok()) return "";
    EXPECT_EQ(decoded.error().code, ErrorCode::invalid_request);
    return decoded.error().detail;
}

TEST(DecodeQuery, ReadsEveryKnownParameterDecoded) {
    auto query = decode_query("/p?limit=%35&after=a%2Db", {"limit", "after"});

    ASSERT_TRUE(query.ok());
    EXPECT_EQ(query->find("limit"), "5");
    EXPECT_EQ(query->find("after"), "a-b");
    EXPECT_EQ(query->find("other"), std::nullopt);
}

TEST(DecodeQuery, DecodesNamesAfterSplittingSoEscapedSeparatorsAreData) {
    auto query = decode_query("/p?%6Cimit=1%262%3D3", {"limit"});

    ASSERT_TRUE(query.ok());
    EXPECT_EQ(query->find("limit"), "1&2=3");
}

TEST(DecodeQuery, ReadsNoParametersFromNoOrAnEmptyQuery) {
    for (std::string_view target : {"/p", "/p?", "/p?&", "/p?&&"}) {
        auto query = decode_query(target, {});
        ASSERT_TRUE(query.ok()) << target;
        EXPECT_TRUE(query->pairs.empty()) << target;
    }
}

TEST(DecodeQuery, GivesAParameterWithoutEqualsTheEmptyValue) {
    auto query = decode_query("/p?limit", {"limit"});

    ASSERT_TRUE(query.ok());
    EXPECT_EQ(query->find("limit"), "");
}

TEST(DecodeQuery, RefusesAnUnknownParameterNamingIt) {
    EXPECT_EQ(refusal(decode_query("/p?x=1", {})), "x: unknown query parameter");
    EXPECT_EQ(refusal(decode_query("/p?limit=1&page=2", {"limit"})), "page: unknown query parameter");
    EXPECT_EQ(refusal(decode_query("/p?Limit=1", {"limit"})), "Limit: unknown query parameter");
    EXPECT_EQ(refusal(decode_query("/p?lim%69t2=1", {"limit"})), "limit2: unknown query parameter");
    EXPECT_EQ(refusal(decode_query("/p?=1", {"limit"})), "query: a parameter without a name");
}

TEST(DecodeQuery, ShowsAnUnprintableNameEscapedSoTheDetailStaysReadable) {
    EXPECT_EQ(refusal(decode_query("/p?a%0Ab=1", {})), "a%0Ab: unknown query parameter");
    EXPECT_EQ(refusal(decode_query("/p?%C3%A9=1", {})), "%C3%A9: unknown query parameter");
}

TEST(DecodeQuery, RefusesARepeatedParameterHoweverItIsSpelt) {
    EXPECT_EQ(refusal(decode_query("/p?limit=1&limit=2", {"limit"})), "limit: given more than once");
    EXPECT_EQ(refusal(decode_query("/p?limit=1&%6Cimit=1", {"limit"})), "limit: given more than once");
}

TEST(DecodeQuery, RefusesAMalformedEscapeNamingTheParameter) {
    EXPECT_EQ(refusal(decode_query("/p?limit=%zz", {"limit"})), "limit" + std::string(malformed));
    EXPECT_EQ(refusal(decode_query("/p?limit=%4", {"limit"})), "limit" + std::string(malformed));
    EXPECT_EQ(refusal(decode_query("/p?li%zzmit=1", {"limit"})), "li%zzmit" + std::string(malformed));
}

}  // namespace
}  // namespace transfers::http
