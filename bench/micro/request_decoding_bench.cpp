// Request decoding: the JSON bodies of POST /v1/transfers and POST /v1/accounts, strictly parsed
// into use-case commands, plus the {id} path segments of the two GET routes.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "adapters/http/request_decoding.hpp"
#include "bench_support.hpp"

namespace transfers::bench {
namespace {

using http::decode_account_id_segment;
using http::decode_open_account;
using http::decode_transfer;
using http::decode_transfer_id_segment;

// --- bodies ------------------------------------------------------------------------------

// What a typical client sends: compact JSON, small ids, a cents amount.
const std::string transfer_body =
    R"({"source_account_id":1001,"destination_account_id":2002,"amount":"150.25"})";
// Pretty-printed, large ids and the longest amount: the most work a valid body can ask for.
const std::string transfer_body_max = R"({
  "source_account_id": 9223372036854775807,
  "destination_account_id": 9223372036854775806,
  "amount": "99999999999999999999.999999999999999999"
}
)";
// Truncated mid-document: the JSON parser itself refuses it.
const std::string transfer_body_malformed =
    R"({"source_account_id":1001,"destination_account_id":2002,"amount":"150.)";
// Well-formed JSON, but the amount is a JSON number instead of a decimal string.
const std::string transfer_body_amount_not_string =
    R"({"source_account_id":1001,"destination_account_id":2002,"amount":150.25})";
// Well-formed JSON with a member the API does not know.
const std::string transfer_body_unknown_field =
    R"({"source_account_id":1001,"destination_account_id":2002,"amount":"150.25","memo":"rent"})";

const std::string open_account_body = R"({"account_id":1001,"initial_balance":"500"})";
const std::string open_account_body_fractional =
    R"({"account_id":1001,"initial_balance":"12.345678901234567890"})";
const std::string open_account_body_malformed = R"({"account_id":1001,"initial_balance":"500",})";

// --- decode_transfer / decode_open_account -------------------------------------------------

template <auto Decode>
void BM_Decode(benchmark::State& state, const std::string& body, bool valid) {
    if (!expect(state, Decode(body).ok() == valid, valid ? "body should decode" : "body should be refused")) {
        return;
    }
    for (auto _ : state) {
        auto command = Decode(body);
        benchmark::DoNotOptimize(command);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
}

void BM_DecodeTransfer(benchmark::State& state, const std::string& body, bool valid) {
    BM_Decode<decode_transfer>(state, body, valid);
}
void BM_DecodeOpenAccount(benchmark::State& state, const std::string& body, bool valid) {
    BM_Decode<decode_open_account>(state, body, valid);
}

BENCHMARK_CAPTURE(BM_DecodeTransfer, valid, transfer_body, true);
BENCHMARK_CAPTURE(BM_DecodeTransfer, valid_max, transfer_body_max, true);
BENCHMARK_CAPTURE(BM_DecodeTransfer, malformed_json, transfer_body_malformed, false);
BENCHMARK_CAPTURE(BM_DecodeTransfer, amount_not_string, transfer_body_amount_not_string, false);
BENCHMARK_CAPTURE(BM_DecodeTransfer, unknown_field, transfer_body_unknown_field, false);

BENCHMARK_CAPTURE(BM_DecodeOpenAccount, valid, open_account_body, true);
BENCHMARK_CAPTURE(BM_DecodeOpenAccount, valid_fractional, open_account_body_fractional, true);
BENCHMARK_CAPTURE(BM_DecodeOpenAccount, malformed_json, open_account_body_malformed, false);

// --- path segments -----------------------------------------------------------------------

const std::string account_segment = "1001";
const std::string account_segment_max = "9223372036854775807";
const std::string transfer_segment = "01936b2e-7f3a-7c41-9d2e-5b8f0a1c3d4e";  // a UUIDv7

void BM_DecodeAccountIdSegment(benchmark::State& state, const std::string& segment) {
    if (!expect(state, decode_account_id_segment(segment).ok(), "segment should decode")) return;
    for (auto _ : state) {
        auto id = decode_account_id_segment(segment);
        benchmark::DoNotOptimize(id);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_DecodeTransferIdSegment(benchmark::State& state, const std::string& segment) {
    if (!expect(state, decode_transfer_id_segment(segment).ok(), "segment should decode")) return;
    for (auto _ : state) {
        auto id = decode_transfer_id_segment(segment);
        benchmark::DoNotOptimize(id);
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK_CAPTURE(BM_DecodeAccountIdSegment, short, account_segment);
BENCHMARK_CAPTURE(BM_DecodeAccountIdSegment, max, account_segment_max);
BENCHMARK_CAPTURE(BM_DecodeTransferIdSegment, uuid, transfer_segment);

}  // namespace
}  // namespace transfers::bench
