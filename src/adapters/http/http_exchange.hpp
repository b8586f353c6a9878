// HttpRequestView and HttpAnswer: a request and its answer as the handlers see them, free of
// any networking types so routing and handling can be tested without sockets.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace transfers::http {

struct HttpRequestView {
    std::string_view method;
    std::string_view target;        // path and query, as received
    std::string_view content_type;  // empty when the header is absent
    std::string_view body;
    std::optional<std::string_view> idempotency_key = std::nullopt;  // the Idempotency-Key header, if sent
};

struct HttpAnswer {
    unsigned status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // beyond Content-Type
};

}  // namespace transfers::http
