// Authentication: what every request with a token pays before its handler runs (the token's
// SHA-256, the directory lookup, the scope check), against the same request without it.
#include <benchmark/benchmark.h>

#include <map>
#include <mutex>
#include <string>

#include "adapters/http/authenticating_handler.hpp"
#include "adapters/system/openssl_token_authority.hpp"
#include "app/client_service.hpp"
#include "bench_support.hpp"

namespace transfers::bench {
namespace {

// The clients in memory: the benchmark measures the request path, which never reads the store.
class MemoryClientStore final : public ClientStore {
public:
    Result<void, StoreFailure> insert_client(const ClientRecord& record) override {
        std::lock_guard lock(mutex_);
        records_.emplace(record.client.name, record);
        return {};
    }
    Result<std::vector<ClientRecord>, StoreFailure> list_clients() override {
        std::lock_guard lock(mutex_);
        std::vector<ClientRecord> all;
        for (const auto& [name, record] : records_) all.push_back(record);
        return all;
    }
    Result<bool, StoreFailure> revoke_client(const std::string&, Timestamp) override { return false; }

private:
    std::mutex mutex_;
    std::map<std::string, ClientRecord> records_;
};

class FixedClock final : public Clock {
public:
    Timestamp now() override { return sample_instant(); }
};

// Answers at once, as a handler whose work is elsewhere does.
class AnsweringHandler final : public http::RequestHandler {
public:
    void handle(const http::HttpRequestView&, http::Respond respond) override { respond(http::HttpAnswer{}); }
};

// 100 clients, as a busy deployment might have; the one calling is in the middle.
struct Deployment {
    Deployment() {
        for (int i = 0; i < 100; ++i) {
            auto created = clients.create(NewClient{"client-" + std::to_string(i),
                                                    ScopeSet::of({Scope::accounts_read, Scope::transfers_write})});
            if (created && i == 50) authorization = "Bearer " + created->token;
        }
    }
    MemoryClientStore store;
    OpenSslTokenAuthority tokens;
    FixedClock clock;
    ClientDirectory directory{store, tokens};
    ClientService clients{store, tokens, clock, &directory};
    std::string authorization;
};

void run(benchmark::State& state, http::RequestHandler& handler, const http::HttpRequestView& request) {
    unsigned status = 0;
    handler.handle(request, [&status](http::HttpAnswer answer) { status = answer.status; });
    if (!expect(state, status == 200, "the request was not answered 200")) return;
    for (auto _ : state) {
        handler.handle(request, [&status](http::HttpAnswer answer) { status = answer.status; });
        benchmark::DoNotOptimize(status);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_RequestWithToken(benchmark::State& state) {
    static Deployment deployment;
    AnsweringHandler inner;
    http::AuthenticatingHandler handler(inner, http::AuthMode::on, deployment.directory, nullptr);
    http::HttpRequestView request{"GET", "/v1/accounts/1001", "", ""};
    request.authorization = deployment.authorization;
    run(state, handler, request);
}

void BM_RequestWithAuthOff(benchmark::State& state) {
    static Deployment deployment;
    AnsweringHandler inner;
    http::AuthenticatingHandler handler(inner, http::AuthMode::off, deployment.directory, nullptr);
    run(state, handler, http::HttpRequestView{"GET", "/v1/accounts/1001", "", ""});
}

void BM_TokenDigest(benchmark::State& state) {
    OpenSslTokenAuthority tokens;
    const std::string token = tokens.issue();
    for (auto _ : state) {
        std::string digest = tokens.digest(token);
        benchmark::DoNotOptimize(digest);
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_RequestWithToken);
BENCHMARK(BM_RequestWithAuthOff);
BENCHMARK(BM_TokenDigest);

}  // namespace
}  // namespace transfers::bench
