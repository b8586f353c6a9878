#include "adapters/redis/redis_balance_cache.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <future>
#include <memory>
#include <vector>

#include "adapters/otel/semantic_conventions.hpp"
#include "adapters/system/thread_name.hpp"
#include "ports/trace_scope.hpp"

namespace transfers::redis {
namespace {

constexpr std::chrono::milliseconds probe_interval{250};
constexpr std::size_t mark_keys_per_command_max = 512;

// For each KEYS[i], sets it to "ARGV[2i]:ARGV[2i+1]" (version, balance; an empty balance is a
// pending marker) with TTL ARGV[1] seconds unless it already holds a newer version: a late
// writer cannot put an older balance back, and a fill read before a commit cannot replace the
// commit's pending marker, while the committed state itself (the same version) can. One call
// carries a whole batch's accounts. The usual case (the entry is older, or absent) costs one
// SET ... GET per key; an entry found newer is put back as it was (the script runs atomically,
// so no reader sees the interval). Answers one character per key: '1' where the key held a
// state (not a marker, not nothing) before the call.
constexpr std::string_view compare_and_set_script = R"lua(
local held_state = {}
for i, key in ipairs(KEYS) do
  local version = ARGV[2 * i]
  local previous = redis.call('SET', key, version .. ':' .. ARGV[2 * i + 1], 'EX', ARGV[1], 'GET')
  local newer = false
  held_state[i] = '0'
  if previous then
    local colon = string.find(previous, ':', 1, true)
    local held = colon and tonumber(string.sub(previous, 1, colon - 1))
    newer = held ~= nil and held > tonumber(version)
    if colon and colon < #previous then held_state[i] = '1' end
  end
  if newer then
    redis.call('SET', key, previous, 'KEEPTTL')
  end
end
return table.concat(held_state)
)lua";

std::string key_of(AccountId id) { return "transfers:account:" + std::to_string(id.value); }

// A pending marker ("VERSION:", no balance) decodes to nothing: a miss.
std::optional<Account> decode_entry(AccountId id, const std::string& entry) {
    const auto colon = entry.find(':');
    if (colon == std::string::npos) return std::nullopt;
    std::int64_t version = 0;
    const auto [end, ec] = std::from_chars(entry.data(), entry.data() + colon, version);
    auto balance = Money::parse(std::string_view(entry).substr(colon + 1));
    if (ec != std::errc{} || end != entry.data() + colon || !balance) return std::nullopt;
    return Account{id, *balance, version};
}

}  // namespace

RedisBalanceCache::RedisBalanceCache(RedisSettings settings, Tracer* tracer)
    : settings_(settings), tracer_(tracer != nullptr ? *tracer : no_tracer_), pipeline_(std::move(settings)) {
    prober_ = std::thread([this] {
        name_this_thread("redis-prober");
        probe_until_stopped();
    });
}

RedisBalanceCache::~RedisBalanceCache() {
    {
        std::lock_guard lock(breaker_mutex_);
        stopping_ = true;
    }
    breaker_changed_.notify_all();
    prober_.join();
}

std::shared_ptr<Span> RedisBalanceCache::start_span(std::string_view operation) {
    std::shared_ptr<Span> span = tracer_.start_span(operation, SpanKind::client, current_trace_context());
    span->set_attribute(otel::semconv::db_system_name, otel::semconv::db_system_redis);
    span->set_attribute(otel::semconv::db_operation_name, operation);
    return span;
}

void RedisBalanceCache::lookup(AccountId id, Found found) {
    if (!healthy_.load()) {
        ++counters_.bypassed;
        return found(std::nullopt);
    }
    auto span = start_span("GET");
    auto shared_found = std::make_shared<Found>(std::move(found));
    const bool queued = pipeline_.submit({"GET", key_of(id)}, [this, id, shared_found, span](auto reply) {
        if (!reply || reply->kind == RedisReply::Kind::error) {
            ++counters_.errors;
            span->set_error(reply ? reply->text : reply.error());
            span->end();
            trip({});
            return (*shared_found)(std::nullopt);
        }
        auto account = reply->kind == RedisReply::Kind::string ? decode_entry(id, reply->text) : std::nullopt;
        ++(account ? counters_.hits : counters_.misses);
        span->set_attribute("cache.hit", account ? 1 : 0);
        span->end();
        (*shared_found)(account);
    });
    if (!queued) {
        ++counters_.errors;
        span->set_error("redis: queue full");
        span->end();
        (*shared_found)(std::nullopt);
    }
}

