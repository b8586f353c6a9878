// PeriodicTask: runs a function on a thread of its own at a fixed interval until stopped.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace transfers {

// The task runs on thread_ only; mutex_ guards stopping_.
class PeriodicTask {
public:
    PeriodicTask(std::chrono::milliseconds interval, std::function<void()> task);
    ~PeriodicTask() { stop(); }
    PeriodicTask(const PeriodicTask&) = delete;
    PeriodicTask& operator=(const PeriodicTask&) = delete;

    // Waits for a run in progress, then ends the thread. Idempotent.
    void stop();

private:
    const std::chrono::milliseconds interval_;
    const std::function<void()> task_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace transfers
