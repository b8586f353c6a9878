// Response encoding (the bodies of 200/201 answers) and problem documents (every error answer).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <limits>
#include <string>

#include "adapters/http/problem.hpp"
#include "adapters/http/response_encoding.hpp"
#include "bench_support.hpp"
#include "domain/account.hpp"
#include "domain/error.hpp"
#include "domain/transfer.hpp"

namespace transfers::bench {
namespace {

using http::encode_account;
using http::encode_transfer;
using http::problem_answer;

// --- encode_account / encode_transfer ----------------------------------------------------

void BM_EncodeAccount(benchmark::State& state, std::int64_t id, const std::string& balance) {
    const Account account{AccountId{id}, money(balance), 42};
    for (auto _ : state) {
        std::string body = encode_account(account);
        benchmark::DoNotOptimize(body);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_EncodeTransfer(benchmark::State& state, const std::string& amount) {
    const Transfer transfer{TransferId{"01936b2e-7f3a-7c41-9d2e-5b8f0a1c3d4e"}, AccountId{1001},
                            AccountId{2002}, money(amount), sample_instant()};
    for (auto _ : state) {
        std::string body = encode_transfer(transfer);
        benchmark::DoNotOptimize(body);
    }
    state.SetItemsProcessed(state.iterations());
}

const std::string typical_balance = "10000.5";
const std::string typical_amount = "150.25";

BENCHMARK_CAPTURE(BM_EncodeAccount, typical, 1001, typical_balance);
BENCHMARK_CAPTURE(BM_EncodeAccount, max, std::numeric_limits<std::int64_t>::max(), max_amount_text);
BENCHMARK_CAPTURE(BM_EncodeTransfer, typical, typical_amount);
BENCHMARK_CAPTURE(BM_EncodeTransfer, max, max_amount_text);

// --- problem_answer ----------------------------------------------------------------------

// A use-case error, mapped through README's error table (503 also adds a Retry-After header).
void BM_ProblemAnswer(benchmark::State& state, ErrorCode code, const std::string& detail) {
    const Error error{code, detail};
    for (auto _ : state) {
        http::HttpAnswer answer = problem_answer(error);
        benchmark::DoNotOptimize(answer);
    }
    state.SetItemsProcessed(state.iterations());
}

// An error the HTTP layer finds itself (the 404 of an unknown path).
void BM_ProblemAnswerDirect(benchmark::State& state) {
    for (auto _ : state) {
        http::HttpAnswer answer =
            problem_answer(404, "Not found", "not_found", "no route for GET /v1/unknown");
        benchmark::DoNotOptimize(answer);
    }
    state.SetItemsProcessed(state.iterations());
}

const std::string invalid_amount_detail =
    "amount: must have at most 18 digits after the decimal point";
const std::string insufficient_detail = "account 1001 has 100.5, the transfer needs 150.25";
const std::string unavailable_detail = "MariaDB: Lost connection to server during query (2013)";

BENCHMARK_CAPTURE(BM_ProblemAnswer, invalid_request, ErrorCode::invalid_request, invalid_amount_detail);
BENCHMARK_CAPTURE(BM_ProblemAnswer, insufficient_funds, ErrorCode::insufficient_funds,
                  insufficient_detail);
BENCHMARK_CAPTURE(BM_ProblemAnswer, unavailable, ErrorCode::unavailable, unavailable_detail);
BENCHMARK(BM_ProblemAnswerDirect)->Name("BM_ProblemAnswer/route_not_found");

}  // namespace
}  // namespace transfers::bench
