// ConnectionPool: a bounded set of MariaDB connections leased to one thread at a time.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "adapters/mariadb/call_deadlines.hpp"
#include "adapters/mariadb/connection.hpp"

namespace transfers::mariadb {

class ConnectionPool;

// What the pool has done so far, for metrics; every count is monotonic but `open`.
struct PoolCounts {
    std::uint64_t acquired = 0;
    std::uint64_t timeouts = 0;        // no connection free before the call's deadline
    std::uint64_t connect_errors = 0;  // a new connection could not be opened
    std::uint64_t deadline_expiries = 0;  // calls ended by their deadline (connection discarded)
    int open = 0;
};

// A connection on loan, watched until its call's deadline; returned to the pool when the lease
// ends, unless it was discarded or the deadline ended its call (its state is then unknown).
class Lease {
public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection, std::uint64_t watch_id)
        : pool_(&pool), connection_(std::move(connection)), watch_id_(watch_id) {}
    Lease(Lease&& other) noexcept
        : pool_(std::exchange(other.pool_, nullptr)),
          connection_(std::move(other.connection_)),
          watch_id_(other.watch_id_),
          discarded_(other.discarded_) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();

    Connection& operator*() { return *connection_; }
    Connection* operator->() { return connection_.get(); }
    // Drops a connection whose state is unknown (a client error broke it) instead of reusing it.
    // It is closed when the lease ends, after its socket is no longer watched.
    void discard() { discarded_ = true; }

private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
    std::uint64_t watch_id_;
    bool discarded_ = false;
};

// Thread-safe: mutex_ guards idle_ and open_count_.
class ConnectionPool {
public:
    using Clock = CallDeadlines::Clock;

    // Each connection's socket timeouts are `timeout_db`; every call has its own deadline.
    ConnectionPool(ConnectionSettings settings, int connections_max, std::chrono::milliseconds timeout_db);

    // A connection for a call that must end by `deadline`: idle, or opened if the bound allows;
    // waits for one at most until the deadline. The call is ended (its socket shut down) if
    // it is still running at the deadline.
    Result<Lease, DbError> acquire(Clock::time_point deadline);
    PoolCounts counts() const;

private:
    friend class Lease;
    // Takes back a lease's connection: kept for reuse when `reusable`, else closed.
    void give_back(std::unique_ptr<Connection> connection, std::uint64_t watch_id, bool reusable);
    void release_slot(std::unique_ptr<Connection> connection, bool reusable);

    const ConnectionSettings settings_;
    const int connections_max_;
    const std::chrono::milliseconds timeout_db_;
    CallDeadlines deadlines_;
    mutable std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<Connection>> idle_;
    int open_count_ = 0;
    std::atomic<std::uint64_t> acquired_{0};
    std::atomic<std::uint64_t> timeouts_{0};
    std::atomic<std::uint64_t> connect_errors_{0};
};

}  // namespace transfers::mariadb
