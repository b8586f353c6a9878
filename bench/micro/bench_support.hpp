// Shared helpers for the micro-benchmarks: realistic fixed inputs and a one-time sanity check,
// so that a benchmark of a success path never silently measures a failure path (or vice versa).
#pragma once

#include <benchmark/benchmark.h>

#include <chrono>
#include <string>

#include "domain/money.hpp"
#include "domain/timestamp.hpp"

namespace transfers::bench {

// Marks the benchmark as skipped with `why` when `holds` is false; returns `holds`.
// Call before the timing loop and return early when it gives false.
inline bool expect(benchmark::State& state, bool holds, const char* why) {
    if (!holds) state.SkipWithError(why);
    return holds;
}

// Money from text that is known to be valid (benchmark inputs only).
inline Money money(const std::string& text) {
    auto parsed = Money::parse(text);
    return parsed ? *parsed : Money::zero();
}

// A fixed instant with a non-zero microsecond part, as a committed transfer carries.
inline Timestamp sample_instant() {
    using namespace std::chrono;
    return Timestamp{sys_days{year{2026} / November / 25}} + hours{16} + minutes{22} + seconds{12} +
           microseconds{123456};
}

// The canonical text of the largest amount: 20 integer and 18 fraction digits.
inline const std::string max_amount_text = "99999999999999999999.999999999999999999";

}  // namespace transfers::bench
