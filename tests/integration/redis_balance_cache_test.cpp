// The Redis balance cache against a real redis-server: versions only move forward, failures
// bypass the cache, and nothing written before an outage outlives a newer commit.
#include "adapters/redis/redis_balance_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "integration/private_redis.hpp"
#include "integration/store_backends.hpp"

namespace transfers::testing {
namespace {

using namespace std::chrono_literals;

class RedisBalanceCacheTest : public ::testing::Test {
protected:
    redis::RedisSettings settings() const {
        redis::RedisSettings settings;
        settings.host = "127.0.0.1";
        settings.port = server_.port();
        settings.timeout_io = 100ms;
        return settings;
    }

    std::optional<Account> lookup(AccountId id) {
        std::promise<std::optional<Account>> found;
        cache_.lookup(id, [&](std::optional<Account> account) { found.set_value(account); });
        return found.get_future().get();
    }

    // Waits until every command sent so far has been answered (one pipeline runs them in order).
    void sync() { lookup(AccountId{999'999'999}); }

    // What a reader does after a miss: offers the state it read from the ledger.
    void fill_now(const Account& account) {
        cache_.fill(account, cache_.epoch());
        sync();
    }

    // What a batch does: marks its new states pending before COMMIT, offers them after it.
    void commit(std::vector<Account> accounts) {
        mark(accounts);
        cache_.store_committed(accounts);
        sync();
    }

    // True when the marks are in Redis.
    bool mark(std::vector<Account> accounts) {
        std::promise<bool> done;
        cache_.mark_pending(accounts, [&](bool marked) { done.set_value(marked); });
        return done.get_future().get();
    }

    // Polls until `condition` holds, for at most five seconds.
    template <typename Condition>
    bool eventually(Condition condition) {
        for (int attempt = 0; attempt < 500; ++attempt) {
            if (condition()) return true;
            std::this_thread::sleep_for(10ms);
        }
        return false;
    }

    static Account account(std::int64_t id, const char* balance, std::int64_t version) {
        return Account{AccountId{id}, money(balance), version};
    }