void RedisBalanceCache::compare_and_set(std::span<const Account> accounts, Entry entry, ReplyHandler handler) {
    if (!pipeline_.submit(compare_and_set_command(accounts, entry), handler)) {
        handler(fail(std::string("redis: queue full")));
    }
}

RedisCommand RedisBalanceCache::compare_and_set_command(std::span<const Account> accounts, Entry entry) const {
    RedisCommand command{"EVAL", std::string(compare_and_set_script), std::to_string(accounts.size())};
    command.reserve(command.size() + 1 + accounts.size() * 3);
    for (const Account& account : accounts) command.push_back(key_of(account.id));
    command.push_back(std::to_string(settings_.entry_ttl.count()));
    for (const Account& account : accounts) {
        command.push_back(std::to_string(account.version));
        command.push_back(entry == Entry::state ? account.balance.to_string() : std::string());
    }
    return command;
}

void RedisBalanceCache::fill(const Account& account, std::uint64_t epoch_before_read) {
    if (!healthy_.load() || epoch_.load() != epoch_before_read) return;
    compare_and_set({&account, 1}, Entry::state, [this](auto reply) {
        if (!reply || reply->kind == RedisReply::Kind::error) {
            ++counters_.errors;
            trip({});  // a lost fill leaves nothing stale: the compare-and-set only moves forward
        }
    });
}

void RedisBalanceCache::mark_pending(std::span<const Account> accounts_after, Marked done) {
    write_versions(accounts_after, Entry::pending_marker, std::move(done),
                   [this](std::span<const Account> marked, const RedisReply& reply) {
                       remember_held_states(marked, reply.text);
                   });
}

// Only the accounts whose entry held a state when they were marked: someone reads them. The
// others keep their marker until a reader fills them, so accounts nobody reads cost one write
// per batch, not two.
void RedisBalanceCache::store_committed(std::span<const Account> accounts) {
    write_versions(take_held_states(accounts), Entry::state, [](bool) {}, {});
}

void RedisBalanceCache::remember_held_states(std::span<const Account> marked, const std::string& held_state) {
    std::lock_guard lock(held_states_mutex_);
    // Entries of batches that never committed are never taken: forgetting them all now and then
    // bounds the map, and costs at most one miss per account.
    if (held_states_.size() > held_states_max) held_states_.clear();
    for (std::size_t i = 0; i < marked.size() && i < held_state.size(); ++i) {
        if (held_state[i] == '1') held_states_[marked[i].id.value] = marked[i].version;
    }
}

std::vector<Account> RedisBalanceCache::take_held_states(std::span<const Account> committed) {
    std::vector<Account> read_lately;
    std::lock_guard lock(held_states_mutex_);
    for (const Account& account : committed) {
        const auto held = held_states_.find(account.id.value);
        if (held == held_states_.end() || held->second != account.version) continue;
        held_states_.erase(held);
        read_lately.push_back(account);
    }
    return read_lately;
}

void RedisBalanceCache::write_versions(std::span<const Account> accounts, Entry entry, Marked done, Written written) {
    if (accounts.empty()) return done(true);
    if (record_if_open(accounts)) return done(false);
    auto span = start_span("EVAL");
    span->set_attribute(otel::semconv::db_operation_batch_size, static_cast<std::int64_t>(accounts.size()));
    span->set_attribute("cache.pending_marker", entry == Entry::pending_marker ? 1 : 0);
    // Kept for the callback: the span of accounts does not outlive this call.
    std::vector<Account> sent(accounts.begin(), accounts.end());
    // Runs on the pipeline's thread.
    compare_and_set(accounts, entry, [this, span, sent = std::move(sent), done = std::move(done),
                                      written = std::move(written)](auto reply) {
        const bool failed = !reply || reply->kind == RedisReply::Kind::error;
        if (failed) {
            ++counters_.errors;
            span->set_error("compare-and-set failed: the breaker is open");
            trip(sent);
        } else if (written) {
            written(sent, *reply);
        }
        span->end();
        done(!failed);
    });
}

