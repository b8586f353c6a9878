#include "adapters/system/thread_pool_runner.hpp"

#include <spdlog/spdlog.h>

#include <cassert>
#include <exception>

#include "adapters/system/thread_name.hpp"

namespace transfers {

ThreadPoolRunner::ThreadPoolRunner(int threads, std::size_t queue_depth_max) : queue_depth_max_(queue_depth_max) {
    assert(threads > 0);
    threads_working_ = threads;
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] {
        name_this_thread("worker");
        work();
        std::lock_guard lock(mutex_);
        --threads_working_;
        ended_.notify_all();
    });
}

bool ThreadPoolRunner::stop_within(std::chrono::steady_clock::time_point deadline) {
    std::deque<std::function<void()>> dropped;
    bool all_ended = false;
    {
        std::unique_lock lock(mutex_);
        stopping_ = true;
        dropped.swap(queue_);
        wake_.notify_all();
        all_ended = ended_.wait_until(lock, deadline, [this] { return threads_working_ == 0; });
    }
    if (!dropped.empty()) spdlog::warn("shutdown: dropped {} queued task(s) that had not started", dropped.size());
    for (auto& thread : threads_) {
        if (!thread.joinable()) continue;
        if (all_ended) thread.join();
        else thread.detach();
    }
    return all_ended;
}

void ThreadPoolRunner::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& thread : threads_) {
        if (thread.joinable()) thread.join();
    }
}

bool ThreadPoolRunner::post(std::function<void()> task) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || queue_.size() >= queue_depth_max_) return false;
        queue_.push_back(std::move(task));
    }
    wake_.notify_one();
    return true;
}

void ThreadPoolRunner::work() {
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and nothing left to run
            task = std::move(queue_.front());
            queue_.pop_front();
        }
        // The thread's edge: a task that throws is a bug; it is reported, and the thread lives on
        // to run the others (the failed request's client times out rather than everyone's).
        try {
            task();
        } catch (const std::exception& error) {
            spdlog::error("task failed: {}", error.what());
        }
    }
}

}  // namespace transfers
