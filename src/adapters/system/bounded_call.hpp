// finished_within: runs a call that may block without bound, and stops waiting for it at a deadline.
#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <thread>

namespace transfers {

// Runs `work` on a thread of its own and waits for it until `deadline`; true when it finished.
// Work still running at the deadline is left running, detached: the caller is on its way to
// ending the process (and must end it without unwinding, since `work` may use its objects).
inline bool finished_within(std::function<void()> work, std::chrono::steady_clock::time_point deadline) {
    auto done = std::make_shared<std::promise<void>>();
    auto finished = done->get_future();
    std::thread([work = std::move(work), done] {
        work();
        done->set_value();
    }).detach();
    return finished.wait_until(deadline) == std::future_status::ready;
}

}  // namespace transfers
