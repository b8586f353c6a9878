// Composition root: command line -> adapters -> use cases -> HTTP server. Nothing else.
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "adapters/cli/service_config.hpp"
#include "adapters/http/api_handlers.hpp"
#include "adapters/http/authenticating_handler.hpp"
#include "adapters/http/client_handlers.hpp"
#include "adapters/http/connection_limit.hpp"
#include "adapters/http/http_server.hpp"
#include "adapters/http/observed_handler.hpp"
#include "adapters/http/tls_context.hpp"
#include "adapters/metrics/registry.hpp"
#include "adapters/metrics/service_metrics.hpp"
#include "adapters/otel/otlp_http_exporter.hpp"
#include "adapters/otel/otlp_tracer.hpp"
#include "adapters/redis/redis_balance_cache.hpp"
#include "adapters/sql/traced_ledger_store.hpp"
#include "adapters/system/bounded_call.hpp"
#include "adapters/system/json_logging.hpp"
#include "adapters/system/openssl_token_authority.hpp"
#include "adapters/system/periodic_task.hpp"
#include "adapters/system/steady_clock.hpp"
#include "adapters/system/system_clock.hpp"
#include "adapters/system/thread_pool_runner.hpp"
#include "adapters/system/uuid_v7_source.hpp"
#include "app/cache_repairer.hpp"
#include "app/client_directory.hpp"
#include "app/client_service.hpp"
#include "app/rate_limiter.hpp"
#include "app/database_health.hpp"
#include "app/idempotency_janitor.hpp"
#include "app/service_api.hpp"
#include "clients_command.hpp"
#include "first_admin.hpp"
#include "opened_store.hpp"

namespace {

using namespace transfers;

constexpr int exit_usage = 2;  // a bad flag, or a database that cannot be used at start
constexpr std::chrono::minutes idempotency_purge_interval{1};
// Descriptors the process needs beside client and database connections: stdio, the event loop's
// epoll and event descriptors, log files, Redis (one pipelined connection and its prober), the
// OTLP exporter, the SQLite file with its journal, name resolution. Generous on purpose: running
// out of descriptors makes the service deaf.
constexpr std::size_t descriptors_reserved_other = 64;
constexpr std::chrono::milliseconds interval_ms_health_check{1000};
// How soon another instance marks what a batch committed while it could not mark it in Redis:
// until then, an instance whose breaker stayed closed may serve the older entries.
constexpr std::chrono::milliseconds interval_ms_cache_repair{1000};
// Clients are reloaded from the database this often, so that a client revoked on any instance
// (or with `transfers clients revoke`) is refused everywhere within a second.
constexpr std::chrono::milliseconds interval_ms_client_reload{500};
// The health checker has a connection of its own, so a pool busy with requests does not make a
// healthy database look down.
constexpr int connections_health_checks = 1;
// After the drain and one database deadline, what the rest of the shutdown may take: spans
// and logs flush with deadlines of their own within it. The process exits within
// drain timeout + 0.3 s (answers after the drain) + --db-timeout-ms + this.
constexpr std::chrono::milliseconds timeout_ms_trace_flush{1000};
constexpr std::chrono::milliseconds timeout_ms_log_flush{500};

int refuse(const std::string& why) {
    std::fprintf(stderr, "transfers: %s\n", why.c_str());
    return exit_usage;
}

spdlog::level::level_enum log_level_of(cli::LogLevel level) {
    switch (level) {
        case cli::LogLevel::debug: return spdlog::level::debug;
        case cli::LogLevel::info: return spdlog::level::info;
        case cli::LogLevel::warn: return spdlog::level::warn;
        case cli::LogLevel::error: return spdlog::level::err;
    }
    return spdlog::level::info;
}

// Every connection is a file descriptor; 10,000 concurrent clients need more than the usual 1024.
// Answers the limit now in force.
std::size_t raise_open_files_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;  // the usual default, to stay on the safe side
    if (limit.rlim_cur < limit.rlim_max) {
        const rlim_t before = limit.rlim_cur;
        limit.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
            spdlog::warn("could not raise the open files limit");
            limit.rlim_cur = before;
        }
    }
    return limit.rlim_cur == RLIM_INFINITY ? std::numeric_limits<std::size_t>::max()
                                           : static_cast<std::size_t>(limit.rlim_cur);
}

