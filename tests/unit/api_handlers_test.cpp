// ApiHandlers end to end over the in-memory ledger: the exact status, headers and body of
// every route and error, and that a refused request changes nothing.
#include "adapters/http/api_handlers.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "unit/fakes/fake_clock.hpp"
#include "unit/fakes/fake_monotonic_clock.hpp"
#include "unit/fakes/fake_transfer_id_source.hpp"
#include "unit/fakes/in_memory_ledger_store.hpp"
#include "unit/fakes/fake_token_authority.hpp"
#include "unit/fakes/in_memory_client_store.hpp"
#include "unit/fakes/inline_task_runner.hpp"
#include "ports/no_tracer.hpp"

namespace transfers::http {
namespace {

using fakes::InMemoryLedgerStore;
using Headers = std::vector<std::pair<std::string, std::string>>;
using Operation = InMemoryLedgerStore::Operation;

constexpr std::string_view first_id = "00000000-0000-7000-8000-000000000001";
constexpr std::string_view created_at = "2026-11-25T16:22:12.123456Z";
constexpr std::string_view seed_transfer = R"({"source_account_id":1001,"destination_account_id":2002,"amount":"150"})";

std::string problem(unsigned status, std::string_view title, std::string_view code, std::string_view detail) {
    return R"({"type":"about:blank","title":")" + std::string(title) + R"(","status":)" + std::to_string(status) +
           R"(,"code":")" + std::string(code) + R"(","detail":")" + std::string(detail) + R"("})";
}

std::string invalid(std::string_view detail) { return problem(400, "Invalid request", "invalid_request", detail); }

const std::string unavailable = problem(503, "Service unavailable", "unavailable", "a dependency is down; retry later");

class ApiHandlersTest : public ::testing::Test {
protected:
    // With an inline runner and no cache, every answer is given before handle() returns.
    HttpAnswer call(const HttpRequestView& request) {
        std::optional<HttpAnswer> answer;
        handlers.handle(request, [&](HttpAnswer given) {
            EXPECT_FALSE(answer.has_value()) << "answered twice";
            answer = std::move(given);
        });
        EXPECT_TRUE(answer.has_value()) << "never answered";
        return answer.value_or(HttpAnswer{});
    }
    HttpAnswer post(std::string_view target, std::string_view body, std::string_view content_type = "application/json") {
        return call(HttpRequestView{"POST", target, content_type, body});
    }
    HttpAnswer get(std::string_view target) { return call(HttpRequestView{"GET", target, "", ""}); }

    // The seed's e2e starting point: 1001 holds 500, 2002 holds 0.
    void open_seed_accounts() {
        ASSERT_EQ(post("/v1/accounts", R"({"account_id":1001,"initial_balance":"500"})").status, 201u);
        ASSERT_EQ(post("/v1/accounts", R"({"account_id":2002,"initial_balance":"0"})").status, 201u);
    }
    std::string transfer_body(std::string_view amount) {
        return R"({"source_account_id":1001,"destination_account_id":2002,"amount":")" + std::string(amount) + "\"}";
    }