    PrivateRedis server_;
    redis::RedisBalanceCache cache_{settings()};
};

TEST_F(RedisBalanceCacheTest, AnswersWhatAReaderFilledAndMissesOtherwise) {
    EXPECT_EQ(lookup(AccountId{1}), std::nullopt);
    fill_now(account(1, "350.25", 3));
    const auto cached = lookup(AccountId{1});
    ASSERT_TRUE(cached.has_value());
    EXPECT_EQ(cached->balance.to_string(), "350.25");
    EXPECT_EQ(cached->version, 3);
    EXPECT_EQ(server_.cli("GET transfers:account:1"), "3:350.25");
    EXPECT_GT(std::stoi(server_.cli("TTL transfers:account:1")), 0);
}

TEST_F(RedisBalanceCacheTest, ALateWriterWithAnOlderVersionNeverReplacesANewerEntry) {
    // The race of the seed: two commits, their cache writes arriving in the opposite order.
    fill_now(account(7, "5", 3));  // someone reads the account, so commits write it again
    commit({account(7, "10", 5)});
    fill_now(account(7, "99", 4));
    EXPECT_EQ(lookup(AccountId{7})->version, 5);
    EXPECT_EQ(lookup(AccountId{7})->balance.to_string(), "10");
    mark({account(7, "0", 4)});  // a mark delayed past a later commit is refused too
    EXPECT_EQ(lookup(AccountId{7})->balance.to_string(), "10");
}

TEST_F(RedisBalanceCacheTest, AFillFromBeforeAFailureIsDropped) {
    const std::uint64_t epoch_before_read = cache_.epoch();
    server_.pause();
    EXPECT_FALSE(mark({account(10, "5", 1)}));  // times out: the breaker opens and the epoch moves
    server_.resume();
    ASSERT_TRUE(eventually([&] { return cache_.serving() == true; }));
    cache_.fill(account(9, "4", 0), epoch_before_read);
    sync();
    EXPECT_EQ(server_.cli("EXISTS transfers:account:9"), "0");
}

TEST_F(RedisBalanceCacheTest, AnEntryWrittenBeforeAnOutageIsNotServedAfterANewerCommit) {
    fill_now(account(11, "100", 1));
    mark({account(11, "60", 2)});
    server_.pause();  // Redis keeps its data but answers nothing
    cache_.store_committed(std::vector{account(11, "60", 2)});  // lost
    ASSERT_TRUE(eventually([&] { return cache_.serving() == false; }));
    EXPECT_EQ(lookup(AccountId{11}), std::nullopt) << "an open breaker must bypass the cache";
    server_.resume();
    ASSERT_TRUE(eventually([&] { return cache_.serving() == true; }));
    EXPECT_EQ(lookup(AccountId{11}), std::nullopt) << "stale balance served after recovery";
    EXPECT_EQ(server_.cli("GET transfers:account:11"), "2:") << "marked pending at the lost version";
}

TEST_F(RedisBalanceCacheTest, APendingMarkIsAMissThatOnlyTheMarkedVersionOrANewerOneReplaces) {
    fill_now(account(20, "10", 4));
    EXPECT_TRUE(mark({account(20, "7", 5)}));
    EXPECT_EQ(server_.cli("GET transfers:account:20"), "5:");
    EXPECT_GT(std::stoi(server_.cli("TTL transfers:account:20")), 0);
    EXPECT_EQ(lookup(AccountId{20}), std::nullopt) << "a pending mark must not be served";
    // A reader that read the ledger before the commit offers the state the commit replaces.
    cache_.fill(account(20, "10", 4), cache_.epoch());
    sync();
    EXPECT_EQ(server_.cli("GET transfers:account:20"), "5:");
    // After the commit (the process that made it may be gone): a reader fills the new state.
    cache_.fill(account(20, "7", 5), cache_.epoch());
    sync();
    ASSERT_TRUE(lookup(AccountId{20}).has_value());
    EXPECT_EQ(lookup(AccountId{20})->balance.to_string(), "7");
}

TEST_F(RedisBalanceCacheTest, ACommittedStateReplacesItsPendingMarkAndAnOlderMarkChangesNothing) {
    fill_now(account(21, "5", 1));
    commit({account(21, "3", 2)});
    EXPECT_EQ(lookup(AccountId{21})->balance.to_string(), "3");
    mark({account(21, "0", 1)});  // a mark delayed past a later commit is refused like any late write
    EXPECT_EQ(lookup(AccountId{21})->balance.to_string(), "3");
}

TEST_F(RedisBalanceCacheTest, ACommitRewritesOnlyTheEntriesThatHeldAState) {
    // 30 was read (it holds a state); 31 nobody read. After the commit, 30 holds the new state
    // at once; 31 keeps its mark until a reader fills it, so it costs one write per batch.
    fill_now(account(30, "8", 1));
    commit({account(30, "6", 2), account(31, "2", 1)});
    EXPECT_EQ(server_.cli("GET transfers:account:30"), "2:6");
    EXPECT_EQ(server_.cli("GET transfers:account:31"), "1:");
    fill_now(account(31, "2", 1));
    EXPECT_EQ(lookup(AccountId{31})->balance.to_string(), "2");
}

TEST_F(RedisBalanceCacheTest, AMarkLostToAnOutageIsWrittenBeforeTheCacheServesAgain) {
    // The batch may still be on its way to COMMIT when Redis comes back: deleting the old entry
    // would not do, since a reader could then fill the state the commit is about to replace.
    fill_now(account(22, "100", 1));
    server_.pause();
    EXPECT_FALSE(mark({account(22, "40", 2)})) << "a mark that timed out was reported as in Redis";
    EXPECT_EQ(cache_.serving(), false);
    server_.resume();
    ASSERT_TRUE(eventually([&] { return cache_.serving() == true; }));
    EXPECT_EQ(server_.cli("GET transfers:account:22"), "2:");
    cache_.fill(account(22, "100", 1), cache_.epoch());
    sync();
    EXPECT_EQ(lookup(AccountId{22}), std::nullopt) << "the state before the commit came back";
}

TEST_F(RedisBalanceCacheTest, ARedisKilledAndRestartedIsUsedAgain) {
    server_.kill_hard();
    commit({account(12, "1", 1)});  // answered although Redis is gone
    EXPECT_EQ(lookup(AccountId{12}), std::nullopt);
    EXPECT_EQ(cache_.serving(), false);
    server_.start();
    ASSERT_TRUE(eventually([&] { return cache_.serving() == true; }));
    fill_now(account(12, "2", 2));
    EXPECT_EQ(lookup(AccountId{12})->balance.to_string(), "2");
}

TEST_F(RedisBalanceCacheTest, ConcurrentCallsShareFewConnections) {
    std::atomic<int> answered{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 8; ++t) {
        clients.emplace_back([&, t] {
            for (int i = 0; i < 250; ++i) {
                cache_.fill(account(1000 + t, "1", i + 1), cache_.epoch());
                if (lookup(AccountId{1000 + t}).has_value()) ++answered;
            }
        });
    }
    for (auto& client : clients) client.join();
    EXPECT_EQ(answered.load(), 2000);
    // One pipeline connection, plus the redis-cli calls of this test: not one per request.
    const std::string clients_info = server_.cli("INFO stats");
    const auto at = clients_info.find("total_connections_received:");
    ASSERT_NE(at, std::string::npos);
    EXPECT_LE(std::stoi(clients_info.substr(at + 27)), 5);
}

}  // namespace
}  // namespace transfers::testing