// One database connection per worker thread, one per batch executor, and the health checker's.
std::size_t database_connections_max(const cli::ServiceConfig& config) {
    return static_cast<std::size_t>(config.worker_threads + BatchLimits{}.executors_max + connections_health_checks);
}

// The HTTP server's options, with the connection limit set below the open-files limit.
http::ServerOptions server_options(const cli::ServiceConfig& config, std::size_t open_files_max) {
    http::ServerOptions options = config.server;
    const auto resolved = http::resolve_connections_max(config.connections_max_requested, open_files_max,
                                                        descriptors_reserved_other + database_connections_max(config));
    if (resolved.clamped) {
        spdlog::warn("--connections-max {} does not fit under the open files limit {}: using {}",
                     *config.connections_max_requested, open_files_max, resolved.value);
    }
    options.connections_max = resolved.value;
    spdlog::info("serving at most {} client connections (open files limit {})", resolved.value, open_files_max);
    return options;
}

// Redis being down at start is not fatal: the cache starts bypassed and recovers by itself.
Result<std::unique_ptr<BalanceCache>, std::string> open_cache(const cli::ServiceConfig& config, Tracer& tracer) {
    if (config.cache_url.empty()) return std::unique_ptr<BalanceCache>(std::make_unique<NoBalanceCache>());
    auto settings = redis::parse_redis_url(config.cache_url);
    if (!settings) return fail(settings.error());
    return std::unique_ptr<BalanceCache>(std::make_unique<redis::RedisBalanceCache>(*settings, &tracer));
}

// Without TLS flags, no context: plain HTTP. Unreadable or mismatched files stop the start.
Result<std::unique_ptr<http::TlsContext>, std::string> open_tls(const cli::ServiceConfig& config) {
    if (!config.server.tls) return std::unique_ptr<http::TlsContext>();
    return http::TlsContext::load(*config.server.tls);
}

Result<std::unique_ptr<otel::OtlpHttpExporter>, std::string> open_exporter(const cli::ServiceConfig& config) {
    if (config.otlp_endpoint.empty()) return std::unique_ptr<otel::OtlpHttpExporter>();
    return otel::make_otlp_http_exporter(config.otlp_endpoint, otel::OtlpResource{}, otel::ExporterLimits{},
                                         otel::HttpTransportTimeouts{});
}

// Counters the adapters keep themselves, read when /metrics is rendered.
void register_adapter_metrics(metrics::Registry& registry, const OpenedStore& store, const BalanceCache& cache,
                              const otel::OtlpHttpExporter* exporter) {
    if (store.pool_counts) {
        auto pool = store.pool_counts;
        registry.counter_callback(metrics::db_pool_acquires_name, "Database connections handed out by the pool.",
                                  [pool] { return double(pool().acquired); });
        registry.counter_callback(metrics::db_pool_acquire_timeouts_name, "Requests for a connection that timed out.",
                                  [pool] { return double(pool().timeouts); });
        registry.counter_callback(metrics::db_pool_connect_errors_name, "Connections that could not be opened.",
                                  [pool] { return double(pool().connect_errors); });
        registry.counter_callback(metrics::db_call_deadline_expiries_name,
                                  "Database calls ended by their deadline (--db-timeout-ms).",
                                  [pool] { return double(pool().deadline_expiries); });
        registry.gauge_callback(metrics::db_pool_connections_open_name, "Database connections open now.",
                                [pool] { return double(pool().open); });
    }
    if (const auto* redis_cache = dynamic_cast<const redis::RedisBalanceCache*>(&cache)) {
        const auto& counts = redis_cache->counters();
        registry.counter_callback(metrics::cache_hits_name, "Balance reads answered by Redis.", [&counts] { return double(counts.hits.load()); });
        registry.counter_callback(metrics::cache_misses_name, "Balance reads Redis did not hold.", [&counts] { return double(counts.misses.load()); });
        registry.counter_callback(metrics::cache_errors_name, "Redis calls that failed.", [&counts] { return double(counts.errors.load()); });
        registry.counter_callback(metrics::cache_bypassed_name, "Balance reads sent to the database while Redis was down.",
                                  [&counts] { return double(counts.bypassed.load()); });
    }
    if (exporter != nullptr) {
        registry.counter_callback(metrics::otlp_spans_exported_name, "Spans delivered to the collector.",
                                  [exporter] { return double(exporter->counts().spans_exported); });
        registry.counter_callback(metrics::otlp_spans_failed_name, "Spans the collector did not accept.",
                                  [exporter] { return double(exporter->counts().spans_failed); });
        registry.counter_callback(metrics::otlp_spans_dropped_name, "Spans dropped because the export queue was full.",
                                  [exporter] { return double(exporter->counts().spans_dropped); });
        registry.gauge_callback(metrics::otlp_spans_queued_name, "Spans waiting for export.",
                                [exporter] { return double(exporter->counts().spans_queued); });
    }
}

