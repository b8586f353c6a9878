// Prometheus registry: the exact text exposition of counters, labelled series and histograms.
#include "adapters/metrics/registry.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <thread>
#include <vector>

namespace transfers::metrics {
namespace {

constexpr double test_buckets[] = {0.5, 1, 2.5};

TEST(MetricsRegistry, RendersACounter) {
    Registry registry;
    Counter& created = registry.counter("transfers_created_total", "Transfers created.");
    created.increment();
    created.increment(2);
    EXPECT_EQ(registry.render(),
              "# HELP transfers_created_total Transfers created.\n"
              "# TYPE transfers_created_total counter\n"
              "transfers_created_total 3\n");
}

TEST(MetricsRegistry, RendersAnUnlabelledCounterAtZeroBeforeItsFirstIncrement) {
    Registry registry;
    registry.counter("events_total", "Events.");
    EXPECT_EQ(registry.render(), "# HELP events_total Events.\n# TYPE events_total counter\nevents_total 0\n");
}

TEST(MetricsRegistry, RendersALabelledCounterSortedByLabelValues) {
    Registry registry;
    auto& requests = registry.counter_family<2>("http_server_requests_total", "HTTP requests.", {"route", "status"});
    requests.with({"/v1/transfers", "201"}).increment(5);
    requests.with({"/v1/accounts/{id}", "404"}).increment();
    requests.with({"/v1/transfers", "201"}).increment();
    EXPECT_EQ(registry.render(),
              "# HELP http_server_requests_total HTTP requests.\n"
              "# TYPE http_server_requests_total counter\n"
              "http_server_requests_total{route=\"/v1/accounts/{id}\",status=\"404\"} 1\n"
              "http_server_requests_total{route=\"/v1/transfers\",status=\"201\"} 6\n");
}

TEST(MetricsRegistry, EscapesLabelValuesAndHelp) {
    Registry registry;
    auto& family = registry.counter_family<1>("odd_total", "Back\\slash and\nnewline \"kept\".", {"value"});
    family.with({"a\"b\\c\nd"}).increment();
    EXPECT_EQ(registry.render(),
              "# HELP odd_total Back\\\\slash and\\nnewline \"kept\".\n"
              "# TYPE odd_total counter\n"
              "odd_total{value=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(MetricsRegistry, RendersAHistogramWithCumulativeBuckets) {
    Registry registry;
    Histogram& latency = registry.histogram("commit_duration_seconds", "Commit time.", test_buckets);
    for (const double seconds : {0.25, 0.5, 2.0, 8.0}) latency.observe(seconds);
    EXPECT_EQ(registry.render(),
              "# HELP commit_duration_seconds Commit time.\n"
              "# TYPE commit_duration_seconds histogram\n"
              "commit_duration_seconds_bucket{le=\"0.5\"} 2\n"
              "commit_duration_seconds_bucket{le=\"1\"} 2\n"
              "commit_duration_seconds_bucket{le=\"2.5\"} 3\n"
              "commit_duration_seconds_bucket{le=\"+Inf\"} 4\n"
              "commit_duration_seconds_sum 10.75\n"
              "commit_duration_seconds_count 4\n");
}

TEST(MetricsRegistry, RendersALabelledHistogramWithLeLast) {
    Registry registry;
    auto& latency = registry.histogram_family<1>("request_duration_seconds", "Request time.", {"route"}, test_buckets);
    latency.with({"/v1/health"}).observe(0.75);
    EXPECT_EQ(registry.render(),
              "# HELP request_duration_seconds Request time.\n"
              "# TYPE request_duration_seconds histogram\n"
              "request_duration_seconds_bucket{route=\"/v1/health\",le=\"0.5\"} 0\n"
              "request_duration_seconds_bucket{route=\"/v1/health\",le=\"1\"} 1\n"
              "request_duration_seconds_bucket{route=\"/v1/health\",le=\"2.5\"} 1\n"
              "request_duration_seconds_bucket{route=\"/v1/health\",le=\"+Inf\"} 1\n"
              "request_duration_seconds_sum{route=\"/v1/health\"} 0.75\n"
              "request_duration_seconds_count{route=\"/v1/health\"} 1\n");
}

TEST(MetricsRegistry, RendersCallbacksAsReadAtScrapeTime) {
    Registry registry;
    double open = 3;
    registry.gauge_callback("db_pool_connections_open", "Open connections.", [&] { return open; });
    registry.counter_callback("otlp_exporter_spans_dropped_total", "Spans dropped.", [] { return 12.0; });
    open = 4;
    EXPECT_EQ(registry.render(),
              "# HELP db_pool_connections_open Open connections.\n"
              "# TYPE db_pool_connections_open gauge\n"
              "db_pool_connections_open 4\n"
              "# HELP otlp_exporter_spans_dropped_total Spans dropped.\n"
              "# TYPE otlp_exporter_spans_dropped_total counter\n"
              "otlp_exporter_spans_dropped_total 12\n");
}

TEST(MetricsRegistry, KeepsFamiliesInRegistrationOrder) {
    Registry registry;
    registry.counter("zeta_total", "Z.");
    registry.counter("alpha_total", "A.");
    const std::string text = registry.render();
    EXPECT_LT(text.find("zeta_total"), text.find("alpha_total"));
}

TEST(MetricsRegistry, SendsLabelValuesBeyondTheSeriesBoundToOneOverflowSeries) {
    Registry registry;
    auto& family = registry.counter_family<1>("paths_total", "Paths.", {"path"});
    for (std::size_t i = 0; i < CounterFamily<1>::series_max; ++i) family.with({std::to_string(i)}).increment();
    family.with({"one more"}).increment();
    family.with({"and another"}).increment();
    EXPECT_EQ(family.with({"overflow"}).value(), 2u);
    EXPECT_NE(registry.render().find("paths_total{path=\"overflow\"} 2\n"), std::string::npos);
}

TEST(MetricsRegistry, CountsExactlyUnderConcurrentUpdates) {
    Registry registry;
    auto& requests = registry.counter_family<1>("requests_total", "Requests.", {"route"});
    auto& latency = registry.histogram_family<1>("latency_seconds", "Latency.", {"route"}, test_buckets);
    constexpr int threads_count = 8;
    constexpr int updates_per_thread = 10000;
    std::vector<std::thread> threads;
    for (int t = 0; t < threads_count; ++t) {
        threads.emplace_back([&, t] {
            const std::string route = t % 2 == 0 ? "even" : "odd";
            for (int i = 0; i < updates_per_thread; ++i) {
                requests.with({route}).increment();
                latency.with({route}).observe(1);
                if (i % 1000 == 0) static_cast<void>(registry.render());
            }
        });
    }
    for (auto& thread : threads) thread.join();
    const std::uint64_t half = threads_count / 2 * updates_per_thread;
    EXPECT_EQ(requests.with({"even"}).value(), half);
    EXPECT_EQ(requests.with({"odd"}).value(), half);
    EXPECT_EQ(latency.with({"odd"}).snapshot().count, half);
    EXPECT_EQ(latency.with({"odd"}).snapshot().sum, static_cast<double>(half));
}

TEST(MetricsHistogram, PutsAValueOnABoundInThatBoundsBucket) {
    Histogram histogram(test_buckets);
    histogram.observe(1);
    EXPECT_EQ(histogram.snapshot().cumulative, (std::vector<std::uint64_t>{0, 1, 1, 1}));
}

TEST(MetricsHistogram, IgnoresNaNAndCountsInfinityAboveEveryBound) {
    Histogram histogram(test_buckets);
    histogram.observe(std::nan(""));
    histogram.observe(std::numeric_limits<double>::infinity());
    const auto snapshot = histogram.snapshot();
    EXPECT_EQ(snapshot.count, 1u);
    EXPECT_EQ(snapshot.cumulative, (std::vector<std::uint64_t>{0, 0, 0, 1}));
}

TEST(MetricsText, FormatsNumbersAsPrometheusReadsThem) {
    EXPECT_EQ(text::format_number(0.005), "0.005");
    EXPECT_EQ(text::format_number(10), "10");
    EXPECT_EQ(text::format_number(-2.5), "-2.5");
    EXPECT_EQ(text::format_number(std::numeric_limits<double>::infinity()), "+Inf");
    EXPECT_EQ(text::format_number(-std::numeric_limits<double>::infinity()), "-Inf");
    EXPECT_EQ(text::format_number(std::nan("")), "NaN");
}

TEST(MetricsText, ChecksMetricAndLabelNames) {
    EXPECT_TRUE(text::valid_metric_name("http_server_requests_total"));
    EXPECT_TRUE(text::valid_metric_name("job:rate5m"));
    EXPECT_FALSE(text::valid_metric_name("2xx_total"));
    EXPECT_FALSE(text::valid_metric_name("http-requests"));
    EXPECT_FALSE(text::valid_metric_name(""));
    EXPECT_TRUE(text::valid_label_name("route"));
    EXPECT_FALSE(text::valid_label_name("__name__"));
    EXPECT_FALSE(text::valid_label_name("a:b"));
}

}  // namespace
}  // namespace transfers::metrics
