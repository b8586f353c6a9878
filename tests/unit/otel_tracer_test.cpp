// OtlpTracer: ids, parent-based ratio sampling, and what a span records until it is ended.
#include "adapters/otel/otlp_tracer.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "adapters/otel/trace_context_codec.hpp"

namespace transfers::otel {
namespace {

// Keeps every finished span; spans end on the test's thread only.
class CollectingSink final : public SpanSink {
public:
    void accept(SpanData span) override { spans.push_back(std::move(span)); }
    std::vector<SpanData> spans;
};

TraceContext remote_parent(bool sampled) {
    auto parent = parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    parent->sampled = sampled;
    parent->tracestate = "rojo=1";
    return *parent;
}

// A trace id whose last 7 bytes (the ones sampling reads) are `low7`, first byte non-zero.
TraceId trace_id_ending(std::uint64_t low7) {
    TraceId id{};
    id[0] = 0xab;
    for (int i = 0; i < 7; ++i) id[15 - i] = static_cast<std::uint8_t>(low7 >> (8 * i));
    return id;
}

const std::string* string_attribute(const SpanData& span, const std::string& key) {
    for (const auto& attribute : span.attributes) {
        if (attribute.key == key) return std::get_if<std::string>(&attribute.value);
    }
    return nullptr;
}

TEST(OtelSampling, RatioOneSamplesEveryTraceAndZeroNone) {
    EXPECT_TRUE(sample_new_trace(trace_id_ending(0x00ffffffffffffff), 1.0));
    EXPECT_FALSE(sample_new_trace(trace_id_ending(0), 0.0));
}

TEST(OtelSampling, SamplesWhenTheTraceIdsRandomBitsFallBelowTheRatio) {
    constexpr std::uint64_t half = std::uint64_t{1} << 55;  // 0.5 of the 56-bit range
    EXPECT_TRUE(sample_new_trace(trace_id_ending(half - 1), 0.5));
    EXPECT_FALSE(sample_new_trace(trace_id_ending(half), 0.5));
    EXPECT_TRUE(sample_new_trace(trace_id_ending(0), 0.001));
    EXPECT_FALSE(sample_new_trace(trace_id_ending(0x00ffffffffffffff), 0.999));
}

TEST(OtelSampling, FollowsTheParentsFlagWhateverTheRatio) {
    const TraceId unlucky = trace_id_ending(0x00ffffffffffffff);
    EXPECT_TRUE(sample_span(remote_parent(true), unlucky, 0.0));
    EXPECT_FALSE(sample_span(remote_parent(false), trace_id_ending(0), 1.0));
    EXPECT_FALSE(sample_span(TraceContext{}, unlucky, 0.5));
}

TEST(OtelSampling, KeepsAboutTheRatioOfNewTraces) {
    CollectingSink sink;
    OtlpTracer tracer(&sink, 0.25);
    constexpr int roots = 10000;
    int sampled = 0;
    for (int i = 0; i < roots; ++i) sampled += tracer.start_span("root", SpanKind::server, {})->context().sampled;
    EXPECT_GT(sampled, 2200);  // 2500 expected; 7 standard deviations either way
    EXPECT_LT(sampled, 2800);
    EXPECT_EQ(sink.spans.size(), static_cast<std::size_t>(sampled));
}

TEST(OtelTracer, StartsANewTraceWithoutAParent) {
    CollectingSink sink;
    OtlpTracer tracer(&sink, 1.0);
    auto span = tracer.start_span("GET /v1/health", SpanKind::server, {});
    const TraceContext context = span->context();
    EXPECT_TRUE(context.valid());
    EXPECT_TRUE(context.sampled);
    span->end();
    ASSERT_EQ(sink.spans.size(), 1u);
    const SpanData& data = sink.spans[0];
    EXPECT_EQ(data.name, "GET /v1/health");
    EXPECT_EQ(data.kind, SpanKind::server);
    EXPECT_EQ(data.trace_id, context.trace_id);
    EXPECT_EQ(data.span_id, context.span_id);
    EXPECT_EQ(data.parent_span_id, SpanId{});
    EXPECT_GT(data.start_unix_nano, 1'600'000'000'000'000'000u);
    EXPECT_LE(data.start_unix_nano, data.end_unix_nano);
}

TEST(OtelTracer, ContinuesTheParentsTraceAndTracestate) {
    CollectingSink sink;
    OtlpTracer tracer(&sink, 0.0);
    const TraceContext parent = remote_parent(true);
    auto span = tracer.start_span("POST /v1/transfers", SpanKind::server, parent);
    EXPECT_EQ(span->context().trace_id, parent.trace_id);
    EXPECT_NE(span->context().span_id, parent.span_id);
    EXPECT_EQ(span->context().tracestate, "rojo=1");
    span->end();
    ASSERT_EQ(sink.spans.size(), 1u);
    EXPECT_EQ(sink.spans[0].parent_span_id, parent.span_id);
    EXPECT_EQ(sink.spans[0].tracestate, "rojo=1");
}

TEST(OtelTracer, AnUnsampledSpanPropagatesItsContextAndRecordsNothing) {
    CollectingSink sink;
    OtlpTracer tracer(&sink, 1.0);
    const TraceContext parent = remote_parent(false);
    auto span = tracer.start_span("POST /v1/transfers", SpanKind::server, parent);
    span->set_attribute("http.route", "/v1/transfers");
    span->set_error("boom");
    span->end();
    EXPECT_TRUE(span->context().valid());
    EXPECT_FALSE(span->context().sampled);
    EXPECT_EQ(span->context().trace_id, parent.trace_id);
    EXPECT_TRUE(sink.spans.empty());
}

TEST(OtelTracer, WithoutASinkPassesTheParentsFlagOnAndRecordsNothing) {
    OtlpTracer tracer(nullptr, 1.0);
    EXPECT_TRUE(tracer.start_span("child", SpanKind::internal, remote_parent(true))->context().sampled);
    auto root = tracer.start_span("root", SpanKind::server, {});
    EXPECT_TRUE(root->context().valid());
    EXPECT_FALSE(root->context().sampled);
}

TEST(OtelTracer, MakesDistinctIds) {
    OtlpTracer tracer(nullptr, 1.0);
    std::set<TraceId> traces;
    std::set<SpanId> spans;
    for (int i = 0; i < 1000; ++i) {
        const auto span = tracer.start_span("s", SpanKind::internal, {});
        traces.insert(span->context().trace_id);
        spans.insert(span->context().span_id);
    }
    EXPECT_EQ(traces.size(), 1000u);
    EXPECT_EQ(spans.size(), 1000u);
}

TEST(OtelSpan, RecordsAttributesReplacingARepeatedKey) {
    CollectingSink sink;
    OtlpTracer tracer(&sink, 1.0);
    auto span = tracer.start_span("s", SpanKind::client, {});
    span->set_attribute("db.system.name", "mariadb");
    span->set_attribute("http.response.status_code", std::int64_t{200});
    span->set_attribute("http.response.status_code", std::int64_t{503});
    span->end();
    const auto& attributes = sink.spans.at(0).attributes;
    ASSERT_EQ(attributes.size(), 2u);
    EXPECT_EQ(std::get<std::string>(attributes[0].value), "mariadb");
    EXPECT_EQ(attributes[1].key, "http.response.status_code");
    EXPECT_EQ(std::get<std::int64_t>(attributes[1].value), 503);
}

TEST(OtelSpan, RecordsEventsAndAnErrorAsStatusAndExceptionEvent) {
    CollectingSink sink;
    OtlpTracer tracer(&sink, 1.0);
    auto span = tracer.start_span("s", SpanKind::internal, {});
    span->add_event("retry", "deadlock; retrying the batch");
    span->set_error("database unavailable");
    span->end();
    const SpanData& data = sink.spans.at(0);
    EXPECT_EQ(data.status, SpanStatus::error);
    EXPECT_EQ(data.status_message, "database unavailable");
    ASSERT_EQ(data.events.size(), 2u);
    EXPECT_EQ(data.events[0].name, "retry");
    EXPECT_EQ(data.events[0].attributes.at(0).key, "message");
    EXPECT_EQ(std::get<std::string>(data.events[0].attributes.at(0).value), "deadlock; retrying the batch");
    EXPECT_EQ(data.events[1].name, "exception");
    EXPECT_EQ(data.events[1].attributes.at(0).key, "exception.message");
    EXPECT_GE(data.events[0].time_unix_nano, data.start_unix_nano);
    EXPECT_LE(data.events[1].time_unix_nano, data.end_unix_nano);
}

TEST(OtelSpan, LinksToValidContextsOnly) {
    CollectingSink sink;
    OtlpTracer tracer(&sink, 1.0);
    const TraceContext request = remote_parent(true);
    auto batch = tracer.start_span("transfer batch", SpanKind::internal, {});
    batch->add_link(request);
    batch->add_link(TraceContext{});
    batch->end();
    const auto& links = sink.spans.at(0).links;
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].trace_id, request.trace_id);
    EXPECT_EQ(links[0].span_id, request.span_id);
    EXPECT_EQ(links[0].tracestate, "rojo=1");
}