// The server counts its connections itself; these read its counts.
void register_http_server_metrics(metrics::Registry& registry, const http::HttpServer& server) {
    auto counts = [&server] { return server.connection_counts(); };
    registry.gauge_callback(metrics::http_connections_open_name, "Client connections open now.",
                            [counts] { return double(counts().open); });
    registry.gauge_callback(metrics::http_connections_max_name, "The most client connections kept open at once.",
                            [counts] { return double(counts().max); });
    registry.counter_callback(metrics::http_connections_closed_for_limit_name,
                              "Idle connections closed to make room for a new one under the connection limit.",
                              [counts] { return double(counts().closed_idle_for_limit); });
    registry.counter_callback(metrics::http_connections_refused_for_limit_name,
                              "New connections answered 503 and closed: at the limit, with none idle.",
                              [counts] { return double(counts().refused_for_limit); });
    registry.counter_callback(metrics::http_accept_errors_name, "Connections that could not be accepted (EMFILE, ...).",
                              [counts] { return double(counts().accept_errors); });
    registry.counter_callback(metrics::http_request_head_timeouts_name,
                              "Requests whose head did not arrive within the deadline (answered 408).",
                              [counts] { return double(counts().request_head_timeouts); });
    registry.counter_callback(metrics::http_tls_handshake_failures_name,
                              "TLS handshakes that failed or did not finish within the request-head deadline.",
                              [counts] { return double(counts().tls_handshake_failures); });
}

// With auth on and no client yet, the first admin is created; the clients are then read once, so
// that the first request is checked against them.
Result<void, std::string> prepare_access(const cli::ServiceConfig& config, ClientService& clients,
                                         ClientDirectory& directory) {
    if (config.auth) {
        const std::string path = admin_token_path(config.database_url, config.admin_token_file);
        if (auto first = create_first_admin_if_none(clients, path); !first) return fail(first.error());
    } else {
        spdlog::warn("--auth off: the API is open to anyone who can reach {}:{}: they can read every balance and move "
                     "any amount; transfers are recorded as created by \"anonymous\"",
                     config.server.address, config.server.port);
    }
    if (auto loaded = directory.reload(); !loaded) return fail("cannot read the clients: " + loaded.error().message);
    return {};
}

// Without --rate-limit, no limit; the burst defaults to one second's worth of requests.
std::unique_ptr<RateLimiter> make_rate_limiter(const cli::ServiceConfig& config, MonotonicClock& clock) {
    if (!config.rate_limit_per_second) return nullptr;
    const double per_second = *config.rate_limit_per_second;
    const double burst = config.rate_limit_burst.value_or(std::max(1.0, per_second));
    spdlog::info("rate limit: {} requests per second per client, bursts of {}", per_second, burst);
    return std::make_unique<RateLimiter>(RateLimit{per_second, burst}, clock);
}