    InMemoryLedgerStore store;
    fakes::FakeClock clock;
    fakes::FakeTransferIdSource ids;
    AccountService accounts{store, clock};
    NoBalanceCache cache;
    TransferService transfers{store, cache, clock, ids};
    fakes::FakeMonotonicClock monotonic;
    DatabaseHealth database_health{store, monotonic, HealthCheckLimits{}};
    Readiness readiness{database_health, cache};
    fakes::InlineTaskRunner runner;
    CommitCounter commits;
    NoTracer tracer;
    TransferBatcher batcher{transfers, cache, commits, runner, BatchLimits{}, tracer};
    ServiceApi api{{accounts, transfers, batcher, readiness, cache, runner, commits, tracer}};
    fakes::InMemoryClientStore client_store;
    fakes::FakeTokenAuthority tokens;
    ClientService client_service{client_store, tokens, clock};
    ClientHandlers client_handlers{client_service, runner};
    ApiHandlers handlers{api, client_handlers, [] { return std::string("metrics_total 1\n"); }};
};

void expect_answer(const HttpAnswer& answer, unsigned status, std::string_view body) {
    EXPECT_EQ(answer.status, status);
    EXPECT_EQ(answer.body, body);
    EXPECT_EQ(answer.content_type, status < 400 ? "application/json" : "application/problem+json");
}

void expect_unavailable(const HttpAnswer& answer) {
    expect_answer(answer, 503, unavailable);
    EXPECT_EQ(answer.headers, (Headers{{"Retry-After", "1"}}));
}

// ---------------------------------------------------------------------------------------------
// Accounts

TEST_F(ApiHandlersTest, PostAccountsAnswers201WithTheAccount) {
    const HttpAnswer answer = post("/v1/accounts", R"({"account_id":1001,"initial_balance":"500"})");

    expect_answer(answer, 201, R"({"account_id":1001,"balance":"500"})");
    EXPECT_TRUE(answer.headers.empty());
    EXPECT_EQ(store.account(AccountId{1001})->balance.to_string(), "500");
}

TEST_F(ApiHandlersTest, PostAccountsShowsTheBalanceCanonically) {
    expect_answer(post("/v1/accounts", R"({"account_id":1,"initial_balance":"007.250"})"), 201,
                  R"({"account_id":1,"balance":"7.25"})");
}

TEST_F(ApiHandlersTest, PostAccountsAcceptsJsonWithParametersAndAnyCase) {
    expect_answer(post("/v1/accounts", R"({"account_id":1,"initial_balance":"1"})", "application/json; charset=utf-8"),
                  201, R"({"account_id":1,"balance":"1"})");
    expect_answer(post("/v1/accounts", R"({"account_id":2,"initial_balance":"1"})", "Application/JSON"), 201,
                  R"({"account_id":2,"balance":"1"})");
}

TEST_F(ApiHandlersTest, PostAccountsAcceptsATrailingNewline) {
    expect_answer(post("/v1/accounts", "{\"account_id\":1,\"initial_balance\":\"1\"}\n"), 201,
                  R"({"account_id":1,"balance":"1"})");
}

TEST_F(ApiHandlersTest, PostAccountsForAnExistingIdIs409) {
    open_seed_accounts();

    expect_answer(post("/v1/accounts", R"({"account_id":1001,"initial_balance":"1"})"), 409,
                  problem(409, "Account already exists", "account_exists", "account 1001 already exists"));
}

TEST_F(ApiHandlersTest, PostAccountsWithANegativeBalanceIs400) {
    expect_answer(post("/v1/accounts", R"({"account_id":1,"initial_balance":"-1"})"), 400,
                  invalid("initial_balance: must not be negative"));
}

TEST_F(ApiHandlersTest, PostAccountsWithBadFieldsIs400NamingTheField) {
    expect_answer(post("/v1/accounts", R"({"account_id":0,"initial_balance":"1"})"), 400,
                  invalid("account_id: must be an integer from 1 to 9223372036854775807"));
    expect_answer(post("/v1/accounts", R"({"account_id":1,"initial_balance":1})"), 400,
                  invalid("initial_balance: must be a decimal string, not an integer"));
    expect_answer(post("/v1/accounts", R"({"account_id":1})"), 400, invalid("initial_balance: is required"));
    expect_answer(post("/v1/accounts", R"({"account_id":1,"initial_balance":"1","x":1})"), 400,
                  invalid("x: unknown field"));
    expect_answer(post("/v1/accounts", "[1]"), 400, invalid("body: must be a JSON object"));
}

TEST_F(ApiHandlersTest, GetAccountAnswers200WithTheBalance) {
    open_seed_accounts();

    expect_answer(get("/v1/accounts/1001"), 200, R"({"account_id":1001,"balance":"500"})");
    expect_answer(get("/v1/accounts/2002"), 200, R"({"account_id":2002,"balance":"0"})");
}

TEST_F(ApiHandlersTest, HeadOfAnAccountAnswersAsGetDoes) {
    open_seed_accounts();

    // The server drops the body of a HEAD answer; status and headers are the GET's.
    expect_answer(call({"HEAD", "/v1/accounts/1001", "", ""}), 200, R"({"account_id":1001,"balance":"500"})");
}

TEST_F(ApiHandlersTest, GetAnUnknownAccountIs404) {
    expect_answer(get("/v1/accounts/404"), 404, problem(404, "Account not found", "account_not_found",
                                                         "account 404 does not exist"));
}

TEST_F(ApiHandlersTest, GetAccountWithABadIdIs400) {
    for (std::string_view target : {"/v1/accounts/0", "/v1/accounts/-1", "/v1/accounts/abc", "/v1/accounts/1.5",
                                    "/v1/accounts/9223372036854775808"}) {
        expect_answer(get(target), 400, invalid("account_id: must be an integer from 1 to 9223372036854775807"));
    }
}

// ---------------------------------------------------------------------------------------------
// Transfers

TEST_F(ApiHandlersTest, PostTransfersAnswers201WithTheRecordAndMovesTheMoney) {
    open_seed_accounts();

    expect_answer(post("/v1/transfers", seed_transfer), 201,
                  R"({"transaction_id":")" + std::string(first_id) +
                      R"(","source_account_id":1001,"destination_account_id":2002,"amount":"150","created_at":")" +
                      std::string(created_at) + R"(","created_by":"anonymous"})");
    expect_answer(get("/v1/accounts/1001"), 200, R"({"account_id":1001,"balance":"350"})");
    expect_answer(get("/v1/accounts/2002"), 200, R"({"account_id":2002,"balance":"150"})");
}

