// The fixture of the ApiHandlers tests: the handlers over the in-memory ledger, with an inline
// runner and no cache, and the exact problem documents they answer.
#pragma once

#include "adapters/http/api_handlers.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "unit/fakes/fake_clock.hpp"
#include "unit/fakes/fake_monotonic_clock.hpp"
#include "unit/fakes/fake_transfer_id_source.hpp"
#include "unit/fakes/in_memory_ledger_store.hpp"
#include "unit/fakes/fake_token_authority.hpp"
#include "unit/fakes/in_memory_client_store.hpp"
#include "unit/fakes/inline_task_runner.hpp"
#include "ports/no_tracer.hpp"

namespace transfers::http::api_test {

using fakes::InMemoryLedgerStore;
using Headers = std::vector<std::pair<std::string, std::string>>;
using Operation = InMemoryLedgerStore::Operation;

constexpr std::string_view first_id = "00000000-0000-7000-8000-000000000001";
constexpr std::string_view created_at = "2026-11-25T16:22:12.123456Z";
constexpr std::string_view seed_transfer = R"({"source_account_id":1001,"destination_account_id":2002,"amount":"150"})";

inline std::string problem(unsigned status, std::string_view title, std::string_view code, std::string_view detail) {
    return R"({"type":"about:blank","title":")" + std::string(title) + R"(","status":)" + std::to_string(status) +
           R"(,"code":")" + std::string(code) + R"(","detail":")" + std::string(detail) + R"("})";
}

inline std::string invalid(std::string_view detail) { return problem(400, "Invalid request", "invalid_request", detail); }

inline const std::string unavailable = problem(503, "Service unavailable", "unavailable", "a dependency is down; retry later");

class ApiHandlersTest : public ::testing::Test {
protected:
    // With an inline runner and no cache, every answer is given before handle() returns.
    HttpAnswer call(const HttpRequestView& request) {
        std::optional<HttpAnswer> answer;
        handlers.handle(request, [&](HttpAnswer given) {
            EXPECT_FALSE(answer.has_value()) << "answered twice";
            answer = std::move(given);
        });
        EXPECT_TRUE(answer.has_value()) << "never answered";
        return answer.value_or(HttpAnswer{});
    }
    HttpAnswer post(std::string_view target, std::string_view body, std::string_view content_type = "application/json") {
        return call(HttpRequestView{"POST", target, content_type, body});
    }
    HttpAnswer get(std::string_view target) { return call(HttpRequestView{"GET", target, "", ""}); }

    // The seed's e2e starting point: 1001 holds 500, 2002 holds 0.
    void open_seed_accounts() {
        ASSERT_EQ(post("/v1/accounts", R"({"account_id":1001,"initial_balance":"500"})").status, 201u);
        ASSERT_EQ(post("/v1/accounts", R"({"account_id":2002,"initial_balance":"0"})").status, 201u);
    }
    std::string transfer_body(std::string_view amount) {
        return R"({"source_account_id":1001,"destination_account_id":2002,"amount":")" + std::string(amount) + "\"}";
    }

    InMemoryLedgerStore store;
    fakes::FakeClock clock;
    fakes::FakeTransferIdSource ids;
    AccountService accounts{store, clock};
    NoBalanceCache cache;
    TransferService transfers{store, cache, clock, ids};
    fakes::FakeMonotonicClock monotonic;
    DatabaseHealth database_health{store, monotonic, HealthCheckLimits{}};
    Readiness readiness{database_health, cache};
    fakes::InlineTaskRunner runner;
    CommitCounter commits;
    NoTracer tracer;
    TransferBatcher batcher{transfers, cache, commits, runner, BatchLimits{}, tracer};
    ServiceApi api{{accounts, transfers, batcher, readiness, cache, runner, commits, tracer}};
    fakes::InMemoryClientStore client_store;
    fakes::FakeTokenAuthority tokens;
    ClientService client_service{client_store, tokens, clock};
    ClientHandlers client_handlers{client_service, runner};
    ApiHandlers handlers{api, client_handlers, [] { return std::string("metrics_total 1\n"); }};
};

inline void expect_answer(const HttpAnswer& answer, unsigned status, std::string_view body) {
    EXPECT_EQ(answer.status, status);
    EXPECT_EQ(answer.body, body);
    EXPECT_EQ(answer.content_type, status < 400 ? "application/json" : "application/problem+json");
}

inline void expect_unavailable(const HttpAnswer& answer) {
    expect_answer(answer, 503, unavailable);
    EXPECT_EQ(answer.headers, (Headers{{"Retry-After", "1"}}));
}

}  // namespace transfers::http::api_test
