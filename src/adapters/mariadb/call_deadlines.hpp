// CallDeadlines: ends a database call that outlives its deadline by shutting its socket down.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

namespace transfers::mariadb {

// Why a watcher and not only the client library's socket timeouts: those are whole seconds, are
// fixed when a connection opens, and bound each read or write, not a call made of several. A
// shutdown(2) of the socket wakes the blocked call at once; the library reports the connection
// lost (a client error), and the connection is discarded.
//
// Threads: arm() and disarm() run on the threads that lease connections; the watch runs on
// thread_. mutex_ guards watched_, next_id_, expired_count_, wake_at_ and stopping_. A socket
// is shut down only under mutex_, so once disarm() returned, that socket number (which may be
// reused after the connection closes) is never touched again.
class CallDeadlines {
public:
    using Clock = std::chrono::steady_clock;

    explicit CallDeadlines(std::size_t watched_max);
    ~CallDeadlines();
    CallDeadlines(const CallDeadlines&) = delete;
    CallDeadlines& operator=(const CallDeadlines&) = delete;

    // Watches `socket` until disarm(id); past `deadline` it is shut down. Answers the id.
    std::uint64_t arm(int socket, Clock::time_point deadline);
    // Stops watching; answers whether the deadline had passed (the socket is then shut down).
    bool disarm(std::uint64_t id);
    // Calls ended by their deadline so far, for metrics.
    std::uint64_t expired_count() const;

private:
    struct Watched {
        int socket;
        Clock::time_point deadline;
        bool expired = false;
    };
    void watch();
    // Shuts down every socket past its deadline; answers the next deadline to wake up for.
    Clock::time_point expire_due(Clock::time_point now);

    // At most one call per pooled connection is watched at once.
    const std::size_t watched_max_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::map<std::uint64_t, Watched> watched_;
    std::uint64_t next_id_ = 1;
    std::uint64_t expired_count_ = 0;
    Clock::time_point wake_at_ = Clock::time_point::min();  // when the watch wakes next
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace transfers::mariadb
