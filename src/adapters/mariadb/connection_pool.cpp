#include "adapters/mariadb/connection_pool.hpp"

#include <cassert>
#include <errmsg.h>

namespace transfers::mariadb {

Lease::~Lease() {
    if (pool_ != nullptr) pool_->give_back(std::move(connection_), watch_id_, !discarded_);
}

ConnectionPool::ConnectionPool(ConnectionSettings settings, int connections_max,
                               std::chrono::milliseconds timeout_db)
    : settings_(std::move(settings)),
      connections_max_(connections_max),
      timeout_db_(timeout_db),
      deadlines_(static_cast<std::size_t>(connections_max)) {
    assert(connections_max_ > 0);
    assert(timeout_db_.count() > 0);
}

Result<Lease, DbError> ConnectionPool::acquire(Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    const bool available = returned_.wait_until(lock, deadline, [this] {
        return !idle_.empty() || open_count_ < connections_max_;
    });
    if (!available) {
        ++timeouts_;
        return fail(DbError{CR_CONNECTION_ERROR, "no database connection free before the call's deadline"});
    }
    std::unique_ptr<Connection> connection;
    if (!idle_.empty()) {
        connection = std::move(idle_.back());
        idle_.pop_back();
    } else {
        ++open_count_;
        lock.unlock();  // connecting takes a network round trip or more: not under the lock
        auto opened = Connection::open(settings_, timeout_db_);
        if (!opened) {
            ++connect_errors_;
            release_slot(nullptr, false);
            return fail(opened.error());
        }
        connection = std::move(*opened);
    }
    ++acquired_;
    const std::uint64_t watch_id = deadlines_.arm(connection->socket(), deadline);
    return Lease(*this, std::move(connection), watch_id);
}

PoolCounts ConnectionPool::counts() const {
    std::lock_guard lock(mutex_);
    return PoolCounts{acquired_.load(), timeouts_.load(), connect_errors_.load(), deadlines_.expired_count(),
                      open_count_};
}

void ConnectionPool::give_back(std::unique_ptr<Connection> connection, std::uint64_t watch_id, bool reusable) {
    // Disarmed before anything else: the socket must not be shut down once it may be closed.
    const bool expired = deadlines_.disarm(watch_id);
    release_slot(std::move(connection), reusable && !expired);
}

void ConnectionPool::release_slot(std::unique_ptr<Connection> connection, bool reusable) {
    std::unique_ptr<Connection> closing;  // closed outside the lock: mysql_close may write
    {
        std::lock_guard lock(mutex_);
        if (connection && reusable) {
            idle_.push_back(std::move(connection));
        } else {
            closing = std::move(connection);
            --open_count_;
        }
        assert(open_count_ >= 0);
    }
    returned_.notify_one();
}

}  // namespace transfers::mariadb
