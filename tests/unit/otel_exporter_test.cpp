// OtlpHttpExporter: batching, the queue bound and drop counting, flush; and endpoint URLs.
#include "adapters/otel/otlp_http_exporter.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

namespace transfers::otel {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Thread-safe: post() runs on the exporter's thread, the test reads and steers from its own.
// While closed, post() waits for open(); failing makes it refuse every batch.
class FakeTransport final : public OtlpTransport {
public:
    Result<void, std::string> post(const std::string& body_json) override {
        std::unique_lock lock(mutex_);
        ++posts_started_;
        changed_.notify_all();
        changed_.wait(lock, [&] { return open_; });
        span_counts_.push_back(boost::json::parse(body_json)
                                   .at("resourceSpans").at(0).at("scopeSpans").at(0).at("spans")
                                   .as_array().size());
        if (failing_) return fail(std::string("collector says no"));
        return {};
    }

    void close() { set_open(false); }
    void open() { set_open(true); }
    void fail_every_post() {
        std::lock_guard lock(mutex_);
        failing_ = true;
    }
    void wait_for_posts_started(int count) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return posts_started_ >= count; });
    }
    std::vector<std::size_t> span_counts() {
        std::lock_guard lock(mutex_);
        return span_counts_;
    }

private:
    void set_open(bool open) {
        std::lock_guard lock(mutex_);
        open_ = open;
        changed_.notify_all();
    }

    std::mutex mutex_;
    std::condition_variable changed_;
    bool open_ = true;
    bool failing_ = false;
    int posts_started_ = 0;
    std::vector<std::size_t> span_counts_;
};

SpanData span_named(const std::string& name) {
    SpanData span;
    span.name = name;
    span.trace_id[0] = 1;
    span.span_id[0] = 1;
    return span;
}

struct ExporterUnderTest {
    explicit ExporterUnderTest(ExporterLimits limits) {
        auto owned = std::make_unique<FakeTransport>();
        transport = owned.get();
        exporter = std::make_unique<OtlpHttpExporter>(std::move(owned), OtlpResource{}, limits);
    }
    FakeTransport* transport;
    std::unique_ptr<OtlpHttpExporter> exporter;
};

ExporterLimits small_limits() {
    ExporterLimits limits;
    limits.spans_queued_max = 4;
    limits.batch_spans_max = 2;
    limits.batch_interval = 10s;  // only full batches and flushes send anything
    return limits;
}

TEST(OtelExporter, FlushSendsEverySpanAcceptedBeforeIt) {
    ExporterLimits limits;
    limits.batch_interval = 10s;
    ExporterUnderTest test(limits);
    for (int i = 0; i < 3; ++i) test.exporter->accept(span_named("s"));
    EXPECT_TRUE(test.exporter->flush(Clock::now() + 5s));
    EXPECT_EQ(test.transport->span_counts(), std::vector<std::size_t>{3});
    const ExporterCounts counts = test.exporter->counts();
    EXPECT_EQ(counts.spans_exported, 3u);
    EXPECT_EQ(counts.spans_failed, 0u);
    EXPECT_EQ(counts.spans_dropped, 0u);
    EXPECT_EQ(counts.spans_queued, 0u);
}

TEST(OtelExporter, SendsAtMostABatchPerRequest) {
    ExporterLimits limits = small_limits();
    limits.spans_queued_max = 100;
    ExporterUnderTest test(limits);
    for (int i = 0; i < 5; ++i) test.exporter->accept(span_named("s"));
    EXPECT_TRUE(test.exporter->flush(Clock::now() + 5s));
    EXPECT_EQ(test.transport->span_counts(), (std::vector<std::size_t>{2, 2, 1}));
}

TEST(OtelExporter, SendsAPartialBatchAfterTheInterval) {
    ExporterLimits limits;
    limits.batch_interval = 20ms;
    ExporterUnderTest test(limits);
    test.exporter->accept(span_named("s"));
    test.transport->wait_for_posts_started(1);
    EXPECT_TRUE(test.exporter->flush(Clock::now() + 5s));
    EXPECT_EQ(test.exporter->counts().spans_exported, 1u);
}

