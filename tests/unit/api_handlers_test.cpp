// ApiHandlers end to end over the in-memory ledger: the exact status, headers and body of
// every route and error, and that a refused request changes nothing.
#include "unit/api_handlers_fixture.hpp"

namespace transfers::http {
namespace {

using namespace api_test;

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
