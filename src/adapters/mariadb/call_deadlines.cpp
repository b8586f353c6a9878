#include "adapters/mariadb/call_deadlines.hpp"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <cassert>

#include "adapters/system/thread_name.hpp"

namespace transfers::mariadb {

CallDeadlines::CallDeadlines(std::size_t watched_max) : watched_max_(watched_max) {
    assert(watched_max_ > 0);
    thread_ = std::thread([this] {
        name_this_thread("db-deadlines");
        watch();
    });
}

CallDeadlines::~CallDeadlines() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();  // the watch never waits on anything but wake_: the join is immediate
}

std::uint64_t CallDeadlines::arm(int socket, Clock::time_point deadline) {
    std::uint64_t id = 0;
    bool sooner = false;
    {
        std::lock_guard lock(mutex_);
        assert(watched_.size() < watched_max_);
        id = next_id_++;
        watched_.emplace(id, Watched{socket, deadline});
        sooner = deadline < wake_at_;
    }
    // Usually the watch wakes before this deadline anyway (it wakes at least every second):
    // no wake-up per call then.
    if (sooner) wake_.notify_one();
    return id;
}

bool CallDeadlines::disarm(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    const auto found = watched_.find(id);
    assert(found != watched_.end());
    const bool expired = found->second.expired;
    watched_.erase(found);
    return expired;
}

std::uint64_t CallDeadlines::expired_count() const {
    std::lock_guard lock(mutex_);
    return expired_count_;
}

void CallDeadlines::watch() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_at_ = expire_due(Clock::now());
        wake_.wait_until(lock, wake_at_);
    }
}

CallDeadlines::Clock::time_point CallDeadlines::expire_due(Clock::time_point now) {
    // With nothing watched, the watch still wakes now and then; arm() wakes it sooner.
    Clock::time_point next = now + std::chrono::seconds(1);
    for (auto& [id, watched] : watched_) {
        if (watched.expired) continue;
        if (watched.deadline > now) {
            next = std::min(next, watched.deadline);
            continue;
        }
        watched.expired = true;
        ++expired_count_;
        // Wakes the thread blocked on the socket; it sees the connection lost and gives up.
        if (::shutdown(watched.socket, SHUT_RDWR) != 0) {
            spdlog::warn("could not end a database call past its deadline (socket {})", watched.socket);
        }
    }
    return next;
}

}  // namespace transfers::mariadb
