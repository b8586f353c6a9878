// Problem details (RFC 9457): how every error leaves the service.
#pragma once

#include <string_view>

#include "adapters/http/http_exchange.hpp"
#include "domain/error.hpp"

namespace transfers::http {

// Seconds a client should wait before retrying a 503.
constexpr int retry_after_seconds_unavailable = 1;

// The answer for a use-case error: status, title and code follow README's error table.
HttpAnswer problem_answer(const Error& error);

// The answer for an error the HTTP layer finds itself (unknown route, wrong method, ...).
HttpAnswer problem_answer(unsigned status, std::string_view title, std::string_view code,
                          std::string_view detail);

}  // namespace transfers::http
