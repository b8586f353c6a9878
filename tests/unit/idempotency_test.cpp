// Idempotency keys in the use cases: a key's first request is executed once, every retry gets
// its answer, and a key reused for another request is refused.
#include <gtest/gtest.h>

#include "app/account_service.hpp"
#include "app/idempotency_janitor.hpp"
#include "unit/transfer_service_fixture.hpp"

namespace transfers {
namespace {

using test::money;
using test::TransferServiceTest;

TransferCommand keyed(std::int64_t source, std::int64_t target, const char* amount, const char* key) {
    return TransferCommand{AccountId{source}, AccountId{target}, money(amount), std::string(key)};
}

TEST_F(TransferServiceTest, ARetryWithTheSameKeyAnswersTheFirstTransferWithoutASecondEffect) {
    open(1, "10");
    open(2, "0");
    auto first = service.transfer(keyed(1, 2, "4", "k-1"));
    auto retry = service.transfer(keyed(1, 2, "4", "k-1"));
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(retry.ok());
    EXPECT_EQ(retry->id, first->id);
    EXPECT_EQ(format_rfc3339(retry->created_at), format_rfc3339(first->created_at));
    EXPECT_EQ(balance_of(1), "6");
    EXPECT_EQ(store.transfers().size(), 1u);
}

TEST_F(TransferServiceTest, AKeyReusedWithAnotherRequestIsRefusedAndChangesNothing) {
    open(1, "10");
    open(2, "0");
    ASSERT_TRUE(service.transfer(keyed(1, 2, "4", "k-1")).ok());
    auto reused = service.transfer(keyed(1, 2, "5", "k-1"));
    ASSERT_FALSE(reused.ok());
    EXPECT_EQ(reused.error().code, ErrorCode::idempotency_key_reused);
    EXPECT_EQ(balance_of(1), "6");
}

TEST_F(TransferServiceTest, ARefusalIsRememberedSoARetryGetsItEvenAfterTheAccountIsFunded) {
    open(1, "1");
    open(2, "0");
    EXPECT_EQ(service.transfer(keyed(1, 2, "4", "k-1")).error().code, ErrorCode::insufficient_funds);
    open(3, "10");
    ASSERT_TRUE(transfer(3, 1, "10").ok());
    EXPECT_EQ(service.transfer(keyed(1, 2, "4", "k-1")).error().code, ErrorCode::insufficient_funds);
    EXPECT_TRUE(service.transfer(keyed(1, 2, "4", "k-2")).ok()) << "a new key is a new request";
}

TEST_F(TransferServiceTest, TheSameKeyTwiceInOneBatchExecutesOnceAndAnswersBothAlike) {
    open(1, "10");
    open(2, "0");
    const std::vector<TransferCommand> commands{keyed(1, 2, "3", "k"), keyed(1, 2, "3", "k"), keyed(1, 2, "9", "k")};
    const BatchOutcome outcome = service.commit_batch(commands);
    ASSERT_TRUE(outcome.results[0].ok());
    ASSERT_TRUE(outcome.results[1].ok());
    EXPECT_EQ(outcome.results[1]->id, outcome.results[0]->id);
    EXPECT_EQ(outcome.results[2].error().code, ErrorCode::idempotency_key_reused);
    EXPECT_EQ(balance_of(1), "7");
    EXPECT_EQ(store.transfers().size(), 1u);
}

TEST_F(TransferServiceTest, InABatchEachRequestIsComparedWithTheKeysFirstUseNotWithItsNeighbour) {
    open(1, "10");
    open(2, "0");
    auto first = service.transfer(keyed(1, 2, "1", "k"));
    ASSERT_TRUE(first.ok());
    // The batch's first request with the key carries another body; the second carries the
    // first use's body and must get its answer, not the 409 of its neighbour.
    const std::vector<TransferCommand> commands{keyed(1, 2, "2", "k"), keyed(1, 2, "1", "k")};
    const BatchOutcome outcome = service.commit_batch(commands);
    EXPECT_EQ(outcome.results[0].error().code, ErrorCode::idempotency_key_reused);
    ASSERT_TRUE(outcome.results[1].ok());
    EXPECT_EQ(outcome.results[1]->id, first->id);
    EXPECT_EQ(balance_of(1), "9");
}

TEST_F(TransferServiceTest, AKeyedTransferWhoseCommitWasLostIsAnsweredFromTheRecordNotRunTwice) {
    open(1, "10");
    open(2, "0");
    store.lose_next_commit_outcomes(fakes::InMemoryLedgerStore::LostCommit::applied);
    auto first = service.transfer(keyed(1, 2, "4", "k-1"));
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(balance_of(1), "6");
    EXPECT_EQ(service.transfer(keyed(1, 2, "4", "k-1"))->id, first->id);
    EXPECT_EQ(store.transfers().size(), 1u);
}

class AccountIdempotencyTest : public ::testing::Test {
protected:
    Result<Account, Error> open(std::int64_t id, const char* balance, std::optional<std::string> key) {
        return service.open_account(OpenAccountCommand{AccountId{id}, money(balance), std::move(key)});
    }
    fakes::InMemoryLedgerStore store;
    fakes::FakeClock clock;
    AccountService service{store, clock};
};

TEST_F(AccountIdempotencyTest, ARetriedOpeningAnswersTheSameAccountInsteadOfAccountExists) {
    ASSERT_TRUE(open(7, "5", "k").ok());
    auto retry = open(7, "5", "k");
    ASSERT_TRUE(retry.ok());
    EXPECT_EQ(retry->balance.to_string(), "5");
    EXPECT_EQ(open(7, "5", std::nullopt).error().code, ErrorCode::account_exists) << "without the key";
    EXPECT_EQ(open(7, "6", "k").error().code, ErrorCode::idempotency_key_reused);
}

TEST_F(AccountIdempotencyTest, AnOpeningRefusedAsExistingIsRememberedUnderItsKey) {
    ASSERT_TRUE(open(7, "5", std::nullopt).ok());
    EXPECT_EQ(open(7, "5", "k").error().code, ErrorCode::account_exists);
    EXPECT_EQ(open(7, "5", "k").error().code, ErrorCode::account_exists);
    EXPECT_EQ(store.idempotency_records(), 1u);
}

TEST_F(AccountIdempotencyTest, TheJanitorForgetsKeysOlderThanTheRetentionOnly) {
    ASSERT_TRUE(open(1, "1", "old").ok());
    clock.set(clock.now() + idempotency_retention + std::chrono::seconds(1));
    ASSERT_TRUE(open(2, "1", "new").ok());
    IdempotencyJanitor janitor(store, clock);
    auto purged = janitor.purge_expired();
    ASSERT_TRUE(purged.ok());
    EXPECT_EQ(*purged, 1u);
    EXPECT_EQ(store.idempotency_records(), 1u);
}

}  // namespace
}  // namespace transfers
