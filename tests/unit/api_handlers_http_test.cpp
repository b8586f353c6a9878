// ApiHandlers on what the HTTP layer hands them: media types, unknown routes and methods,
// percent-encoded paths and query parameters.
#include "unit/api_handlers_fixture.hpp"

namespace transfers::http {
namespace {

using namespace api_test;

// ---------------------------------------------------------------------------------------------
// HTTP-level refusals

TEST_F(ApiHandlersTest, PostWithAnotherContentTypeIs415) {
    const std::string body = R"({"account_id":1,"initial_balance":"1"})";
    const std::string refused = problem(415, "Unsupported media type", "unsupported_media_type",
                                        "the body must be sent as application/json");
    for (std::string_view type : {"text/plain", "", "application/x-www-form-urlencoded", "application/jsonp",
                                  "application/json-patch+json", "application/jso", "application/json foo"}) {
        expect_answer(post("/v1/accounts", body, type), 415, refused);
    }
    EXPECT_TRUE(store.accounts().empty());
}

TEST_F(ApiHandlersTest, AnUnknownRouteIs404) {
    expect_answer(get("/v1/nothing"), 404, problem(404, "Not found", "not_found", "no such route"));
    expect_answer(post("/v1/accounts/", "{}"), 404, problem(404, "Not found", "not_found", "no such route"));
}

TEST_F(ApiHandlersTest, AWrongMethodIs405WithAllow) {
    const HttpAnswer answer = get("/v1/accounts");

    expect_answer(answer, 405, problem(405, "Method not allowed", "method_not_allowed", "this route accepts POST"));
    EXPECT_EQ(answer.headers, (Headers{{"Allow", "POST"}}));
    EXPECT_EQ(call({"DELETE", "/v1/accounts/1", "", ""}).headers, (Headers{{"Allow", "GET, HEAD"}}));
}

TEST_F(ApiHandlersTest, PercentEncodedPathSegmentsAreDecodedBeforeTheyAreRead) {
    open_seed_accounts();

    expect_answer(get("/v1/accounts/%31%30%30%31"), 200, R"({"account_id":1001,"balance":"500"})");
    expect_answer(get("/v1/%61ccounts/1001"), 200, R"({"account_id":1001,"balance":"500"})");
    expect_answer(get("/v1/accounts/1001%2Ftransfers"), 400,
                  invalid("account_id: must be an integer from 1 to 9223372036854775807"));
    expect_answer(get("/v1/transfers/%30%30000000-0000-7000-8000-00000000abcd"), 404,
                  problem(404, "Transfer not found", "transfer_not_found",
                          "transfer 00000000-0000-7000-8000-00000000abcd does not exist"));
}

TEST_F(ApiHandlersTest, AMalformedEscapeInThePathIs400NamingThePath) {
    const std::string malformed = invalid("path: malformed percent-encoding ('%' must be followed by two hex digits)");
    expect_answer(get("/v1/accounts/%zz"), 400, malformed);
    expect_answer(get("/v1/accounts/%4"), 400, malformed);
    expect_answer(post("/v1/%zzccounts", R"({"account_id":1,"initial_balance":"1"})"), 400, malformed);
    EXPECT_TRUE(store.accounts().empty());
}

TEST_F(ApiHandlersTest, AnUnknownQueryParameterIs400OnEveryRoute) {
    open_seed_accounts();
    const std::string before = store.dump();

    expect_answer(post("/v1/accounts?dry_run=1", R"({"account_id":3,"initial_balance":"1"})"), 400,
                  invalid("dry_run: unknown query parameter"));
    expect_answer(post("/v1/transfers?x", transfer_body("1")), 400, invalid("x: unknown query parameter"));
    expect_answer(get("/v1/accounts/1001?fields=balance"), 400, invalid("fields: unknown query parameter"));
    expect_answer(get("/v1/transfers/00000000-0000-7000-8000-00000000abcd?a=1"), 400,
                  invalid("a: unknown query parameter"));
    expect_answer(get("/v1/accounts/1001/transfers?limit=1&page=2"), 400, invalid("page: unknown query parameter"));
    expect_answer(get("/v1/health?probe=ready"), 400, invalid("probe: unknown query parameter"));
    expect_answer(get("/metrics?name[]=x"), 400, invalid("name[]: unknown query parameter"));
    expect_answer(get("/v1/openapi.yaml?format=json"), 400, invalid("format: unknown query parameter"));
    // A parameter named by the history route is still unknown on the others.
    expect_answer(get("/v1/accounts/1001?limit=5"), 400, invalid("limit: unknown query parameter"));
    EXPECT_EQ(store.dump(), before);
}

TEST_F(ApiHandlersTest, AnEmptyQueryIsNoParameterAtAll) {
    open_seed_accounts();

    expect_answer(get("/v1/accounts/1001?"), 200, R"({"account_id":1001,"balance":"500"})");
    expect_answer(get("/v1/accounts/1001?&"), 200, R"({"account_id":1001,"balance":"500"})");
    EXPECT_NE(get("/v1/health?").status, 400u);
}

TEST_F(ApiHandlersTest, HistoryReadsPercentEncodedParameters) {
    open_seed_accounts();
    for (int i = 0; i < 3; ++i) ASSERT_EQ(post("/v1/transfers", transfer_body("1")).status, 201u);

    const HttpAnswer page = get("/v1/accounts/1001/transfers?%6Cimit=%32");

    ASSERT_EQ(page.status, 200u) << page.body;
    EXPECT_NE(page.body.find("next_cursor"), std::string::npos) << "two of three: a next page";
    expect_answer(get("/v1/accounts/1001/transfers?limit=%zz"), 400,
                  invalid("limit: malformed percent-encoding ('%' must be followed by two hex digits)"));
    expect_answer(get("/v1/accounts/1001/transfers?limit=1&limit=2"), 400, invalid("limit: given more than once"));
}

}  // namespace
}  // namespace transfers::http