bool RedisBalanceCache::record_if_open(std::span<const Account> accounts) {
    std::lock_guard lock(breaker_mutex_);
    if (healthy_.load()) return false;
    for (const Account& account : accounts) remember_dirty(account);
    ++dirty_changes_;
    return true;
}

void RedisBalanceCache::remember_dirty(const Account& account) {
    if (auto known = dirty_.find(account.id.value); known != dirty_.end()) {
        known->second = std::max(known->second, account.version);
    } else if (dirty_.size() < dirty_accounts_max) {
        dirty_.emplace(account.id.value, account.version);
    } else {
        forget_until_ = std::chrono::steady_clock::now() + settings_.entry_ttl;
    }
}

void RedisBalanceCache::trip(std::span<const Account> dirty) {
    {
        std::lock_guard lock(breaker_mutex_);
        for (const Account& account : dirty) remember_dirty(account);
        ++dirty_changes_;
        ++epoch_;
        if (healthy_.exchange(false)) {
            ++counters_.trips;
            spdlog::warn("cache: Redis failed; serving from the database until it recovers");
        }
    }
    breaker_changed_.notify_all();
}

}  // namespace transfers::redis

namespace transfers::redis {

// Blocking round trip for the prober thread (never for a request thread).
Result<RedisReply, std::string> RedisBalanceCache::call(RedisCommand command) {
    auto promise = std::make_shared<std::promise<Result<RedisReply, std::string>>>();
    auto answer = promise->get_future();
    if (!pipeline_.submit(std::move(command), [promise](auto reply) { promise->set_value(std::move(reply)); })) {
        return fail(std::string("redis: queue full"));
    }
    return answer.get();  // the pipeline answers every command, at worst after its I/O timeout
}

void RedisBalanceCache::probe_until_stopped() {
    std::unique_lock lock(breaker_mutex_);
    while (!stopping_) {
        if (healthy_.load()) {
            breaker_changed_.wait(lock);
            continue;
        }
        breaker_changed_.wait_for(lock, probe_interval);
        if (stopping_ || healthy_.load()) continue;
        lock.unlock();
        const bool recovered = try_to_recover();
        lock.lock();
        if (recovered) spdlog::info("cache: Redis is back; serving from the cache again");
    }
}

// Marks every dirty entry pending at its version, then closes the breaker if nothing new went
// dirty meanwhile. A marker, not a deletion: a batch whose mark was only recorded here may still
// be on its way to COMMIT, and a deleted entry would let a fill of the state it replaces in.
bool RedisBalanceCache::try_to_recover() {
    auto pong = call({"PING"});
    if (!pong || pong->kind == RedisReply::Kind::error) return false;
    std::vector<Account> dirty;
    std::uint64_t changes_seen = 0;
    {
        std::lock_guard lock(breaker_mutex_);
        if (std::chrono::steady_clock::now() < forget_until_) return false;
        dirty.reserve(dirty_.size());
        for (const auto& [id, version] : dirty_) dirty.push_back(Account{AccountId{id}, Money{}, version});
        changes_seen = dirty_changes_;
    }
    for (std::size_t first = 0; first < dirty.size(); first += mark_keys_per_command_max) {
        const std::size_t count = std::min(dirty.size() - first, mark_keys_per_command_max);
        auto marked = call(compare_and_set_command(std::span(dirty).subspan(first, count), Entry::pending_marker));
        if (!marked || marked->kind == RedisReply::Kind::error) return false;
    }
    std::lock_guard lock(breaker_mutex_);
    if (dirty_changes_ != changes_seen) return false;  // a commit failed meanwhile: go again
    dirty_.clear();
    healthy_.store(true);
    return true;
}

}  // namespace transfers::redis
