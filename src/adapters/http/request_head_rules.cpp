#include "adapters/http/request_head_rules.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <string_view>
#include <vector>

#include "adapters/http/problem.hpp"

namespace transfers::http {
namespace beast = boost::beast;
namespace bhttp = beast::http;

namespace {

constexpr unsigned version_http11 = 11;

HttpAnswer invalid(std::string_view detail) {
    return problem_answer(400, "Invalid request", "invalid_request", detail);
}

// RFC 9112 section 3.2: an HTTP/1.1 request without Host, or any request with two, is refused.
std::optional<HttpAnswer> host_refusal(const RequestHead& head) {
    const std::size_t hosts = head.count(bhttp::field::host);
    if (hosts > 1 || (hosts == 0 && head.version() >= version_http11)) {
        return invalid("an HTTP/1.1 request needs exactly one Host header");
    }
    return std::nullopt;
}

// RFC 9112 section 6.1. Beast reads a body as chunked when chunked is the last coding and
// ignores any other coding, and without chunked it reads no body at all and would take the
// body's bytes for the next request: so only `chunked` alone is accepted, and the rest is
// refused here before a byte of the body is read.
std::optional<HttpAnswer> framing_refusal(const RequestHead& head) {
    const auto [first, last] = head.equal_range(bhttp::field::transfer_encoding);
    if (first == last) return std::nullopt;
    if (head.count(bhttp::field::content_length) > 0) {
        return invalid("Transfer-Encoding and Content-Length together: send one of them");
    }
    if (head.version() < version_http11) return invalid("Transfer-Encoding is not allowed in HTTP/1.0");
    std::vector<std::string_view> codings;
    for (auto field = first; field != last; ++field) {
        const bhttp::opt_token_list tokens{field->value()};
        if (!bhttp::validate_list(tokens)) return invalid("the Transfer-Encoding header is malformed");
        for (const auto token : tokens) codings.emplace_back(token.data(), token.size());
    }
    const auto is_chunked = [](std::string_view coding) { return beast::iequals(coding, "chunked"); };
    if (codings.empty() || !is_chunked(codings.back())) {
        return invalid("Transfer-Encoding must end with chunked: the body's length cannot be known otherwise");
    }
    for (std::size_t i = 0; i + 1 < codings.size(); ++i) {
        if (is_chunked(codings[i])) return invalid("Transfer-Encoding applies chunked more than once");
    }
    if (codings.size() > 1) {
        return problem_answer(501, "Not implemented", "not_implemented",
                              "Transfer-Encoding: only chunked alone is implemented");
    }
    return std::nullopt;
}

}  // namespace

std::optional<HttpAnswer> refusal_for_head(const RequestHead& head) {
    if (auto refused = host_refusal(head)) return refused;
    if (auto refused = framing_refusal(head)) return refused;
    // The handlers see one key (HttpRequestView::idempotency_key): two could mean two retries
    // merged by a proxy, and either choice would be a guess.
    if (head.count("Idempotency-Key") > 1) return invalid("the Idempotency-Key header is repeated: send it once");
    return std::nullopt;
}

bool expects_continue(const RequestHead& head) {
    if (head.version() < version_http11) return false;
    const auto expect = head.find(bhttp::field::expect);
    return expect != head.end() && beast::iequals(expect->value(), "100-continue");
}

}  // namespace transfers::http
