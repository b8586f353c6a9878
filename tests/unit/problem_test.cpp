// Problem details: every error leaves as RFC 9457 JSON with the code of README's error table.
#include "adapters/http/problem.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace transfers::http {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

std::string body_for(unsigned status, std::string_view title, std::string_view code, std::string_view detail) {
    return R"({"type":"about:blank","title":")" + std::string(title) + R"(","status":)" + std::to_string(status) +
           R"(,"code":")" + std::string(code) + R"(","detail":")" + std::string(detail) + R"("})";
}

void expect_problem(const Error& error, unsigned status, std::string_view title, std::string_view code) {
    const HttpAnswer answer = problem_answer(error);
    EXPECT_EQ(answer.status, status);
    EXPECT_EQ(answer.content_type, "application/problem+json");
    EXPECT_EQ(answer.body, body_for(status, title, code, error.detail));
    EXPECT_TRUE(answer.headers.empty());
}

TEST(ProblemAnswer, InvalidRequestIs400) {
    expect_problem({ErrorCode::invalid_request, "amount: is required"}, 400, "Invalid request", "invalid_request");
}

TEST(ProblemAnswer, MissingAccountIs404) {
    expect_problem({ErrorCode::account_not_found, "account 7 does not exist"}, 404, "Account not found",
                   "account_not_found");
}

TEST(ProblemAnswer, MissingTransferIs404) {
    expect_problem({ErrorCode::transfer_not_found, "transfer x does not exist"}, 404, "Transfer not found",
                   "transfer_not_found");
}

TEST(ProblemAnswer, ExistingAccountIs409) {
    expect_problem({ErrorCode::account_exists, "account 1 already exists"}, 409, "Account already exists",
                   "account_exists");
}

TEST(ProblemAnswer, InsufficientFundsIs422) {
    expect_problem({ErrorCode::insufficient_funds, "too low"}, 422, "Insufficient funds", "insufficient_funds");
}

TEST(ProblemAnswer, BalanceOverflowIs422) {
    expect_problem({ErrorCode::balance_overflow, "too high"}, 422, "Balance overflow", "balance_overflow");
}

TEST(ProblemAnswer, UnavailableIs503WithRetryAfterAndHidesTheInternalMessage) {
    const HttpAnswer answer =
        problem_answer(Error{ErrorCode::unavailable, "the ledger database is unavailable: Access denied for user 'root'@'10.0.0.5'"});

    EXPECT_EQ(answer.status, 503u);
    EXPECT_EQ(answer.content_type, "application/problem+json");
    EXPECT_EQ(answer.body,
              R"({"type":"about:blank","title":"Service unavailable","status":503,"code":"unavailable","detail":"a dependency is down; retry later"})");
    EXPECT_EQ(answer.headers, (Headers{{"Retry-After", "1"}}));
}

TEST(ProblemAnswer, OutcomeUnknownIs503WithRetryAfterAndTellsTheClientToRetryWithItsKey) {
    const HttpAnswer answer = problem_answer(
        Error{ErrorCode::outcome_unknown, "COMMIT sent, its outcome lost, and the read-back failed: timeout"});

    EXPECT_EQ(answer.status, 503u);
    EXPECT_EQ(answer.content_type, "application/problem+json");
    EXPECT_EQ(answer.body,
              R"({"type":"about:blank","title":"Outcome unknown","status":503,"code":"outcome_unknown",)"
              R"("detail":"the transfer may or may not have been committed: the database did not confirm in time; )"
              R"(retry with the same Idempotency-Key to learn the outcome"})");
    EXPECT_EQ(answer.headers, (Headers{{"Retry-After", "1"}}));
}

TEST(ProblemAnswer, EscapesTheDetailAsJson) {
    const HttpAnswer answer = problem_answer(Error{ErrorCode::invalid_request, "a\"b\\c\nd"});

    EXPECT_EQ(answer.body, body_for(400, "Invalid request", "invalid_request", R"(a\"b\\c\nd)"));
}

TEST(ProblemAnswer, HttpLayerErrorsUseTheSameShape) {
    const HttpAnswer answer = problem_answer(405, "Method not allowed", "method_not_allowed", "this route accepts GET");

    EXPECT_EQ(answer.status, 405u);
    EXPECT_EQ(answer.content_type, "application/problem+json");
    EXPECT_EQ(answer.body, body_for(405, "Method not allowed", "method_not_allowed", "this route accepts GET"));
    EXPECT_TRUE(answer.headers.empty());
}

TEST(ProblemAnswer, AnyExplicit503CarriesRetryAfter) {
    const HttpAnswer answer = problem_answer(503, "Service unavailable", "unavailable", "draining");

    EXPECT_EQ(answer.headers, (Headers{{"Retry-After", "1"}}));
}

}  // namespace
}  // namespace transfers::http
