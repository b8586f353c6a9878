// OTLP/JSON: the exact shape of an ExportTraceServiceRequest as collectors and Jaeger read it.
#include "adapters/otel/otlp_json_encoding.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <vector>

namespace transfers::otel {
namespace {

namespace json = boost::json;

template <std::size_t N>
std::array<std::uint8_t, N> id_counting_from(std::uint8_t first) {
    std::array<std::uint8_t, N> id{};
    for (std::size_t i = 0; i < N; ++i) id[i] = static_cast<std::uint8_t>(first + i);
    return id;
}

SpanData server_span() {
    SpanData span;
    span.name = "POST /v1/transfers";
    span.kind = SpanKind::server;
    span.trace_id = id_counting_from<16>(0x01);
    span.span_id = id_counting_from<8>(0xa1);
    span.parent_span_id = id_counting_from<8>(0xb1);
    span.tracestate = "rojo=1";
    span.start_unix_nano = 1'700'000'000'000'000'001;
    span.end_unix_nano = 1'700'000'000'250'000'000;
    span.attributes = {{"http.route", std::string("/v1/transfers")}, {"http.response.status_code", std::int64_t{422}}};
    span.events = {{"exception", 1'700'000'000'100'000'000, {{"exception.message", std::string("insufficient funds")}}}};
    span.links = {{id_counting_from<16>(0x11), id_counting_from<8>(0x21), ""}};
    span.status = SpanStatus::error;
    span.status_message = "insufficient funds";
    return span;
}

const json::value& only_span(const json::value& request) {
    return request.at("resourceSpans").at(0).at("scopeSpans").at(0).at("spans").at(0);
}

TEST(OtelJsonEncoding, EncodesTheExportRequestInTheOtlpJsonMapping) {
    const std::vector<SpanData> spans{server_span()};
    OtlpResource resource;
    resource.service_name = "transfers";
    resource.scope_name = "transfers";
    resource.scope_version = "1.0.0";
    const json::value expected = json::parse(R"({"resourceSpans":[{
        "resource":{"attributes":[{"key":"service.name","value":{"stringValue":"transfers"}}]},
        "scopeSpans":[{"scope":{"name":"transfers","version":"1.0.0"},"spans":[{
            "traceId":"0102030405060708090a0b0c0d0e0f10",
            "spanId":"a1a2a3a4a5a6a7a8",
            "parentSpanId":"b1b2b3b4b5b6b7b8",
            "traceState":"rojo=1",
            "name":"POST /v1/transfers",
            "kind":2,
            "startTimeUnixNano":"1700000000000000001",
            "endTimeUnixNano":"1700000000250000000",
            "attributes":[{"key":"http.route","value":{"stringValue":"/v1/transfers"}},
                          {"key":"http.response.status_code","value":{"intValue":"422"}}],
            "events":[{"timeUnixNano":"1700000000100000000","name":"exception",
                       "attributes":[{"key":"exception.message","value":{"stringValue":"insufficient funds"}}]}],
            "links":[{"traceId":"1112131415161718191a1b1c1d1e1f20","spanId":"2122232425262728"}],
            "status":{"code":2,"message":"insufficient funds"}}]}]}]})");
    EXPECT_EQ(json::parse(encode_export_trace_request(spans, resource)), expected);
}

TEST(OtelJsonEncoding, LeavesOutTheParentOfARootAndTheStatusOfASpanWithoutError) {
    SpanData root = server_span();
    root.parent_span_id = {};
    root.tracestate.clear();
    root.status = SpanStatus::unset;
    const std::vector<SpanData> spans{root};
    const json::value span = only_span(json::parse(encode_export_trace_request(spans, OtlpResource{})));
    EXPECT_FALSE(span.as_object().contains("parentSpanId"));
    EXPECT_FALSE(span.as_object().contains("traceState"));
    EXPECT_EQ(span.at("status"), json::object());
}

TEST(OtelJsonEncoding, NumbersSpanKindsAsOtlpDoes) {
    std::vector<SpanData> spans(3, server_span());
    spans[0].kind = SpanKind::internal;
    spans[1].kind = SpanKind::server;
    spans[2].kind = SpanKind::client;
    const json::value request = json::parse(encode_export_trace_request(spans, OtlpResource{}));
    const auto& encoded = request.at("resourceSpans").at(0).at("scopeSpans").at(0).at("spans").as_array();
    EXPECT_EQ(encoded.at(0).at("kind"), 1);
    EXPECT_EQ(encoded.at(1).at("kind"), 2);
    EXPECT_EQ(encoded.at(2).at("kind"), 3);
}

TEST(OtelJsonEncoding, SaysHowManyAttributesEventsAndLinksWereDropped) {
    SpanData span = server_span();
    span.attributes_dropped = 3;
    span.events_dropped = 2;
    span.links_dropped = 1;
    const std::vector<SpanData> spans{span};
    const json::value encoded = only_span(json::parse(encode_export_trace_request(spans, OtlpResource{})));
    EXPECT_EQ(encoded.at("droppedAttributesCount"), 3);
    EXPECT_EQ(encoded.at("droppedEventsCount"), 2);
    EXPECT_EQ(encoded.at("droppedLinksCount"), 1);
}

TEST(OtelJsonEncoding, ReplacesBytesThatAreNotUtf8) {
    SpanData span = server_span();
    span.attributes = {{"url.path", std::string("/v1/accounts/\xff\xC3\xA9\xE0\x80")}};
    const std::vector<SpanData> spans{span};
    const json::value encoded = only_span(json::parse(encode_export_trace_request(spans, OtlpResource{})));
    EXPECT_EQ(encoded.at("attributes").at(0).at("value").at("stringValue"),
              "/v1/accounts/\xEF\xBF\xBD\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(OtelJsonEncoding, AddsServiceVersionWhenKnown) {
    OtlpResource resource;
    resource.service_name = "transfers";
    resource.service_version = "2.1.0";
    const json::value request = json::parse(encode_export_trace_request({}, resource));
    const json::value expected = json::parse(R"([{"key":"service.name","value":{"stringValue":"transfers"}},
                                                 {"key":"service.version","value":{"stringValue":"2.1.0"}}])");
    EXPECT_EQ(request.at("resourceSpans").at(0).at("resource").at("attributes"), expected);
}

}  // namespace
}  // namespace transfers::otel
