#include "adapters/metrics/service_metrics.hpp"

namespace transfers::metrics {

ServiceMetrics::ServiceMetrics(Registry& registry)
    : http_requests(registry.counter_family<2>("http_server_requests_total",
                                               "HTTP requests answered, by route and status code.",
                                               {"route", "status"})),
      http_request_duration(registry.histogram_family<2>(
          "http_server_request_duration_seconds",
          "Time from reading an HTTP request to writing its answer, by route and status code.", {"route", "status"},
          latency_buckets_seconds)),
      transfers(registry.counter_family<1>("transfers_total",
                                           "Transfer requests by outcome: created, or the error code answered.",
                                           {"code"})),
      batch_size(registry.histogram("transfer_batch_size", "Transfers executed per database transaction.",
                                    batch_size_buckets)),
      batch_commit_duration(registry.histogram("transfer_batch_commit_duration_seconds",
                                               "Time to execute and commit one batch of transfers.",
                                               latency_buckets_seconds)),
      requests_refused(registry.counter_family<1>(
          "http_server_requests_refused_total",
          "Requests refused before any work: unauthenticated (401), forbidden (403), rate_limited (429).", {"code"})) {}

}  // namespace transfers::metrics