void flush_spans(otel::OtlpHttpExporter* exporter) {
    if (exporter != nullptr && !exporter->flush(std::chrono::steady_clock::now() + timeout_ms_trace_flush)) {
        spdlog::warn("not every span could be exported before exit");
    }
}

void repair_cache_entries(CacheRepairer& repairer) {
    auto repaired = repairer.repair_recorded();
    if (!repaired) spdlog::warn("cache repair failed: {}", repaired.error().detail);
    else if (*repaired > 0) spdlog::info("cache: marked {} accounts committed while Redis could not be marked", *repaired);
}

// After the drain: a thread in a database call is out of it by the call's deadline; one that is
// not (a stalled database, calls in a row) is not waited for. True when every thread ended.
bool threads_ended_within(ThreadPoolRunner& runner, std::vector<PeriodicTask*> periodic,
                          std::chrono::steady_clock::time_point deadline) {
    const bool workers_ended = runner.stop_within(deadline);
    const bool periodic_ended = finished_within(
        [periodic] {  // a copy: a stop that outlives the deadline outlives this frame too
            for (PeriodicTask* task : periodic) task->stop();
        },
        deadline);
    return workers_ended && periodic_ended;
}

// Ends the process without unwinding: the abandoned threads still use the objects that
// run_service's destructors would free. Spans and logs get a deadline of their own first.
[[noreturn]] void exit_without_stuck_threads(otel::OtlpHttpExporter* exporter) {
    spdlog::warn("shutdown: threads still in database calls after --db-timeout-ms; exiting without them");
    flush_spans(exporter);
    finished_within(flush_logs, std::chrono::steady_clock::now() + timeout_ms_log_flush);
    std::_Exit(0);
}

