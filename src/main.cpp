// Composition root: command line -> adapters -> use cases -> HTTP server. Nothing else.
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <cstdio>
#include <exception>
#include <memory>
#include <string>

#include "adapters/cli/service_config.hpp"
#include "adapters/http/api_handlers.hpp"
#include "adapters/http/http_server.hpp"
#include "adapters/mariadb/mariadb_ledger_store.hpp"
#include "adapters/redis/redis_balance_cache.hpp"
#include "adapters/sqlite/sqlite_ledger_store.hpp"
#include "adapters/system/system_clock.hpp"
#include "adapters/system/thread_pool_runner.hpp"
#include "adapters/system/uuid_v7_source.hpp"
#include "adapters/system/periodic_task.hpp"
#include "app/idempotency_janitor.hpp"
#include "app/service_api.hpp"

namespace {

using namespace transfers;

constexpr int exit_usage = 2;  // a bad flag, or a database that cannot be used at start
constexpr std::chrono::minutes idempotency_purge_interval{1};

int refuse(const std::string& why) {
    std::fprintf(stderr, "transfers: %s\n", why.c_str());
    return exit_usage;
}

void set_log_level(cli::LogLevel level) {
    switch (level) {
        case cli::LogLevel::debug: spdlog::set_level(spdlog::level::debug); break;
        case cli::LogLevel::info: spdlog::set_level(spdlog::level::info); break;
        case cli::LogLevel::warn: spdlog::set_level(spdlog::level::warn); break;
        case cli::LogLevel::error: spdlog::set_level(spdlog::level::err); break;
    }
}

// Every connection is a file descriptor; 10,000 concurrent clients need more than the usual 1024.
void raise_open_files_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) spdlog::warn("could not raise the open files limit");
}

Result<std::unique_ptr<LedgerStore>, std::string> open_store(const cli::ServiceConfig& config) {
    const std::string& url = config.database_url;
    if (url.rfind("mariadb://", 0) == 0) {
        auto settings = mariadb::parse_mariadb_url(url);
        if (!settings) return fail(settings.error());
        mariadb::StoreOptions options;
        options.connections_max = config.worker_threads;
        auto store = mariadb::MariaDbLedgerStore::open(*settings, options);
        if (!store) return fail(store.error());
        return std::unique_ptr<LedgerStore>(std::move(*store));
    }
    if (url.rfind("sqlite:", 0) == 0 && url.size() > 7) {
        auto store = sqlite::SqliteLedgerStore::open(url.substr(7));
        if (!store) return fail(store.error());
        return std::unique_ptr<LedgerStore>(std::move(*store));
    }
    return fail("unsupported --db " + url +
                " (expected mariadb://USER[:PASS]@HOST:PORT/DBNAME or sqlite:PATH)");
}

// Redis being down at start is not fatal: the cache starts bypassed and recovers by itself.
Result<std::unique_ptr<BalanceCache>, std::string> open_cache(const cli::ServiceConfig& config) {
    if (config.cache_url.empty()) return std::unique_ptr<BalanceCache>(std::make_unique<NoBalanceCache>());
    auto settings = redis::parse_redis_url(config.cache_url);
    if (!settings) return fail(settings.error());
    return std::unique_ptr<BalanceCache>(std::make_unique<redis::RedisBalanceCache>(*settings));
}

int serve(const cli::ServiceConfig& config) {
    set_log_level(config.log_level);
    raise_open_files_limit();
    auto store = open_store(config);
    if (!store) return refuse(store.error());
    auto cache = open_cache(config);
    if (!cache) return refuse(cache.error());
    SystemClock clock;
    UuidV7Source transfer_ids;
    CommitCounter commits;
    ThreadPoolRunner runner(config.worker_threads, config.work_queue_depth_max);
    AccountService accounts(**store, clock);
    TransferService transfers(**store, clock, transfer_ids);
    Readiness readiness(**store, **cache);
    TransferBatcher batcher(transfers, **cache, commits, runner, BatchLimits{});
    ServiceApi api({accounts, transfers, batcher, readiness, **cache, runner, commits});
    http::ApiHandlers handlers(api);
    http::HttpServer server(config.server, handlers);
    if (auto bound = server.bind(); !bound) return refuse(bound.error());
    IdempotencyJanitor janitor(**store, clock);
    PeriodicTask purge_expired_keys(idempotency_purge_interval, [&janitor] {
        auto purged = janitor.purge_expired();
        if (!purged) spdlog::warn("idempotency key purge failed: {}", purged.error().detail);
        else if (*purged > 0) spdlog::info("purged {} expired idempotency keys", *purged);
    });
    spdlog::info("serving on http://{}:{}", config.server.address, server.port());
    server.run();
    purge_expired_keys.stop();
    // Answers still being produced go to the stopped server, which must outlive them.
    runner.stop();
    cache->reset();
    spdlog::info("stopped");
    return 0;
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
        return serve(std::get<cli::ServiceConfig>(*command));
    } catch (const std::exception& error) {
        // The process edge: a bug that escaped every layer. Say what it was, then fail loudly.
        std::fprintf(stderr, "transfers: fatal: %s\n", error.what());
        return 1;
    }
}
