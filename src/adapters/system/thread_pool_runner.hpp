// ThreadPoolRunner: the TaskRunner port on a fixed set of threads with a bounded queue.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "ports/task_runner.hpp"

namespace transfers {

// Thread-safe: mutex_ guards queue_ and stopping_. Tasks run on threads_ in arrival order.
class ThreadPoolRunner final : public TaskRunner {
public:
    ThreadPoolRunner(int threads, std::size_t queue_depth_max);
    ~ThreadPoolRunner() override { stop(); }

    // Refuses new tasks, runs every task already queued, then joins the threads. Idempotent.
    void stop();

    bool post(std::function<void()> task) override;

private:
    void work();

    const std::size_t queue_depth_max_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace transfers
