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

#include "adapters/mariadb/connection.hpp"

namespace transfers::mariadb {

class ConnectionPool;

// What the pool has done so far, for metrics; every count is monotonic but `open`.
struct PoolCounts {
    std::uint64_t acquired = 0;
    std::uint64_t timeouts = 0;        // no connection free within the acquire timeout
    std::uint64_t connect_errors = 0;  // a new connection could not be opened
    int open = 0;
};

// A connection on loan; returned to the pool when the lease ends, unless it was discarded.
class Lease {
public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection)
        : pool_(&pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept
        : pool_(std::exchange(other.pool_, nullptr)), connection_(std::move(other.connection_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();

    Connection& operator*() { return *connection_; }
    Connection* operator->() { return connection_.get(); }
    // Drops a connection whose state is unknown (a client error broke it) instead of reusing it.
    void discard() { connection_.reset(); }

private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
};

// Thread-safe: mutex_ guards idle_ and open_count_.
class ConnectionPool {
public:
    ConnectionPool(ConnectionSettings settings, int connections_max, std::chrono::milliseconds timeout_acquire);

    // A connection, opened if none is idle and the bound allows; waits at most timeout_acquire.
    Result<Lease, DbError> acquire();
    PoolCounts counts() const;

private:
    friend class Lease;
    void give_back(std::unique_ptr<Connection> connection);

    const ConnectionSettings settings_;
    const int connections_max_;
    const std::chrono::milliseconds timeout_acquire_;
    mutable std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<Connection>> idle_;
    int open_count_ = 0;
    std::atomic<std::uint64_t> acquired_{0};
    std::atomic<std::uint64_t> timeouts_{0};
    std::atomic<std::uint64_t> connect_errors_{0};
};

}  // namespace transfers::mariadb