TEST_F(ApiHandlersTest, ATransferNamesItsClientAndADebitOutsideTheClientsAccountsIs403ChangingNothing) {
    open_seed_accounts();
    const Client payroll{"payroll", ScopeSet::of({Scope::transfers_write}), AccountRanges::parse("1001", "x").value(),
                         std::nullopt, Timestamp{}, std::nullopt};
    HttpRequestView back{"POST", "/v1/transfers", "application/json",
                         R"({"source_account_id":2002,"destination_account_id":1001,"amount":"1"})"};
    back.client = &payroll;
    expect_answer(call(back), 403, problem(403, "Forbidden", "forbidden", "this client may not debit account 2002"));
    expect_answer(get("/v1/accounts/2002"), 200, R"({"account_id":2002,"balance":"0"})");

    HttpRequestView forth{"POST", "/v1/transfers", "application/json", seed_transfer};
    forth.client = &payroll;
    const HttpAnswer created = call(forth);
    EXPECT_EQ(created.status, 201u);
    EXPECT_NE(created.body.find(R"("created_by":"payroll")"), std::string::npos) << created.body;
    expect_answer(get("/v1/transfers/" + std::string(first_id)), 200, created.body);
}

TEST_F(ApiHandlersTest, GetTransferAnswersTheSameRecordAsThePost) {
    open_seed_accounts();
    const HttpAnswer posted = post("/v1/transfers", seed_transfer);
    ASSERT_EQ(posted.status, 201u);

    expect_answer(get("/v1/transfers/" + std::string(first_id)), 200, posted.body);
}

TEST_F(ApiHandlersTest, PostTransfersWithInsufficientFundsIs422) {
    open_seed_accounts();

    expect_answer(post("/v1/transfers", transfer_body("500.000000000000000001")), 422,
                  problem(422, "Insufficient funds", "insufficient_funds",
                          "the source account balance is lower than the amount"));
}

TEST_F(ApiHandlersTest, PostTransfersToAFullAccountIs422BalanceOverflow) {
    ASSERT_EQ(post("/v1/accounts", R"({"account_id":1001,"initial_balance":"1"})").status, 201u);
    ASSERT_EQ(post("/v1/accounts", R"({"account_id":2002,"initial_balance":"99999999999999999999.9"})").status, 201u);

    expect_answer(post("/v1/transfers", transfer_body("0.1")), 422,
                  problem(422, "Balance overflow", "balance_overflow",
                          "the destination balance would exceed the largest balance an account can hold"));
}

TEST_F(ApiHandlersTest, PostTransfersBetweenUnknownAccountsIs404NamingTheSide) {
    ASSERT_EQ(post("/v1/accounts", R"({"account_id":1001,"initial_balance":"500"})").status, 201u);

    expect_answer(post("/v1/transfers", seed_transfer), 404,
                  problem(404, "Account not found", "account_not_found",
                          "destination_account_id: account 2002 does not exist"));
}

TEST_F(ApiHandlersTest, PostTransfersWithBadRequestsIs400) {
    open_seed_accounts();

    expect_answer(post("/v1/transfers", transfer_body("0")), 400, invalid("amount: must be greater than zero"));
    expect_answer(post("/v1/transfers", transfer_body("-100")), 400, invalid("amount: must be greater than zero"));
    expect_answer(post("/v1/transfers", transfer_body("1e3")), 400,
                  invalid("amount: must be a plain decimal string: digits, an optional leading '-' and an optional '.'"));
    expect_answer(post("/v1/transfers", R"({"source_account_id":1001,"destination_account_id":1001,"amount":"1"})"),
                  400, invalid("destination_account_id: must differ from source_account_id"));
    expect_answer(post("/v1/transfers", R"({"source_account_id":1001,"destination_account_id":2002,"amount":150})"),
                  400, invalid("amount: must be a decimal string, not an integer"));
}

TEST_F(ApiHandlersTest, GetAnUnknownTransferIs404) {
    expect_answer(get("/v1/transfers/00000000-0000-7000-8000-00000000abcd"), 404,
                  problem(404, "Transfer not found", "transfer_not_found",
                          "transfer 00000000-0000-7000-8000-00000000abcd does not exist"));
}

TEST_F(ApiHandlersTest, GetTransferWithABadIdIs400) {
    expect_answer(get("/v1/transfers/00000000-0000-7000-8000-00000000ABCD"), 400,
                  invalid("transaction_id: must be a lowercase UUID"));
    expect_answer(get("/v1/transfers/1"), 400, invalid("transaction_id: must be a lowercase UUID"));
}

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

// ---------------------------------------------------------------------------------------------
// Dependencies down

