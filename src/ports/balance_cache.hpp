// BalanceCache: a fast, possibly absent copy of account states, never newer than the ledger
// and never older than a state a client has been told about.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "domain/account.hpp"

namespace transfers {

// Every callback runs exactly once, on a thread the cache owns or on the caller's own thread;
// it must not block. Implementations are safe to call from any thread.
class BalanceCache {
public:
    using Found = std::function<void(std::optional<Account>)>;
    using Done = std::function<void()>;
    // True when the marks are in the cache; false when it failed or is bypassed, and they are
    // only remembered by this process (which may die before the cache answers again).
    using Marked = std::function<void(bool marked)>;

    virtual ~BalanceCache() = default;

    // The cached state of `id`, or nullopt on a miss, an error, an entry marked pending, or while
    // the cache is bypassed.
    virtual void lookup(AccountId id, Found found) = 0;

    // Changes whenever entries may have been left stale (the cache failed); a fill carries the
    // epoch read before its database read, and is dropped if the epoch has moved since.
    virtual std::uint64_t epoch() const = 0;
    // Offers a state read from the ledger; kept only if newer than what is cached. No answer.
    virtual void fill(const Account& account, std::uint64_t epoch_before_read) = 0;

    // Before a commit, inside its transaction: `accounts_after` are the states the commit will
    // write (each one version above the stored one, which the transaction holds locked). `done`
    // runs once no entry older than those versions can be served or written any more (true), or
    // once this process has stopped serving these accounts until that holds again (false). Doing this before
    // the COMMIT, not after it, is what keeps a crash at any instant from leaving an older
    // balance readable: there is no moment at which the commit is durable and the cache still
    // trusts the state it replaced.
    virtual void mark_pending(std::span<const Account> accounts_after, Marked done) = 0;
    // After a commit: offers the committed states, kept where not older than the entry. No
    // answer and nothing waits for it: readers are already safe through mark_pending, this only
    // spares them a miss.
    virtual void store_committed(std::span<const Account> accounts) = 0;

    // For readiness: nullopt when no cache is configured, else whether it serves reads now.
    virtual std::optional<bool> serving() const = 0;
};

// The cache when none is configured: always a miss, nothing to keep up to date.
class NoBalanceCache final : public BalanceCache {
public:
    void lookup(AccountId, Found found) override { found(std::nullopt); }
    std::uint64_t epoch() const override { return 0; }
    void fill(const Account&, std::uint64_t) override {}
    void mark_pending(std::span<const Account>, Marked done) override { done(true); }
    void store_committed(std::span<const Account>) override {}
    std::optional<bool> serving() const override { return std::nullopt; }
};

}  // namespace transfers
