// AccountReadFlights: single flight for account reads that miss the cache, so that a thousand
// concurrent misses on one account cost one database read.
#pragma once

#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "app/commit_counter.hpp"
#include "app/reply.hpp"
#include "domain/account.hpp"

namespace transfers {

// Thread-safe: mutex_ guards flights_ and every Flight's fields.
class AccountReadFlights {
public:
    struct Flight {
        std::vector<Reply<Account>> waiters;
        bool reading = false;
        std::uint64_t commits_at_read = 0;
    };

    explicit AccountReadFlights(const CommitCounter& commits) : commits_(commits) {}

    // Adds `reply` to the flight for `id`. Answers the flight when the caller must perform the
    // read (it is the first), or nullptr when an existing flight will answer it. A flight whose
    // read has begun is joined only if no commit was acknowledged since it began: otherwise its
    // answer could be older than one the caller has already been given.
    std::shared_ptr<Flight> join(AccountId id, Reply<Account> reply);

    // Marks the flight's read as begun; the caller reads the database right after.
    void start_reading(AccountId id, const std::shared_ptr<Flight>& flight);

    // Ends the flight and answers every waiter with `result`.
    void land(AccountId id, const std::shared_ptr<Flight>& flight, const Result<Account, Error>& result);

private:
    const CommitCounter& commits_;
    std::mutex mutex_;
    std::unordered_map<std::int64_t, std::shared_ptr<Flight>> flights_;
};

}  // namespace transfers