TEST(OtelExporter, DropsAndCountsSpansBeyondTheQueueBoundWithoutWaiting) {
    ExporterUnderTest test(small_limits());
    test.transport->close();
    test.exporter->accept(span_named("first"));
    test.exporter->accept(span_named("second"));  // a full batch: the thread takes it and waits
    test.transport->wait_for_posts_started(1);
    const auto started = Clock::now();
    for (int i = 0; i < 7; ++i) test.exporter->accept(span_named("more"));
    EXPECT_LT(Clock::now() - started, 100ms);
    ExporterCounts counts = test.exporter->counts();
    EXPECT_EQ(counts.spans_queued, 4u);
    EXPECT_EQ(counts.spans_dropped, 3u);
    test.transport->open();
    EXPECT_TRUE(test.exporter->flush(Clock::now() + 5s));
    counts = test.exporter->counts();
    EXPECT_EQ(counts.spans_exported, 6u);
    EXPECT_EQ(counts.spans_dropped, 3u);
}

TEST(OtelExporter, CountsSpansOfRefusedBatchesAsFailed) {
    ExporterUnderTest test(small_limits());
    test.transport->fail_every_post();
    for (int i = 0; i < 3; ++i) test.exporter->accept(span_named("s"));
    EXPECT_TRUE(test.exporter->flush(Clock::now() + 5s));
    const ExporterCounts counts = test.exporter->counts();
    EXPECT_EQ(counts.spans_failed, 3u);
    EXPECT_EQ(counts.batches_failed, 2u);
    EXPECT_EQ(counts.spans_exported, 0u);
}

TEST(OtelExporter, FlushGivesUpAtItsDeadline) {
    ExporterUnderTest test(small_limits());
    test.transport->close();
    test.exporter->accept(span_named("s"));
    const auto started = Clock::now();
    EXPECT_FALSE(test.exporter->flush(started + 50ms));
    EXPECT_LT(Clock::now() - started, 1s);
    test.transport->open();  // lets the destructor finish
}

TEST(OtelExporter, FlushWithNothingQueuedReturnsAtOnce) {
    ExporterUnderTest test(small_limits());
    EXPECT_TRUE(test.exporter->flush(Clock::now()));
}

TEST(OtelEndpoint, ParsesHostPortAndBasePath) {
    const auto plain = parse_otlp_endpoint("http://127.0.0.1:4318");
    ASSERT_TRUE(plain.ok());
    EXPECT_EQ(plain->host, "127.0.0.1");
    EXPECT_EQ(plain->port, 4318);
    EXPECT_EQ(plain->traces_target(), "/v1/traces");
    const auto based = parse_otlp_endpoint("http://collector.internal:9000/otlp/");
    ASSERT_TRUE(based.ok());
    EXPECT_EQ(based->host, "collector.internal");
    EXPECT_EQ(based->port, 9000);
    EXPECT_EQ(based->traces_target(), "/otlp/v1/traces");
}

TEST(OtelEndpoint, DefaultsToTheOtlpHttpPort) {
    const auto endpoint = parse_otlp_endpoint("http://jaeger");
    ASSERT_TRUE(endpoint.ok());
    EXPECT_EQ(endpoint->port, 4318);
    EXPECT_EQ(endpoint->traces_target(), "/v1/traces");
}

TEST(OtelEndpoint, TakesAUrlEndingInTheTracesPathAsTheWholeTarget) {
    EXPECT_EQ(parse_otlp_endpoint("http://jaeger:4318/v1/traces")->traces_target(), "/v1/traces");
}

TEST(OtelEndpoint, ReadsBracketedIpv6Addresses) {
    const auto endpoint = parse_otlp_endpoint("http://[::1]:4318");
    ASSERT_TRUE(endpoint.ok());
    EXPECT_EQ(endpoint->host, "::1");
    EXPECT_EQ(endpoint->port, 4318);
}

TEST(OtelEndpoint, SaysHttpsIsNotSupported) {
    const auto endpoint = parse_otlp_endpoint("https://collector:4318");
    ASSERT_FALSE(endpoint.ok());
    EXPECT_NE(endpoint.error().find("https is not supported"), std::string::npos) << endpoint.error();
}

TEST(OtelEndpoint, RejectsMalformedUrls) {
    for (const char* url : {"", "collector:4318", "ftp://collector:4318", "http://", "http://:4318",
                            "http://collector:", "http://collector:0", "http://collector:65536",
                            "http://collector:43a8", "http://collector:4318/v1?x=1", "http://[::1",
                            "http://[::1]x"}) {
        const auto endpoint = parse_otlp_endpoint(url);
        ASSERT_FALSE(endpoint.ok()) << url;
        EXPECT_NE(endpoint.error().find("expected http://HOST:PORT"), std::string::npos) << endpoint.error();
    }
}

TEST(OtelEndpoint, MakingAnExporterReportsABadUrl) {
    const auto exporter = make_otlp_http_exporter("https://collector:4318", OtlpResource{});
    EXPECT_FALSE(exporter.ok());
}

}  // namespace
}  // namespace transfers::otel
