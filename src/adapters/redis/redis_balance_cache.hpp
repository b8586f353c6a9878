// RedisBalanceCache: the BalanceCache port on Redis, with versioned writes and a breaker.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "adapters/redis/redis_pipeline.hpp"
#include "ports/balance_cache.hpp"
#include "ports/no_tracer.hpp"

namespace transfers::redis {

// Counters for operators (and tests); each is monotonic.
struct CacheCounters {
    std::atomic<std::uint64_t> hits{0};
    std::atomic<std::uint64_t> misses{0};
    std::atomic<std::uint64_t> errors{0};
    std::atomic<std::uint64_t> bypassed{0};  // lookups answered "miss" while the breaker is open
    std::atomic<std::uint64_t> trips{0};
};

// Entries are "VERSION:BALANCE" under transfers:account:ID with a TTL, written only by a Lua
// compare-and-set that keeps the entry unless it is older than the write: a late writer cannot
// put an older balance back. Before a commit, each account's entry is replaced by a pending
// marker "VERSION:" at the version the commit will write: a lookup takes it for a miss, and a
// fill read from the ledger before the commit (an older version) cannot replace it, while the
// committed state (same version) can. So whenever the process dies, what Redis holds for an
// account is its committed state, or something no reader trusts.
//
// Any failure opens the breaker: lookups miss, fills are dropped, and marks and commits
// remember their accounts and versions as dirty. A prober thread closes it again once Redis
// answers and every dirty entry is marked pending at its version, so nothing written before
// the outage can outlive a newer commit, not even one still in flight when Redis came back.
//
// After the commit, only the accounts whose entry held a state when marked (someone read them
// lately) are written again; the others stay marked until a reader fills them.
//
// Threads: callbacks run on the pipeline thread; probing runs on prober_. healthy_ and epoch_
// are atomics read everywhere; dirty_, dirty_changes_, forget_until_ and stopping_ are guarded
// by breaker_mutex_, and healthy_ only changes under it. held_states_ is guarded by
// held_states_mutex_ (written on the pipeline thread, taken on executor threads).
class RedisBalanceCache final : public BalanceCache {
public:
    // Above this many dirty accounts the cache stops tracking them and instead stays bypassed
    // for one entry TTL after Redis is back, by which time every older entry has expired.
    static constexpr std::size_t dirty_accounts_max = 1'000'000;
    // Accounts marked pending whose entry held a state, waiting for their commit's write.
    static constexpr std::size_t held_states_max = 65'536;

    // Spans for lookups and commits go to `tracer` when given (children of the caller's context).
    explicit RedisBalanceCache(RedisSettings settings, Tracer* tracer = nullptr);
    ~RedisBalanceCache() override;

    void lookup(AccountId id, Found found) override;
    std::uint64_t epoch() const override { return epoch_.load(); }
    void fill(const Account& account, std::uint64_t epoch_before_read) override;
    void mark_pending(std::span<const Account> accounts_after, Marked done) override;
    void store_committed(std::span<const Account> accounts) override;

    std::optional<bool> serving() const override { return healthy_.load(); }
    const CacheCounters& counters() const { return counters_; }

private:
    enum class Entry { state, pending_marker };
    // One script call that writes, for every account whose entry is not newer, its state or a
    // pending marker at its version.
    void compare_and_set(std::span<const Account> accounts, Entry entry, ReplyHandler handler);
    RedisCommand compare_and_set_command(std::span<const Account> accounts, Entry entry) const;
    // What mark_pending and store_committed share: written (then `written` sees the reply), or
    // recorded as dirty when Redis fails or the breaker is open; then `done`, told which.
    using Written = std::function<void(std::span<const Account> sent, const RedisReply& reply)>;
    void write_versions(std::span<const Account> accounts, Entry entry, Marked done, Written written);
    // From a mark's reply: which accounts held a state, and so are worth writing after the commit.
    void remember_held_states(std::span<const Account> marked, const std::string& held_state);
    // The committed accounts whose mark found a state, each forgotten once taken.
    std::vector<Account> take_held_states(std::span<const Account> committed);
    // Opens the breaker (or keeps it open) and remembers `dirty` for marking before it closes.
    void trip(std::span<const Account> dirty);
    // True when the breaker was open and the accounts were recorded as dirty instead.
    bool record_if_open(std::span<const Account> accounts);
    // Requires breaker_mutex_.
    void remember_dirty(const Account& account);
    void probe_until_stopped();
    bool try_to_recover();
    Result<RedisReply, std::string> call(RedisCommand command);

    std::shared_ptr<Span> start_span(std::string_view operation);

    const RedisSettings settings_;
    NoTracer no_tracer_;
    Tracer& tracer_;
    RedisPipeline pipeline_;
    CacheCounters counters_;
    std::atomic<bool> healthy_{true};
    std::atomic<std::uint64_t> epoch_{1};
    std::mutex breaker_mutex_;
    std::condition_variable breaker_changed_;
    std::unordered_map<std::int64_t, std::int64_t> dirty_;  // account id -> version to mark pending
    std::uint64_t dirty_changes_ = 0;
    std::chrono::steady_clock::time_point forget_until_{};
    bool stopping_ = false;
    std::thread prober_;
    std::mutex held_states_mutex_;
    std::unordered_map<std::int64_t, std::int64_t> held_states_;  // account id -> version marked
};

}  // namespace transfers::redis
