// Money: decimal text parsing, canonical formatting and checked addition (every request and
// every response with an amount goes through at least one of these).
#include <benchmark/benchmark.h>

#include <string>

#include "bench_support.hpp"
#include "domain/money.hpp"

namespace transfers::bench {
namespace {

// --- Money::parse ------------------------------------------------------------------------

void BM_MoneyParse(benchmark::State& state, const std::string& text) {
    if (!expect(state, Money::parse(text).ok(), "input should parse")) return;
    for (auto _ : state) {
        auto parsed = Money::parse(text);
        benchmark::DoNotOptimize(parsed);
    }
    state.SetItemsProcessed(state.iterations());
}

// The refusal path: a client sending 19 fraction digits (never rounded, always refused).
void BM_MoneyParseRejected(benchmark::State& state, const std::string& text) {
    if (!expect(state, !Money::parse(text).ok(), "input should be refused")) return;
    for (auto _ : state) {
        auto parsed = Money::parse(text);
        benchmark::DoNotOptimize(parsed);
    }
    state.SetItemsProcessed(state.iterations());
}

const std::string short_text = "150";
const std::string cents_text = "150.25";
const std::string fractional_text = "12.345678901234567890";  // exactly 18 fraction digits
const std::string negative_text = "-4096.5";
const std::string too_precise_text = "12.3456789012345678901";  // 19 fraction digits

BENCHMARK_CAPTURE(BM_MoneyParse, short, short_text);
BENCHMARK_CAPTURE(BM_MoneyParse, cents, cents_text);
BENCHMARK_CAPTURE(BM_MoneyParse, fractional, fractional_text);
BENCHMARK_CAPTURE(BM_MoneyParse, negative, negative_text);
BENCHMARK_CAPTURE(BM_MoneyParse, max, max_amount_text);
BENCHMARK_CAPTURE(BM_MoneyParseRejected, too_many_fraction_digits, too_precise_text);

// --- Money::to_string --------------------------------------------------------------------

void BM_MoneyToString(benchmark::State& state, const std::string& text) {
    const Money value = money(text);
    if (!expect(state, value.to_string() == text, "input should be canonical")) return;
    for (auto _ : state) {
        std::string out = value.to_string();
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
}

const std::string zero_text = "0";
// Canonical form drops the trailing zero of "12.345678901234567890".
const std::string fractional_canonical_text = "12.34567890123456789";

BENCHMARK_CAPTURE(BM_MoneyToString, zero, zero_text);
BENCHMARK_CAPTURE(BM_MoneyToString, short, short_text);
BENCHMARK_CAPTURE(BM_MoneyToString, cents, cents_text);
BENCHMARK_CAPTURE(BM_MoneyToString, fractional, fractional_canonical_text);
BENCHMARK_CAPTURE(BM_MoneyToString, negative, negative_text);
BENCHMARK_CAPTURE(BM_MoneyToString, max, max_amount_text);

// --- Money::checked_add ------------------------------------------------------------------

void BM_MoneyCheckedAdd(benchmark::State& state, const std::string& left, const std::string& right,
                        bool overflows) {
    Money a = money(left);
    Money b = money(right);
    if (!expect(state, a.checked_add(b).ok() != overflows, "unexpected overflow outcome")) return;
    for (auto _ : state) {
        benchmark::DoNotOptimize(a);  // opaque operands: no hoisting out of the loop
        benchmark::DoNotOptimize(b);
        auto sum = a.checked_add(b);
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(state.iterations());
}

const std::string balance_text = "10000.50";
const std::string debit_text = "-150.25";

// A credit to an ordinary balance, a debit (negative addend), and a refused overflow at the bound.
BENCHMARK_CAPTURE(BM_MoneyCheckedAdd, credit, balance_text, cents_text, false);
BENCHMARK_CAPTURE(BM_MoneyCheckedAdd, debit, balance_text, debit_text, false);
BENCHMARK_CAPTURE(BM_MoneyCheckedAdd, overflow, max_amount_text, short_text, true);

}  // namespace
}  // namespace transfers::bench
