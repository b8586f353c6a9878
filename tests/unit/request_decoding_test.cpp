// Request decoding: from bodies and path segments to commands, with the field named on refusal.
#include "adapters/http/request_decoding.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "adapters/system/uuid_v7_source.hpp"
#include "test_support.hpp"
#include "unit/fakes/fake_transfer_id_source.hpp"

namespace transfers::http {
namespace {

template <typename T>
std::string refusal(const Result<T, Error>& decoded) {
    EXPECT_FALSE(decoded.ok()) << "expected a refusal";
    if (decoded.ok()) return "";
    EXPECT_EQ(decoded.error().code, ErrorCode::invalid_request);
    return decoded.error().detail;
}

std::string open_refusal(std::string_view body) { return refusal(decode_open_account(body)); }
std::string transfer_refusal(std::string_view body) { return refusal(decode_transfer(body)); }

// A transfer body with `amount` as the raw JSON value of the amount member.
std::string transfer_with_amount(std::string_view amount) {
    return R"({"source_account_id":1001,"destination_account_id":2002,"amount":)" + std::string(amount) + "}";
}

// ---------------------------------------------------------------------------------------------
// POST /v1/accounts

TEST(DecodeOpenAccount, ReadsTheSeedsBody) {
    auto command = decode_open_account(R"({"account_id":1001,"initial_balance":"500"})");

    ASSERT_TRUE(command.ok());
    EXPECT_EQ(command->id, AccountId{1001});
    EXPECT_EQ(command->initial_balance.to_string(), "500");
}

TEST(DecodeOpenAccount, ReadsFieldsInAnyOrderWithATrailingNewline) {
    auto command = decode_open_account("{\"initial_balance\":\"0.25\",\"account_id\":7}\n");

    ASSERT_TRUE(command.ok());
    EXPECT_EQ(command->id, AccountId{7});
    EXPECT_EQ(command->initial_balance.to_string(), "0.25");
}

TEST(DecodeOpenAccount, PassesANegativeBalanceOnForTheUseCaseToRefuse) {
    auto command = decode_open_account(R"({"account_id":1,"initial_balance":"-5"})");

    ASSERT_TRUE(command.ok());
    EXPECT_EQ(command->initial_balance.to_string(), "-5");
}

TEST(DecodeOpenAccount, RefusesANegativeZeroBalanceNamingTheField) {
    for (std::string_view zero : {"-0", "-0.0", "-0.000", "-000.000000000000000000"}) {
        EXPECT_EQ(open_refusal(R"({"account_id":1,"initial_balance":")" + std::string(zero) + "\"}"),
                  "initial_balance: must not be a negative zero: write 0")
            << zero;
    }
}

TEST(DecodeOpenAccount, RefusesMissingFieldsNamingThem) {
    EXPECT_EQ(open_refusal(R"({"initial_balance":"500"})"), "account_id: is required");
    EXPECT_EQ(open_refusal(R"({"account_id":1001})"), "initial_balance: is required");
}

TEST(DecodeOpenAccount, RefusesUnknownFieldsNamingThem) {
    EXPECT_EQ(open_refusal(R"({"account_id":1001,"initial_balance":"500","currency":"EUR"})"),
              "currency: unknown field");
    EXPECT_EQ(open_refusal(R"({"account_id":1001,"balance":"500"})"), "balance: unknown field");
}

TEST(DecodeOpenAccount, RefusesBadIds) {
    const std::string range = "account_id: must be an integer from 1 to 9223372036854775807";
    EXPECT_EQ(open_refusal(R"({"account_id":0,"initial_balance":"1"})"), range);
    EXPECT_EQ(open_refusal(R"({"account_id":-1,"initial_balance":"1"})"), range);
    EXPECT_EQ(open_refusal(R"({"account_id":99999999999999999999,"initial_balance":"1"})"), range);
    EXPECT_EQ(open_refusal(R"({"account_id":"1001","initial_balance":"1"})"),
              "account_id: must be an integer, not a string");
    EXPECT_EQ(open_refusal(R"({"account_id":1001.0,"initial_balance":"1"})"),
              "account_id: must be an integer, not a fractional number");
}

TEST(DecodeOpenAccount, RefusesABalanceGivenAsANumber) {
    EXPECT_EQ(open_refusal(R"({"account_id":1,"initial_balance":500})"),
              "initial_balance: must be a decimal string, not an integer");
    EXPECT_EQ(open_refusal(R"({"account_id":1,"initial_balance":0.5})"),
              "initial_balance: must be a decimal string, not a fractional number");
}

TEST(DecodeOpenAccount, RefusesMalformedAndNonObjectBodies) {
    EXPECT_EQ(open_refusal(R"({"account_id":1001,"initial_balance":"500")").rfind("body: malformed JSON", 0), 0u);
    EXPECT_EQ(open_refusal("[1]"), "body: must be a JSON object");
    EXPECT_EQ(open_refusal(R"({"account_id":1,"account_id":2,"initial_balance":"1"})"),
              "account_id: field given more than once");
}

// ---------------------------------------------------------------------------------------------
// POST /v1/transfers

TEST(DecodeTransfer, ReadsTheSeedsBody) {
    auto command = decode_transfer(R"({"source_account_id":1001,"destination_account_id":2002,"amount":"150"})");

    ASSERT_TRUE(command.ok());
    EXPECT_EQ(command->source, AccountId{1001});
    EXPECT_EQ(command->target, AccountId{2002});
    EXPECT_EQ(command->amount.to_string(), "150");
}

TEST(DecodeTransfer, ReadsTheFullPrecision) {
    auto command = decode_transfer(transfer_with_amount(R"("99999999999999999999.999999999999999999")"));

    ASSERT_TRUE(command.ok());
    EXPECT_EQ(command->amount.to_string(), test::max_balance);
}

TEST(DecodeTransfer, ReadsAnAmountSpelledWithUnicodeEscapes) {
    auto command = decode_transfer(transfer_with_amount(R"("\u0031\u0035\u0030.\u0035")"));

    ASSERT_TRUE(command.ok());
    EXPECT_EQ(command->amount.to_string(), "150.5");
}

TEST(DecodeTransfer, RefusesMissingFieldsNamingThem) {
    EXPECT_EQ(transfer_refusal(R"({"destination_account_id":2002,"amount":"1"})"), "source_account_id: is required");
    EXPECT_EQ(transfer_refusal(R"({"source_account_id":1001,"amount":"1"})"), "destination_account_id: is required");
    EXPECT_EQ(transfer_refusal(R"({"source_account_id":1001,"destination_account_id":2002})"), "amount: is required");
    EXPECT_EQ(transfer_refusal("{}"), "source_account_id: is required");
}

TEST(DecodeTransfer, RefusesUnknownFieldsNamingThem) {
    EXPECT_EQ(transfer_refusal(R"({"source_account_id":1,"destination_account_id":2,"amount":"1","memo":"x"})"),
              "memo: unknown field");
}

TEST(DecodeTransfer, RefusesBadIdsNamingTheField) {
    EXPECT_EQ(transfer_refusal(R"({"source_account_id":0,"destination_account_id":2,"amount":"1"})"),
              "source_account_id: must be an integer from 1 to 9223372036854775807");
    EXPECT_EQ(transfer_refusal(R"({"source_account_id":1,"destination_account_id":-2,"amount":"1"})"),
              "destination_account_id: must be an integer from 1 to 9223372036854775807");
    EXPECT_EQ(transfer_refusal(R"({"source_account_id":true,"destination_account_id":2,"amount":"1"})"),
              "source_account_id: must be an integer, not a boolean");
    EXPECT_EQ(transfer_refusal(R"({"source_account_id":1,"destination_account_id":null,"amount":"1"})"),
              "destination_account_id: must be an integer, not null");
    EXPECT_EQ(transfer_refusal(R"({"source_account_id":1e3,"destination_account_id":2,"amount":"1"})"),
              "source_account_id: must be an integer, not a fractional number");
}

TEST(DecodeTransfer, RefusesAnAmountThatIsNotAString) {
    EXPECT_EQ(transfer_refusal(transfer_with_amount("150")), "amount: must be a decimal string, not an integer");
    EXPECT_EQ(transfer_refusal(transfer_with_amount("1.5")),
              "amount: must be a decimal string, not a fractional number");
    EXPECT_EQ(transfer_refusal(transfer_with_amount("null")), "amount: must be a decimal string, not null");
    EXPECT_EQ(transfer_refusal(transfer_with_amount(R"({"value":"1"})")),
              "amount: must be a decimal string, not an object or array");
}

TEST(DecodeTransfer, RefusesBadDecimalsNeverRounding) {
    const std::string plain =
        "amount: must be a plain decimal string: digits, an optional leading '-' and an optional '.'";
    EXPECT_EQ(transfer_refusal(transfer_with_amount(R"("1e3")")), plain);
    EXPECT_EQ(transfer_refusal(transfer_with_amount(R"(" 1")")), plain);
    EXPECT_EQ(transfer_refusal(transfer_with_amount(R"("1 ")")), plain);
    EXPECT_EQ(transfer_refusal(transfer_with_amount(R"("+1")")), plain);
    EXPECT_EQ(transfer_refusal(transfer_with_amount(R"("NaN")")), plain);
    EXPECT_EQ(transfer_refusal(transfer_with_amount(R"("1,5")")), plain);
    EXPECT_EQ(transfer_refusal(transfer_with_amount(R"("--1")")), plain);
    EXPECT_EQ(transfer_refusal(transfer_with_amount(R"("")")), "amount: must not be empty");
    EXPECT_EQ(transfer_refusal(transfer_with_amount(R"("1.")")),
              "amount: must have at least one digit after the decimal point");
    EXPECT_EQ(transfer_refusal(transfer_with_amount(R"(".5")")),
              "amount: must have at least one digit before the decimal point");
    EXPECT_EQ(transfer_refusal(transfer_with_amount(R"("0.0000000000000000001")")),
              "amount: must have at most 18 digits after the decimal point");
    EXPECT_EQ(transfer_refusal(transfer_with_amount(R"("100000000000000000000")")),
              "amount: must have at most 20 digits before the decimal point");
}

TEST(DecodeTransfer, RefusesANegativeZeroAmountNamingTheField) {
    for (std::string_view zero : {"-0", "-0.0", "-0.000"}) {
        EXPECT_EQ(transfer_refusal(transfer_with_amount("\"" + std::string(zero) + "\"")),
                  "amount: must not be a negative zero: write 0")
            << zero;
    }
}

TEST(DecodeTransfer, PassesZeroAndNegativeAmountsOnForTheUseCaseToRefuse) {
    auto zero = decode_transfer(transfer_with_amount(R"("0")"));
    auto negative = decode_transfer(transfer_with_amount(R"("-1")"));

    ASSERT_TRUE(zero.ok() && negative.ok());
    EXPECT_EQ(zero->amount.to_string(), "0");
    EXPECT_EQ(negative->amount.to_string(), "-1");
}

// ---------------------------------------------------------------------------------------------
// Path segments

TEST(DecodeAccountIdSegment, ReadsPositiveDecimalIds) {
    EXPECT_EQ(decode_account_id_segment("1001").value(), AccountId{1001});
    EXPECT_EQ(decode_account_id_segment("1").value(), AccountId{1});
    EXPECT_EQ(decode_account_id_segment("9223372036854775807").value(), AccountId{9223372036854775807});
}

TEST(DecodeAccountIdSegment, RefusesAnythingElse) {
    for (std::string_view segment : {"0", "-1", "abc", "1.5", "9223372036854775808", "99999999999999999999", "",
                                     "+1", " 1", "1 ", "1e3", "0x10", "%31", "１"}) {
        EXPECT_EQ(refusal(decode_account_id_segment(segment)),
                  "account_id: must be an integer from 1 to 9223372036854775807")
            << "segment: '" << segment << "'";
    }
}

TEST(DecodeTransferIdSegment, ReadsALowercaseUuid) {
    auto id = decode_transfer_id_segment("0190f5a2-7c3e-7a1b-8c2d-0123456789ab");

    ASSERT_TRUE(id.ok());
    EXPECT_EQ(id->value, "0190f5a2-7c3e-7a1b-8c2d-0123456789ab");
}

TEST(DecodeTransferIdSegment, AcceptsEveryIdTheServiceAndTheFakeHandOut) {
    UuidV7Source uuids;
    for (int i = 0; i < 100; ++i) {
        const TransferId id = uuids.next();
        EXPECT_TRUE(decode_transfer_id_segment(id.value).ok()) << id.value;
    }
    EXPECT_TRUE(decode_transfer_id_segment(fakes::nth_transfer_id(1).value).ok());
    EXPECT_TRUE(decode_transfer_id_segment(fakes::nth_transfer_id(0xffffffffffffULL).value).ok());
}

TEST(DecodeTransferIdSegment, RefusesUppercaseWrongLengthAndMisplacedDashes) {
    for (std::string_view segment : {"0190F5A2-7C3E-7A1B-8C2D-0123456789AB", "0190f5a2-7c3e-7a1b-8c2d-0123456789a",
                                     "0190f5a2-7c3e-7a1b-8c2d-0123456789abc", "0190f5a27c3e7a1b8c2d0123456789ab",
                                     "0190f5a2-7c3e-7a1b-8c2d0-123456789ab", "0190f5a2-7c3e-7a1b-8c2d-0123456789ag",
                                     "{0190f5a2-7c3e-7a1b-8c2d-0123456789a}", "", "1"}) {
        EXPECT_EQ(refusal(decode_transfer_id_segment(segment)), "transaction_id: must be a lowercase UUID")
            << "segment: '" << segment << "'";
    }
}

}  // namespace
}  // namespace transfers::http
