#include "domain/error.hpp"

#include <array>
#include <utility>

namespace transfers {
namespace {

constexpr std::array<std::pair<ErrorCode, std::string_view>, 14> names{{
    {ErrorCode::invalid_request, "invalid_request"},
    {ErrorCode::account_not_found, "account_not_found"},
    {ErrorCode::transfer_not_found, "transfer_not_found"},
    {ErrorCode::account_exists, "account_exists"},
    {ErrorCode::insufficient_funds, "insufficient_funds"},
    {ErrorCode::balance_overflow, "balance_overflow"},
    {ErrorCode::idempotency_key_reused, "idempotency_key_reused"},
    {ErrorCode::unavailable, "unavailable"},
    {ErrorCode::outcome_unknown, "outcome_unknown"},
    {ErrorCode::unauthenticated, "unauthenticated"},
    {ErrorCode::forbidden, "forbidden"},
    {ErrorCode::rate_limited, "rate_limited"},
    {ErrorCode::client_exists, "client_exists"},
    {ErrorCode::client_not_found, "client_not_found"},
}};

}  // namespace

std::string_view code_name(ErrorCode code) {
    for (const auto& [known, name] : names) {
        if (known == code) return name;
    }
    return "unknown";
}

std::optional<ErrorCode> code_from_name(std::string_view name) {
    for (const auto& [code, known] : names) {
        if (known == name) return code;
    }
    return std::nullopt;
}

}  // namespace transfers