TEST_F(ApiHandlersTest, EveryRouteAnswers503WhenTheStoreIsDown) {
    open_seed_accounts();
    store.fail_next(Operation::insert_account);
    store.fail_next(Operation::find_account);
    store.fail_next(Operation::transact);
    store.fail_next(Operation::find_transfer);

    expect_unavailable(post("/v1/accounts", R"({"account_id":3,"initial_balance":"1"})"));
    expect_unavailable(get("/v1/accounts/1001"));
    expect_unavailable(post("/v1/transfers", seed_transfer));
    expect_unavailable(get("/v1/transfers/" + std::string(first_id)));
}

TEST_F(ApiHandlersTest, HealthIs200WithTheAgeOfTheLastCheckWhenTheDatabaseAnswered) {
    database_health.check_once();
    monotonic.advance(std::chrono::milliseconds(420));

    const HttpAnswer answer = get("/v1/health");

    expect_answer(answer, 200, R"({"status":"ok","checks":{"database":"up"},"checked_ms_ago":{"database":420}})");
    EXPECT_TRUE(answer.headers.empty());
}

TEST_F(ApiHandlersTest, HealthIs503NamingTheDatabaseWhenItIsDown) {
    store.fail_next(Operation::ping);
    database_health.check_once();

    const HttpAnswer answer = get("/v1/health");

    EXPECT_EQ(answer.status, 503u);
    EXPECT_EQ(answer.content_type, "application/json");
    EXPECT_EQ(answer.body, R"({"status":"unavailable","checks":{"database":"down"},"checked_ms_ago":{"database":0}})");
    EXPECT_EQ(answer.headers, (Headers{{"Retry-After", "1"}}));
}

TEST_F(ApiHandlersTest, HealthIs503BeforeTheFirstCheck) {
    const HttpAnswer answer = get("/v1/health");

    EXPECT_EQ(answer.status, 503u);
    EXPECT_EQ(answer.body, R"({"status":"unavailable","checks":{"database":"down"}})");
}

// ---------------------------------------------------------------------------------------------
// A failed request changes nothing

TEST_F(ApiHandlersTest, NoRefusedRequestChangesTheLedger) {
    open_seed_accounts();
    const std::string before = store.dump();
    // Owned strings: HttpRequestView only views them.
    struct Request {
        std::string method, target, content_type, body;
    };
    const std::vector<Request> refused = {
        {"POST", "/v1/transfers", "application/json", transfer_body("500.1")},
        {"POST", "/v1/transfers", "application/json", transfer_body("0")},
        {"POST", "/v1/transfers", "application/json", transfer_body("-150")},
        {"POST", "/v1/transfers", "application/json", transfer_body("1.0000000000000000001")},
        {"POST", "/v1/transfers", "application/json",
         R"({"source_account_id":1001,"destination_account_id":3,"amount":"1"})"},
        {"POST", "/v1/transfers", "text/plain", std::string(seed_transfer)},
        {"POST", "/v1/transfers", "application/json", R"({"source_account_id":1001,"destination_account_id":2002)"},
        {"POST", "/v1/transfers", "application/json", std::string(seed_transfer) + "x"},
        {"PUT", "/v1/transfers", "application/json", std::string(seed_transfer)},
        {"POST", "/v1/accounts", "application/json", R"({"account_id":1001,"initial_balance":"9"})"},
        {"POST", "/v1/accounts", "application/json", R"({"account_id":3,"initial_balance":"-9"})"},
        {"POST", "/v1/accounts", "text/plain", R"({"account_id":3,"initial_balance":"9"})"},
    };
    for (const Request& r : refused) {
        EXPECT_GE(call({r.method, r.target, r.content_type, r.body}).status, 400u) << r.method << " " << r.body;
    }

    EXPECT_EQ(store.dump(), before);
    EXPECT_EQ(store.commits(), 0);
}

TEST_F(ApiHandlersTest, AStoreFailureDuringATransferChangesNothing) {
    open_seed_accounts();
    const std::string before = store.dump();
    store.lose_next_commit_outcomes(InMemoryLedgerStore::LostCommit::discarded, 3);

    expect_unavailable(post("/v1/transfers", seed_transfer));

    EXPECT_EQ(store.dump(), before);
}

TEST_F(ApiHandlersTest, ALostCommitThatHappenedAnswers201Once) {
    open_seed_accounts();
    store.lose_next_commit_outcomes(InMemoryLedgerStore::LostCommit::applied);

    EXPECT_EQ(post("/v1/transfers", seed_transfer).status, 201u);

    expect_answer(get("/v1/accounts/1001"), 200, R"({"account_id":1001,"balance":"350"})");
    EXPECT_EQ(store.transfers().size(), 1u);
}

}  // namespace
}  // namespace transfers::http