int run_service(const cli::ServiceConfig& config) {
    const std::size_t open_files_max = raise_open_files_limit();
    auto tls = open_tls(config);
    if (!tls) return refuse(tls.error());
    auto exporter = open_exporter(config);
    if (!exporter) return refuse(exporter.error());
    otel::OtlpTracer tracer(exporter->get(), config.trace_sampling_ratio);
    auto opened = open_store(config.database_url, config.database_password, database_connections_max(config),
                             config.timeout_ms_db);
    if (!opened) return refuse(opened.error());
    sql::TracedLedgerStore store(*opened->store, tracer, opened->system, opened->database);
    auto cache = open_cache(config, tracer);
    if (!cache) return refuse(cache.error());
    metrics::Registry registry;
    metrics::ServiceMetrics service_metrics(registry);
    register_adapter_metrics(registry, *opened, **cache, exporter->get());

    SystemClock clock;
    SteadyClock steady_clock;
    UuidV7Source transfer_ids;
    CommitCounter commits;
    ThreadPoolRunner runner(config.worker_threads, config.work_queue_depth_max);
    AccountService accounts(store, clock);
    TransferService transfers(store, **cache, clock, transfer_ids);
    DatabaseHealth database_health(store, steady_clock,
                                   HealthCheckLimits{interval_ms_health_check, config.timeout_ms_db,
                                                     3 * interval_ms_health_check});
    database_health.check_once();  // the first answer of /v1/health is known before serving
    Readiness readiness(database_health, **cache);
    BatchLimits batch_limits;
    batch_limits.wait_ms_queued_max = config.timeout_ms_db;
    TransferBatcher batcher(transfers, **cache, commits, runner, batch_limits, tracer,
                            [&service_metrics](std::size_t size, std::chrono::microseconds took) {
                                service_metrics.batch_size.observe(static_cast<double>(size));
                                service_metrics.batch_commit_duration.observe(std::chrono::duration<double>(took).count());
                            });
    ServiceApi api({accounts, transfers, batcher, readiness, **cache, runner, commits, tracer});
    OpenSslTokenAuthority tokens;
    ClientDirectory client_directory(*opened->clients, tokens);
    ClientService client_service(*opened->clients, tokens, clock, &client_directory);
    if (auto access = prepare_access(config, client_service, client_directory); !access) return refuse(access.error());
    auto rate_limiter = make_rate_limiter(config, steady_clock);
    http::ClientHandlers client_handlers(client_service, runner);
    http::ApiHandlers handlers(api, client_handlers, [&registry] { return registry.render(); });
    http::AuthenticatingHandler authenticating(handlers, config.auth ? http::AuthMode::on : http::AuthMode::off,
                                               client_directory, rate_limiter.get());
    http::ObservedHandler observed(authenticating, tracer, service_metrics);
    http::HttpServer server(server_options(config, open_files_max), observed, tls->get());
    if (auto bound = server.bind(); !bound) return refuse(bound.error());
    register_http_server_metrics(registry, server);

    IdempotencyJanitor janitor(store, clock);
    PeriodicTask purge_expired_keys(idempotency_purge_interval, [&janitor] {
        auto purged = janitor.purge_expired();
        if (!purged) spdlog::warn("idempotency key purge failed: {}", purged.error().detail);
        else if (*purged > 0) spdlog::info("purged {} expired idempotency keys", *purged);
    });
    // The checker's thread owns `was_up`; the log says when (and why) the database went down.
    PeriodicTask check_database(interval_ms_health_check, [&database_health, was_up = true]() mutable {
        database_health.check_once();
        const DependencyStatus database = database_health.status();
        if (database.up == was_up) return;
        was_up = database.up;
        if (database.up) spdlog::info("database check: up again");
        else spdlog::warn("database check: down: {}", database.reason);
    });
    // Accounts committed while their marks could not reach Redis (by any instance, this one's
    // earlier life included) are marked before this one serves, and then every interval.
    CacheRepairer cache_repairer(store, **cache);
    repair_cache_entries(cache_repairer);
    PeriodicTask repair_cache(interval_ms_cache_repair, [&cache_repairer] { repair_cache_entries(cache_repairer); });
    // The reloading thread owns `was_ok`: a database outage is logged once, not every interval.
    PeriodicTask reload_clients(interval_ms_client_reload, [&client_directory, was_ok = true]() mutable {
        auto reloaded = client_directory.reload();
        if (reloaded.ok() == was_ok) return;
        was_ok = reloaded.ok();
        if (was_ok) spdlog::info("clients reloaded again");
        else spdlog::warn("cannot reload the clients (serving the last ones read): {}", reloaded.error().message);
    });
    spdlog::info("serving on {}://{}:{}{}", *tls ? "https" : "http", config.server.address, server.port(),
                 *tls && (*tls)->requires_client_certificate() ? " (client certificates required)" : "");
    // Past the drain, the transfers still queued will never run: they are answered 503 now.
    server.run([&batcher] { batcher.close(); });
    // The drain is over and the process is on its way out: a repeated SIGTERM (or Ctrl-C) now
    // must not cut the rest of the shutdown (answers in progress, span and log flushes) short.
    std::signal(SIGTERM, SIG_IGN);
    std::signal(SIGINT, SIG_IGN);
    if (!threads_ended_within(runner, {&purge_expired_keys, &check_database, &repair_cache, &reload_clients},
                              std::chrono::steady_clock::now() + config.timeout_ms_db)) {
        exit_without_stuck_threads(exporter->get());
    }
    cache->reset();
    flush_spans(exporter->get());
    spdlog::info("stopped");
    return 0;
}

int serve(const cli::ServiceConfig& config) {
    configure_json_logging(log_level_of(config.log_level));
    const int status = run_service(config);
    flush_logs();  // the log thread still holds lines: write them before the process ends
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        auto command = cli::parse_command_line(argc, argv);
        if (!command) return refuse(command.error());
        if (const auto* exit_now = std::get_if<cli::ExitNow>(&*command)) {
            std::fputs(exit_now->text.c_str(), stdout);
            return 0;
        }
        if (const auto* clients = std::get_if<cli::ClientsCommand>(&*command)) return run_clients_command(*clients);
        return serve(std::get<cli::ServiceConfig>(*command));
    } catch (const std::exception& error) {
        // The process edge: a bug that escaped every layer. Say what it was, then fail loudly.
        std::fprintf(stderr, "transfers: fatal: %s\n", error.what());
        return 1;
    }
}
