// Routing: every request's method and target matched to a route before anything else runs.
#include <benchmark/benchmark.h>

#include <string>

#include "adapters/http/router.hpp"
#include "bench_support.hpp"

namespace transfers::bench {
namespace {

using http::match_route;
using http::Route;

void BM_MatchRoute(benchmark::State& state, const std::string& method, const std::string& target,
                   Route expected, bool path_known = true) {
    const http::RouteMatch check = match_route(method, target);
    if (!expect(state, check.route == expected && check.path_known == path_known, "unexpected match")) return;
    for (auto _ : state) {
        http::RouteMatch match = match_route(method, target);
        benchmark::DoNotOptimize(match);
    }
    state.SetItemsProcessed(state.iterations());
}

const std::string get = "GET";
const std::string head = "HEAD";
const std::string post = "POST";
const std::string del = "DELETE";

const std::string accounts = "/v1/accounts";
const std::string transfers_path = "/v1/transfers";
const std::string health = "/v1/health";
const std::string account_item = "/v1/accounts/1001";
const std::string transfer_item = "/v1/transfers/01936b2e-7f3a-7c41-9d2e-5b8f0a1c3d4e";
const std::string account_item_query = "/v1/accounts/1001?fields=balance";
const std::string unknown = "/v1/accounts/1001/history";

// One benchmark per route, in the order match_route tests them, then the non-matches.
BENCHMARK_CAPTURE(BM_MatchRoute, open_account, post, accounts, Route::open_account);
BENCHMARK_CAPTURE(BM_MatchRoute, create_transfer, post, transfers_path, Route::create_transfer);
BENCHMARK_CAPTURE(BM_MatchRoute, health, get, health, Route::health);
BENCHMARK_CAPTURE(BM_MatchRoute, get_account, get, account_item, Route::get_account);
BENCHMARK_CAPTURE(BM_MatchRoute, get_account_head, head, account_item, Route::get_account);
BENCHMARK_CAPTURE(BM_MatchRoute, get_account_query, get, account_item_query, Route::get_account);
BENCHMARK_CAPTURE(BM_MatchRoute, get_transfer, get, transfer_item, Route::get_transfer);
BENCHMARK_CAPTURE(BM_MatchRoute, method_not_allowed, del, accounts, Route::none);
BENCHMARK_CAPTURE(BM_MatchRoute, not_found, get, unknown, Route::none, false);

}  // namespace
}  // namespace transfers::bench
