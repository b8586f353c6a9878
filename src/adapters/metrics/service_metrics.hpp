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
    // {code}: unauthenticated (401), forbidden (403) or rate_limited (429).
    CounterFamily<1>& requests_refused;     // http_server_requests_refused_total
};

// Names of the callback metrics the composition root registers (Registry::gauge_callback,
// Registry::counter_callback), kept here so that every name of /metrics is in this file.
// The database pool and the cache count for themselves; these read their counters.
inline constexpr const char* db_pool_connections_open_name = "db_pool_connections_open";
inline constexpr const char* db_pool_acquires_name = "db_pool_acquires_total";
inline constexpr const char* db_pool_acquire_timeouts_name = "db_pool_acquire_timeouts_total";
inline constexpr const char* db_pool_connect_errors_name = "db_pool_connect_errors_total";
inline constexpr const char* db_call_deadline_expiries_name = "db_call_deadline_expiries_total";
inline constexpr const char* cache_hits_name = "cache_hits_total";
inline constexpr const char* cache_misses_name = "cache_misses_total";
inline constexpr const char* cache_errors_name = "cache_errors_total";
inline constexpr const char* cache_bypassed_name = "cache_bypassed_total";
inline constexpr const char* otlp_spans_exported_name = "otlp_exporter_spans_exported_total";
inline constexpr const char* otlp_spans_failed_name = "otlp_exporter_spans_failed_total";
inline constexpr const char* otlp_spans_dropped_name = "otlp_exporter_spans_dropped_total";
inline constexpr const char* otlp_spans_queued_name = "otlp_exporter_spans_queued";
// The HTTP server's connections and the limit that keeps them below the open-files limit.
inline constexpr const char* http_connections_open_name = "http_server_connections_open";
inline constexpr const char* http_connections_max_name = "http_server_connections_max";
inline constexpr const char* http_connections_closed_for_limit_name = "http_server_connections_closed_for_limit_total";
inline constexpr const char* http_connections_refused_for_limit_name = "http_server_connections_refused_for_limit_total";
inline constexpr const char* http_accept_errors_name = "http_server_accept_errors_total";
inline constexpr const char* http_request_head_timeouts_name = "http_server_request_head_timeouts_total";
inline constexpr const char* http_tls_handshake_failures_name = "http_server_tls_handshake_failures_total";

}  // namespace transfers::metrics
