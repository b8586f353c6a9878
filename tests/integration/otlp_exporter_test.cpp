// OTLP/HTTP export against a real (tiny) receiver: the span tree, batch links and
// service.name arrive as a collector reads them; a collector that is down or stalled costs
// spans, counted, and never blocks the code that ends them.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <map>
#include <string>

#include "adapters/otel/otlp_http_exporter.hpp"
#include "adapters/otel/otlp_tracer.hpp"
#include "adapters/otel/semantic_conventions.hpp"
#include "adapters/otel/trace_context_codec.hpp"
#include "integration/otlp_receiver.hpp"

namespace transfers::otel {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* incoming_traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

OtlpResource test_resource() {
    OtlpResource resource;
    resource.service_name = "transfers-test";
    return resource;
}

std::unique_ptr<OtlpHttpExporter> exporter_to(const std::string& url, ExporterLimits limits = {},
                                              HttpTransportTimeouts timeouts = {}) {
    auto exporter = make_otlp_http_exporter(url, test_resource(), limits, timeouts);
    EXPECT_TRUE(exporter.ok()) << (exporter.ok() ? "" : exporter.error());
    return std::move(*exporter);
}

// Every span received, by name, with the service.name of its resource.
struct ReceivedSpans {
    std::map<std::string, json::object> by_name;
    std::vector<std::string> service_names;
};

ReceivedSpans spans_in(const std::vector<testing::ReceivedRequest>& requests) {
    ReceivedSpans out;
    for (const auto& request : requests) {
        const json::value body = json::parse(request.body);
        for (const auto& resource_spans : body.at("resourceSpans").as_array()) {
            const auto& attribute = resource_spans.at("resource").at("attributes").at(0);
            EXPECT_EQ(attribute.at("key"), "service.name");
            out.service_names.emplace_back(attribute.at("value").at("stringValue").as_string());
            for (const auto& scope_spans : resource_spans.at("scopeSpans").as_array()) {
                for (const auto& span : scope_spans.at("spans").as_array()) {
                    out.by_name[std::string(span.at("name").as_string())] = span.as_object();
                }
            }
        }
    }
    return out;
}

std::string hex(const std::array<std::uint8_t, 16>& id) { return to_hex(id); }
std::string hex(const std::array<std::uint8_t, 8>& id) { return to_hex(id); }

// One request continuing a caller's trace (server -> use case -> database), one starting its
// own, and the batch transaction that carried both, linked to each.
TEST(OtlpExporter, DeliversTheSpanTreeAndTheBatchLinksToACollector) {
    testing::OtlpReceiver receiver;
    auto exporter = exporter_to(receiver.url());
    OtlpTracer tracer(exporter.get(), 1.0);

    const TraceContext caller = extract_trace_context(incoming_traceparent, "rojo=00f067aa0ba902b7");
    auto first = tracer.start_span("POST /v1/transfers", SpanKind::server, caller);
    first->set_attribute(semconv::http_request_method, "POST");
    first->set_attribute(semconv::http_route, "/v1/transfers");
    auto use_case = tracer.start_span("create transfer", SpanKind::internal, first->context());
    auto commit = tracer.start_span("transfer batch transaction", SpanKind::client, use_case->context());
    commit->set_attribute(semconv::db_system_name, semconv::db_system_mariadb);
    commit->set_attribute(semconv::db_operation_batch_size, std::int64_t{2});
    auto second = tracer.start_span("POST /v1/transfers second", SpanKind::server, TraceContext{});
    auto batch = tracer.start_span("transfer batch", SpanKind::internal, TraceContext{});
    batch->add_link(first->context());
    batch->add_link(second->context());
    second->set_error("insufficient funds");
    for (auto* span : {batch.get(), commit.get(), use_case.get(), second.get(), first.get()}) span->end();

    ASSERT_TRUE(exporter->flush(Clock::now() + 10s));
    EXPECT_EQ(exporter->counts().spans_exported, 5u);
    const auto requests = receiver.received();
    ASSERT_FALSE(requests.empty());
    EXPECT_EQ(requests[0].method, "POST");
    EXPECT_EQ(requests[0].target, "/v1/traces");
    EXPECT_EQ(requests[0].content_type, "application/json");

    const ReceivedSpans received = spans_in(requests);
    ASSERT_EQ(received.by_name.size(), 5u);
    for (const auto& name : received.service_names) EXPECT_EQ(name, "transfers-test");
    const auto& server = received.by_name.at("POST /v1/transfers");
    const auto& child = received.by_name.at("create transfer");
    const auto& grandchild = received.by_name.at("transfer batch transaction");
    EXPECT_EQ(server.at("traceId"), "4bf92f3577b34da6a3ce929d0e0e4736");
    EXPECT_EQ(server.at("parentSpanId"), "00f067aa0ba902b7");
    EXPECT_EQ(server.at("traceState"), "rojo=00f067aa0ba902b7");
    EXPECT_EQ(server.at("kind"), 2);
    EXPECT_EQ(child.at("traceId"), server.at("traceId"));
    EXPECT_EQ(child.at("parentSpanId"), server.at("spanId"));
    EXPECT_EQ(child.at("kind"), 1);
    EXPECT_EQ(grandchild.at("traceId"), server.at("traceId"));
    EXPECT_EQ(grandchild.at("parentSpanId"), child.at("spanId"));
    EXPECT_EQ(grandchild.at("kind"), 3);

    const auto& other = received.by_name.at("POST /v1/transfers second");
    EXPECT_FALSE(other.contains("parentSpanId"));
    EXPECT_NE(other.at("traceId"), server.at("traceId"));
    EXPECT_EQ(other.at("status").at("code"), 2);
    EXPECT_EQ(other.at("status").at("message"), "insufficient funds");

    const auto& batch_span = received.by_name.at("transfer batch");
    const json::value expected_links = json::array{
        json::object{{"traceId", hex(first->context().trace_id)}, {"spanId", hex(first->context().span_id)},
                     {"traceState", "rojo=00f067aa0ba902b7"}},
        json::object{{"traceId", hex(second->context().trace_id)}, {"spanId", hex(second->context().span_id)}}};
    EXPECT_EQ(batch_span.at("links"), expected_links);
}

TEST(OtlpExporter, PostsUnderTheEndpointsBasePath) {
    testing::OtlpReceiver receiver;
    auto exporter = exporter_to(receiver.url() + "/otlp/");
    OtlpTracer tracer(exporter.get(), 1.0);
    tracer.start_span("GET /v1/health", SpanKind::server, TraceContext{})->end();
    ASSERT_TRUE(exporter->flush(Clock::now() + 10s));
    ASSERT_EQ(receiver.received().size(), 1u);
    EXPECT_EQ(receiver.received()[0].target, "/otlp/v1/traces");
}

TEST(OtlpExporter, CountsSpansAsFailedWhenTheCollectorIsDownWithoutBlocking) {
    auto exporter = exporter_to("http://127.0.0.1:" + std::to_string(testing::closed_port()));
    OtlpTracer tracer(exporter.get(), 1.0);
    constexpr int spans_count = 100;
    const auto started = Clock::now();
    for (int i = 0; i < spans_count; ++i) tracer.start_span("request", SpanKind::server, TraceContext{})->end();
    EXPECT_LT(Clock::now() - started, 100ms);
    ASSERT_TRUE(exporter->flush(Clock::now() + 10s));
    const ExporterCounts counts = exporter->counts();
    EXPECT_EQ(counts.spans_failed, static_cast<std::uint64_t>(spans_count));
    EXPECT_EQ(counts.spans_exported, 0u);
    EXPECT_GE(counts.batches_failed, 1u);
}

// The collector accepts connections and never answers: every export waits out its timeout,
// the queue fills, and what does not fit is dropped and counted, while ending spans stays fast.
TEST(OtlpExporter, DropsAndCountsSpansWhenTheCollectorStalls) {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor stalled(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    ExporterLimits limits;
    limits.spans_queued_max = 16;
    limits.batch_spans_max = 8;
    const HttpTransportTimeouts timeouts{200ms, 200ms};
    auto exporter = exporter_to("http://127.0.0.1:" + std::to_string(stalled.local_endpoint().port()), limits,
                                timeouts);
    OtlpTracer tracer(exporter.get(), 1.0);
    constexpr std::uint64_t spans_count = 1000;
    const auto started = Clock::now();
    for (std::uint64_t i = 0; i < spans_count; ++i) {
        tracer.start_span("request", SpanKind::server, TraceContext{})->end();
    }
    EXPECT_LT(Clock::now() - started, 150ms);
    EXPECT_GT(exporter->counts().spans_dropped, 0u);
    ASSERT_TRUE(exporter->flush(Clock::now() + 10s));
    const ExporterCounts counts = exporter->counts();
    EXPECT_EQ(counts.spans_exported, 0u);
    EXPECT_EQ(counts.spans_exported + counts.spans_failed + counts.spans_dropped, spans_count);
    EXPECT_LE(counts.spans_failed, 3 * limits.spans_queued_max);
}

}  // namespace
}  // namespace transfers::otel
