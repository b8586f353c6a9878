// Request head rules: one Host on HTTP/1.1, only `chunked` alone as a transfer coding and never
// with Content-Length, one Idempotency-Key; and who waits for `100 Continue`.
#include "adapters/http/request_head_rules.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <initializer_list>
#include <string>
#include <utility>

namespace transfers::http {
namespace {

using Field = std::pair<std::string, std::string>;

RequestHead head(unsigned version, std::initializer_list<Field> fields) {
    RequestHead result;
    result.method(boost::beast::http::verb::post);
    result.target("/v1/transfers");
    result.version(version);
    for (const auto& [name, value] : fields) result.insert(name, value);
    return result;
}

// The refusal's status, code and detail as one line, or "accepted".
std::string verdict(const RequestHead& request) {
    const auto refused = refusal_for_head(request);
    if (!refused) return "accepted";
    const auto body = boost::json::parse(refused->body).as_object();
    EXPECT_EQ(refused->content_type, "application/problem+json");
    return std::to_string(refused->status) + " " + std::string(body.at("code").as_string()) + ": " +
           std::string(body.at("detail").as_string());
}

const std::string missing_host = "400 invalid_request: an HTTP/1.1 request needs exactly one Host header";

TEST(RequestHeadRules, AnHttp11RequestWithOneHostIsAccepted) {
    EXPECT_EQ(verdict(head(11, {{"Host", "x"}, {"Content-Length", "2"}})), "accepted");
}

TEST(RequestHeadRules, AnHttp11RequestWithoutHostIsRefused) {
    EXPECT_EQ(verdict(head(11, {{"Content-Length", "2"}})), missing_host);
}

TEST(RequestHeadRules, TwoHostHeadersAreRefused) {
    EXPECT_EQ(verdict(head(11, {{"Host", "x"}, {"Host", "y"}})), missing_host);
}

TEST(RequestHeadRules, AnHttp10RequestMayOmitHost) {
    EXPECT_EQ(verdict(head(10, {})), "accepted");
}

TEST(RequestHeadRules, ChunkedAloneIsAccepted) {
    EXPECT_EQ(verdict(head(11, {{"Host", "x"}, {"Transfer-Encoding", "chunked"}})), "accepted");
    EXPECT_EQ(verdict(head(11, {{"Host", "x"}, {"Transfer-Encoding", "Chunked"}})), "accepted");
}

TEST(RequestHeadRules, AnotherCodingBeforeChunkedIsNotImplemented) {
    EXPECT_EQ(verdict(head(11, {{"Host", "x"}, {"Transfer-Encoding", "gzip, chunked"}})),
              "501 not_implemented: Transfer-Encoding: only chunked alone is implemented");
    EXPECT_EQ(verdict(head(11, {{"Host", "x"}, {"Transfer-Encoding", "gzip"}, {"Transfer-Encoding", "chunked"}})),
              "501 not_implemented: Transfer-Encoding: only chunked alone is implemented");
}

TEST(RequestHeadRules, ACodingThatDoesNotEndWithChunkedIsRefused) {
    const std::string refused =
        "400 invalid_request: Transfer-Encoding must end with chunked: the body's length cannot be known otherwise";
    EXPECT_EQ(verdict(head(11, {{"Host", "x"}, {"Transfer-Encoding", "identity"}})), refused);
    EXPECT_EQ(verdict(head(11, {{"Host", "x"}, {"Transfer-Encoding", "gzip"}})), refused);
    EXPECT_EQ(verdict(head(11, {{"Host", "x"}, {"Transfer-Encoding", "chunked, gzip"}})), refused);
}

TEST(RequestHeadRules, ChunkedTwiceIsRefused) {
    EXPECT_EQ(verdict(head(11, {{"Host", "x"}, {"Transfer-Encoding", "chunked, chunked"}})),
              "400 invalid_request: Transfer-Encoding applies chunked more than once");
}

TEST(RequestHeadRules, TransferEncodingWithContentLengthIsRefused) {
    EXPECT_EQ(verdict(head(11, {{"Host", "x"}, {"Transfer-Encoding", "gzip"}, {"Content-Length", "5"}})),
              "400 invalid_request: Transfer-Encoding and Content-Length together: send one of them");
}

TEST(RequestHeadRules, TransferEncodingOnHttp10IsRefused) {
    EXPECT_EQ(verdict(head(10, {{"Transfer-Encoding", "chunked"}})),
              "400 invalid_request: Transfer-Encoding is not allowed in HTTP/1.0");
}

TEST(RequestHeadRules, ARepeatedIdempotencyKeyIsRefused) {
    EXPECT_EQ(verdict(head(11, {{"Host", "x"}, {"Idempotency-Key", "a"}, {"Idempotency-Key", "a"}})),
              "400 invalid_request: the Idempotency-Key header is repeated: send it once");
    EXPECT_EQ(verdict(head(11, {{"Host", "x"}, {"Idempotency-Key", "a"}})), "accepted");
}

TEST(RequestHeadRules, OnlyAnHttp11ClientThatAsksWaitsForContinue) {
    EXPECT_TRUE(expects_continue(head(11, {{"Expect", "100-continue"}})));
    EXPECT_TRUE(expects_continue(head(11, {{"Expect", "100-Continue"}})));
    EXPECT_FALSE(expects_continue(head(11, {})));
    EXPECT_FALSE(expects_continue(head(10, {{"Expect", "100-continue"}})));
}

}  // namespace
}  // namespace transfers::http
