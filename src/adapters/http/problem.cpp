#include "adapters/http/problem.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

#include <string>

namespace transfers::http {
namespace {

struct ProblemKind {
    unsigned status;
    std::string_view title;
};

ProblemKind kind_of(ErrorCode code) {
    switch (code) {
        case ErrorCode::invalid_request: return {400, "Invalid request"};
        case ErrorCode::account_not_found: return {404, "Account not found"};
        case ErrorCode::transfer_not_found: return {404, "Transfer not found"};
        case ErrorCode::account_exists: return {409, "Account already exists"};
        case ErrorCode::idempotency_key_reused: return {409, "Idempotency key reused"};
        case ErrorCode::insufficient_funds: return {422, "Insufficient funds"};
        case ErrorCode::balance_overflow: return {422, "Balance overflow"};
        case ErrorCode::unavailable: return {503, "Service unavailable"};
    }
    return {500, "Internal error"};
}

}  // namespace

HttpAnswer problem_answer(unsigned status, std::string_view title, std::string_view code,
                          std::string_view detail) {
    boost::json::object body;
    body["type"] = "about:blank";
    body["title"] = title;
    body["status"] = status;
    body["code"] = code;
    body["detail"] = detail;
    HttpAnswer answer{status, "application/problem+json", boost::json::serialize(body), {}, std::string(code)};
    if (status == 503) {
        answer.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds_unavailable));
    }
    return answer;
}

HttpAnswer problem_answer(const Error& error) {
    const ProblemKind kind = kind_of(error.code);
    // The client is told only that a dependency is down; the operator needs the cause.
    if (error.code == ErrorCode::unavailable) spdlog::warn("answering 503: {}", error.detail);
    // A 503's detail carries the database's own message, which is for the log, not the client.
    const std::string_view detail = error.code == ErrorCode::unavailable
                                        ? std::string_view("a dependency is down; retry later")
                                        : std::string_view(error.detail);
    return problem_answer(kind.status, kind.title, code_name(error.code), detail);
}

}  // namespace transfers::http
