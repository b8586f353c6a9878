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
        case ErrorCode::outcome_unknown: return {503, "Outcome unknown"};
        case ErrorCode::unauthenticated: return {401, "Unauthenticated"};
        case ErrorCode::forbidden: return {403, "Forbidden"};
        case ErrorCode::rate_limited: return {429, "Too many requests"};
        case ErrorCode::client_exists: return {409, "Client already exists"};
        case ErrorCode::client_not_found: return {404, "Client not found"};
    }
    return {500, "Internal error"};
}

// A 503's detail carries the database's own message, which is for the log, not the client: the
// client is told what it can do instead.
std::string_view client_detail(const Error& error) {
    switch (error.code) {
        case ErrorCode::unavailable: return "a dependency is down; retry later";
        case ErrorCode::outcome_unknown:
            return "the transfer may or may not have been committed: the database did not confirm in time; "
                   "retry with the same Idempotency-Key to learn the outcome";
        default: return error.detail;
    }
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
    if (kind.status == 503) spdlog::warn("answering 503 {}: {}", code_name(error.code), error.detail);
    return problem_answer(kind.status, kind.title, code_name(error.code), client_detail(error));
}

}  // namespace transfers::http
