// Router: each method and path names one route; a known path with another method is a 405.
#include "adapters/http/router.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace transfers::http {
namespace {

void expect_route(std::string_view method, std::string_view target, Route route, std::string_view id = {}) {
    const RouteMatch match = match_route(method, target);
    EXPECT_EQ(match.route, route) << method << " " << target;
    EXPECT_EQ(match.id, id) << method << " " << target;
    EXPECT_TRUE(match.path_known) << method << " " << target;
}

// A known path asked with a method it does not accept: no route, and which methods it allows.
void expect_method_not_allowed(std::string_view method, std::string_view target, std::string_view allow) {
    const RouteMatch match = match_route(method, target);
    EXPECT_EQ(match.route, Route::none) << method << " " << target;
    EXPECT_TRUE(match.path_known) << method << " " << target;
    EXPECT_EQ(match.allow, allow) << method << " " << target;
}

void expect_unknown_path(std::string_view method, std::string_view target) {
    const RouteMatch match = match_route(method, target);
    EXPECT_EQ(match.route, Route::none) << method << " " << target;
    EXPECT_FALSE(match.path_known) << method << " " << target;
}

TEST(Router, PostAccountsOpensAnAccount) { expect_route("POST", "/v1/accounts", Route::open_account); }

TEST(Router, GetAccountsWithAnIdReadsThatAccountLeavingTheIdUnparsed) {
    expect_route("GET", "/v1/accounts/1001", Route::get_account, "1001");
    expect_route("GET", "/v1/accounts/abc", Route::get_account, "abc");
    expect_route("GET", "/v1/accounts/-1", Route::get_account, "-1");
}

TEST(Router, PostTransfersCreatesATransfer) { expect_route("POST", "/v1/transfers", Route::create_transfer); }

TEST(Router, GetTransfersWithAnIdReadsThatTransfer) {
    expect_route("GET", "/v1/transfers/0190f5a2-7c3e-7a1b-8c2d-0123456789ab", Route::get_transfer,
                 "0190f5a2-7c3e-7a1b-8c2d-0123456789ab");
}

TEST(Router, GetHealthIsTheHealthCheck) { expect_route("GET", "/v1/health", Route::health); }

TEST(Router, DecodesPercentEncodedSegmentsBeforeMatching) {
    expect_route("GET", "/v1/accounts/%31", Route::get_account, "1");
    expect_route("GET", "/v1/accounts/%31%30%30%31", Route::get_account, "1001");
    expect_route("GET", "/v1/%61ccounts/1", Route::get_account, "1");
    expect_unknown_path("GET", "/v1/%61CCOUNTS/1/transfers");  // decoding does not fold case
    expect_route("GET", "/%76%31/health", Route::health);
    expect_route("POST", "/v1/%74ransfers", Route::create_transfer);
    expect_route("GET", "/v1/accounts/1/%74ransfers", Route::account_history, "1");
    expect_route("GET", "/v1/accounts/%2531", Route::get_account, "%31");  // decoded once, not twice
}

TEST(Router, AnEncodedSlashStaysInsideItsSegment) {
    expect_route("GET", "/v1/accounts/1%2Ftransfers", Route::get_account, "1/transfers");
    expect_route("GET", "/v1/accounts/1%2f2", Route::get_account, "1/2");
    expect_unknown_path("GET", "/v1%2Faccounts/1");
    expect_unknown_path("GET", "/v1/accounts%2F1");
}

TEST(Router, AMalformedEscapeInThePathIsReportedWhateverTheRoute) {
    for (std::string_view target : {"/v1/accounts/%zz", "/v1/accounts/%4", "/v1/accounts/1%", "/v1/%g1ccounts/1",
                                    "/nowhere/%", "/v1/health%2"}) {
        const RouteMatch match = match_route("GET", target);
        EXPECT_TRUE(match.path_malformed) << target;
        EXPECT_EQ(match.route, Route::none) << target;
    }
    EXPECT_FALSE(match_route("GET", "/v1/accounts/1?x=%zz").path_malformed) << "the query is not the path";
}

TEST(Router, IgnoresTheQueryString) {
    expect_route("POST", "/v1/accounts?x=1", Route::open_account);
    expect_route("GET", "/v1/accounts/1001?fields=balance&x", Route::get_account, "1001");
    expect_route("POST", "/v1/transfers?", Route::create_transfer);
    expect_route("GET", "/v1/transfers/abc?x=/y", Route::get_transfer, "abc");
    expect_route("GET", "/v1/health?probe=ready", Route::health);
}

TEST(Router, HeadIsAnsweredByEveryGetRoute) {
    expect_route("HEAD", "/v1/accounts/1001", Route::get_account, "1001");
    expect_route("HEAD", "/v1/transfers/abc", Route::get_transfer, "abc");
    expect_route("HEAD", "/v1/health", Route::health);
}

TEST(Router, AnotherMethodOnAKnownPathIsNotAllowedAndSaysWhichIs) {
    expect_method_not_allowed("GET", "/v1/accounts", "POST");
    expect_method_not_allowed("HEAD", "/v1/accounts", "POST");
    expect_method_not_allowed("PUT", "/v1/accounts", "POST");
    expect_method_not_allowed("POST", "/v1/accounts/1001", "GET, HEAD");
    expect_method_not_allowed("DELETE", "/v1/accounts/1001", "GET, HEAD");
    expect_method_not_allowed("GET", "/v1/transfers", "POST");
    expect_method_not_allowed("PATCH", "/v1/transfers/abc", "GET, HEAD");
    expect_method_not_allowed("POST", "/v1/health", "GET, HEAD");
    expect_method_not_allowed("OPTIONS", "/v1/health", "GET, HEAD");
}

TEST(Router, MethodsAreCaseSensitive) {
    expect_method_not_allowed("get", "/v1/health", "GET, HEAD");
    expect_method_not_allowed("post", "/v1/accounts", "POST");
}

TEST(Router, UnknownPathsAreNotFound) {
    expect_unknown_path("GET", "/");
    expect_unknown_path("GET", "");
    expect_unknown_path("GET", "/v1");
    expect_unknown_path("GET", "/v2/accounts/1");
    expect_unknown_path("POST", "/v1/accounts/");
    expect_unknown_path("GET", "/v1/accounts/");
    expect_unknown_path("GET", "/v1/transfers/");
    expect_unknown_path("GET", "/v1/accounts/1001/");
    expect_unknown_path("GET", "/v1/accounts//1001");
    expect_unknown_path("GET", "/v1/accountsx");
    expect_unknown_path("GET", "/v1/Accounts/1");
    expect_unknown_path("GET", "/V1/health");
    expect_unknown_path("GET", "/v1/health/");
    expect_unknown_path("GET", "v1/health");
    expect_unknown_path("GET", "/v1/accounts/1/2");
}

}  // namespace
}  // namespace transfers::http
