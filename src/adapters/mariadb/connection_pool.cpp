#include "adapters/mariadb/connection_pool.hpp"

#include <cassert>
#include <errmsg.h>

namespace transfers::mariadb {

Lease::~Lease() {
    if (pool_ != nullptr) pool_->give_back(std::move(connection_));
}

ConnectionPool::ConnectionPool(ConnectionSettings settings, int connections_max,
                               std::chrono::milliseconds timeout_acquire)
    : settings_(std::move(settings)), connections_max_(connections_max), timeout_acquire_(timeout_acquire) {
    assert(connections_max_ > 0);
}

Result<Lease, DbError> ConnectionPool::acquire() {
    std::unique_lock lock(mutex_);
    const bool available = returned_.wait_for(lock, timeout_acquire_, [this] {
        return !idle_.empty() || open_count_ < connections_max_;
    });
    if (!available) {
        ++timeouts_;
        return fail(DbError{CR_CONNECTION_ERROR, "no database connection free within the acquire timeout"});
    }
    if (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        ++acquired_;
        return Lease(*this, std::move(connection));
    }
    ++open_count_;
    lock.unlock();  // connecting takes a network round trip or more: not under the lock
    auto opened = Connection::open(settings_);
    if (!opened) {
        ++connect_errors_;
        give_back(nullptr);
        return fail(opened.error());
    }
    ++acquired_;
    return Lease(*this, std::move(*opened));
}

PoolCounts ConnectionPool::counts() const {
    std::lock_guard lock(mutex_);
    return PoolCounts{acquired_.load(), timeouts_.load(), connect_errors_.load(), open_count_};
}

void ConnectionPool::give_back(std::unique_ptr<Connection> connection) {
    {
        std::lock_guard lock(mutex_);
        if (connection) {
            idle_.push_back(std::move(connection));
        } else {
            --open_count_;
        }
        assert(open_count_ >= 0);
    }
    returned_.notify_one();
}

}  // namespace transfers::mariadb
