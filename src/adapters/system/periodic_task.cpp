#include "adapters/system/periodic_task.hpp"

#include "adapters/system/thread_name.hpp"

namespace transfers {

PeriodicTask::PeriodicTask(std::chrono::milliseconds interval, std::function<void()> task)
    : interval_(interval), task_(std::move(task)) {
    thread_ = std::thread([this] {
        name_this_thread("periodic");
        std::unique_lock lock(mutex_);
        while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
            lock.unlock();
            task_();
            lock.lock();
        }
    });
}

void PeriodicTask::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

}  // namespace transfers
