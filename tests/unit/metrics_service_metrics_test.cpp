// ServiceMetrics: the names /metrics shows for requests, transfers, batches, pool and cache.
#include "adapters/metrics/service_metrics.hpp"

#include <gtest/gtest.h>

#include <string>

namespace transfers::metrics {
namespace {

TEST(MetricsServiceMetrics, RegistersEveryFamilyWithItsType) {
    Registry registry;
    ServiceMetrics metrics(registry);
    const std::string text = registry.render();
    for (const char* line : {"# TYPE http_server_requests_total counter\n",
                             "# TYPE http_server_request_duration_seconds histogram\n",
                             "# TYPE transfers_total counter\n",
                             "# TYPE transfer_batch_size histogram\n",
                             "# TYPE transfer_batch_commit_duration_seconds histogram\n"}) {
        EXPECT_NE(text.find(line), std::string::npos) << line;
    }
}

TEST(MetricsServiceMetrics, RecordsThroughTheReturnedReferences) {
    Registry registry;
    ServiceMetrics metrics(registry);
    metrics.http_requests.with({"/v1/transfers", "201"}).increment();
    metrics.transfers.with({"insufficient_funds"}).increment();
    metrics.batch_size.observe(3);
    const std::string text = registry.render();
    EXPECT_NE(text.find("http_server_requests_total{route=\"/v1/transfers\",status=\"201\"} 1\n"), std::string::npos);
    EXPECT_NE(text.find("transfers_total{code=\"insufficient_funds\"} 1\n"), std::string::npos);
    EXPECT_NE(text.find("transfer_batch_size_bucket{le=\"4\"} 1\n"), std::string::npos);
}

}  // namespace
}  // namespace transfers::metrics
