// ThreadPoolRunner: the TaskRunner port on a fixed set of threads with a bounded queue.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "ports/task_runner.hpp"

namespace transfers {

// Thread-safe: mutex_ guards queue_, stopping_ and threads_working_; threads_ is touched only by
// the constructor and the stopping thread. Tasks run on threads_ in arrival order.
class ThreadPoolRunner final : public TaskRunner {
public:
    ThreadPoolRunner(int threads, std::size_t queue_depth_max);
    ~ThreadPoolRunner() override { stop(); }

    // Refuses new tasks, runs every task already queued, then joins the threads. Idempotent.
    void stop();
    // For a shutdown past its drain: refuses new tasks, drops the queued ones (their answers
    // could no longer be delivered), and waits for the running ones until `deadline`. True
    // when every thread ended and was joined; false when some are still in a task (a database
    // call, say): those are detached, and the process must then end without unwinding (they
    // still use objects that destructors would free).
    bool stop_within(std::chrono::steady_clock::time_point deadline);

    bool post(std::function<void()> task) override;

private:
    void work();

    const std::size_t queue_depth_max_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> queue_;
    bool stopping_ = false;
    int threads_working_ = 0;  // threads not yet ended
    std::condition_variable ended_;
    std::vector<std::thread> threads_;
};

}  // namespace transfers
