// TaskRunner: where use cases run work that blocks (database calls), off the I/O threads.
#pragma once

#include <functional>

namespace transfers {

class TaskRunner {
public:
    virtual ~TaskRunner() = default;
    // Queues `task`; false, without running it, when the queue is full: the caller answers
    // "unavailable" instead of letting work pile up without bound.
    virtual bool post(std::function<void()> task) = 0;
};

}  // namespace transfers
