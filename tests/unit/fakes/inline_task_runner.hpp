// InlineTaskRunner: a TaskRunner that runs each task at once on the caller's thread, so that
// asynchronous use cases answer before the call returns; can be told to refuse (queue full).
#pragma once

#include <functional>

#include "ports/task_runner.hpp"

namespace transfers::fakes {

class InlineTaskRunner final : public TaskRunner {
public:
    bool post(std::function<void()> task) override {
        if (refusing) return false;
        task();
        return true;
    }

    bool refusing = false;
};

}  // namespace transfers::fakes
