// ManualTaskRunner: a TaskRunner that only queues; the test decides when queued tasks run.
#pragma once

#include <deque>
#include <functional>
#include <mutex>

#include "ports/task_runner.hpp"

namespace transfers::fakes {

class ManualTaskRunner final : public TaskRunner {
public:
    bool post(std::function<void()> task) override {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(task));
        return true;
    }
    std::size_t queued() const {
        std::lock_guard lock(mutex_);
        return queue_.size();
    }
    // Runs queued tasks (and any they queue) until none is left.
    void run_all() {
        for (;;) {
            std::function<void()> task;
            {
                std::lock_guard lock(mutex_);
                if (queue_.empty()) return;
                task = std::move(queue_.front());
                queue_.pop_front();
            }
            task();
        }
    }

private:
    mutable std::mutex mutex_;
    std::deque<std::function<void()>> queue_;
};

}  // namespace transfers::fakes
