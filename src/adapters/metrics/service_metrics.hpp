// ServiceMetrics: every metric the service records itself, named and registered in one place.
#pragma once

#include "adapters/metrics/registry.hpp"

namespace transfers::metrics {

// Registered in the constructor; the members are references into the registry, which must
// outlive this. Values that other components already count (database pool sizes, exporter
// drops) are added by the composition root as callbacks; their names are below too.
struct ServiceMetrics {
    explicit ServiceMetrics(Registry& registry);

    // {route, status}: route is the route's template ("/v1/accounts/{id}"), never the raw path.
    CounterFamily<2>& http_requests;          // http_server_requests_total
    HistogramFamily<2>& http_request_duration;  // http_server_request_duration_seconds
    // {code}: "created" or the error code of the answer ("insufficient_funds", "unavailable").
    CounterFamily<1>& transfers;            // transfers_total
    Histogram& batch_size;                  // transfer_batch_size: transfers per database transaction
    Histogram& batch_commit_duration;       // transfer_batch_commit_duration_seconds
    // {outcome}: "ok", "timeout" (no connection free in time) or "error" (could not connect).
    CounterFamily<1>& db_pool_acquires;  // db_pool_acquires_total
    // {result}: "hit", "miss" or "error" (an error includes a bypass while the breaker is open).
    CounterFamily<1>& cache_requests;  // cache_requests_total
};

// Names of the callback metrics the composition root registers (Registry::gauge_callback,
// Registry::counter_callback), kept here so that every name of /metrics is in this file.
inline constexpr const char* db_pool_connections_open_name = "db_pool_connections_open";
inline constexpr const char* db_pool_connections_idle_name = "db_pool_connections_idle";
inline constexpr const char* otlp_spans_exported_name = "otlp_exporter_spans_exported_total";
inline constexpr const char* otlp_spans_failed_name = "otlp_exporter_spans_failed_total";
inline constexpr const char* otlp_spans_dropped_name = "otlp_exporter_spans_dropped_total";
inline constexpr const char* otlp_spans_queued_name = "otlp_exporter_spans_queued";

}  // namespace transfers::metrics
