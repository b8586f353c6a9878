// Response encoding: accounts and transfers in the seed's field names, money as canonical strings.
#include "adapters/http/response_encoding.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "test_support.hpp"
#include "unit/fakes/fake_clock.hpp"

namespace transfers::http {
namespace {

using test::money;

TEST(EncodeAccount, WritesTheIdAsANumberAndTheBalanceAsACanonicalString) {
    EXPECT_EQ(encode_account(Account{AccountId{1001}, money("350"), 3}), R"({"account_id":1001,"balance":"350"})");
    EXPECT_EQ(encode_account(Account{AccountId{1}, money("0.50"), 0}), R"({"account_id":1,"balance":"0.5"})");
    EXPECT_EQ(encode_account(Account{AccountId{1}, Money::zero(), 0}), R"({"account_id":1,"balance":"0"})");
}

TEST(EncodeAccount, WritesTheLargestValuesWithoutLoss) {
    EXPECT_EQ(encode_account(Account{AccountId{9223372036854775807}, money(test::max_balance), 0}),
              R"({"account_id":9223372036854775807,"balance":"99999999999999999999.999999999999999999"})");
}

TEST(EncodeTransfer, WritesTheRecordWithAnRfc3339UtcTimestamp) {
    const Transfer transfer{TransferId{"0190f5a2-7c3e-7a1b-8c2d-0123456789ab"}, AccountId{1001}, AccountId{2002},
                            money("150.250"), fakes::fixed_instant()};

    EXPECT_EQ(encode_transfer(transfer),
              R"({"transaction_id":"0190f5a2-7c3e-7a1b-8c2d-0123456789ab","source_account_id":1001,)"
              R"("destination_account_id":2002,"amount":"150.25","created_at":"2026-11-25T16:22:12.123456Z",)"
              R"("created_by":"anonymous"})");
}

TEST(EncodeTransfer, NamesTheClientThatCreatedIt) {
    Transfer transfer{TransferId{"t"}, AccountId{1}, AccountId{2}, money("1"), fakes::fixed_instant()};
    transfer.created_by = "payroll.batch-2";
    EXPECT_NE(encode_transfer(transfer).find(R"("created_by":"payroll.batch-2"})"), std::string::npos);
}

TEST(EncodeTransfer, AlwaysWritesSixFractionDigitsOfSeconds) {
    using namespace std::chrono;
    const Timestamp whole_second = Timestamp{sys_days{year{2026} / January / 2}} + hours{3} + minutes{4} + seconds{5};
    const Transfer transfer{TransferId{"t"}, AccountId{1}, AccountId{2}, money("1"), whole_second};

    EXPECT_NE(encode_transfer(transfer).find(R"("created_at":"2026-01-02T03:04:05.000000Z")"), std::string::npos);
}

}  // namespace
}  // namespace transfers::http