TEST(OtelSpan, EndsOnceAndIgnoresChangesAfterwards) {
    CollectingSink sink;
    OtlpTracer tracer(&sink, 1.0);
    {
        auto span = tracer.start_span("s", SpanKind::internal, {});
        span->end();
        span->set_attribute("late", "ignored");
        span->add_event("late", "ignored");
        span->end();
        auto unended = tracer.start_span("ended by its destructor", SpanKind::internal, {});
    }
    ASSERT_EQ(sink.spans.size(), 2u);
    EXPECT_TRUE(sink.spans[0].attributes.empty());
    EXPECT_EQ(sink.spans[1].name, "ended by its destructor");
}

TEST(OtelSpan, CountsWhatIsOverItsLimits) {
    CollectingSink sink;
    OtlpTracer tracer(&sink, 1.0);
    auto span = tracer.start_span("s", SpanKind::internal, {});
    for (std::size_t i = 0; i < span_attributes_max + 3; ++i) span->set_attribute(std::to_string(i), "v");
    for (std::size_t i = 0; i < span_events_max + 2; ++i) span->add_event("e", "m");
    for (std::size_t i = 0; i < span_links_max + 1; ++i) span->add_link(remote_parent(true));
    span->end();
    const SpanData& data = sink.spans.at(0);
    EXPECT_EQ(data.attributes.size(), span_attributes_max);
    EXPECT_EQ(data.attributes_dropped, 3u);
    EXPECT_EQ(data.events.size(), span_events_max);
    EXPECT_EQ(data.events_dropped, 2u);
    EXPECT_EQ(data.links.size(), span_links_max);
    EXPECT_EQ(data.links_dropped, 1u);
}

TEST(OtelSpan, CutsLongValuesAtACharacterBoundary) {
    CollectingSink sink;
    OtlpTracer tracer(&sink, 1.0);
    auto span = tracer.start_span("s", SpanKind::internal, {});
    // "é" is two bytes: at an odd limit a byte count cut would split the last one.
    std::string value = "a";
    while (value.size() < attribute_value_bytes_max + 10) value += "\xC3\xA9";
    span->set_attribute("text", value);
    span->end();
    const std::string* kept = string_attribute(sink.spans.at(0), "text");
    ASSERT_NE(kept, nullptr);
    EXPECT_LE(kept->size(), attribute_value_bytes_max);
    EXPECT_GE(kept->size(), attribute_value_bytes_max - 1);
    EXPECT_EQ(static_cast<unsigned char>(kept->back()), 0xA9);
}

}  // namespace
}  // namespace transfers::otel
