// ThreadPoolRunner's bounded stop: a shutdown never waits without bound for a task stuck in a
// call, and tasks that had not started are dropped rather than run after the drain.
#include "adapters/system/thread_pool_runner.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>

namespace transfers {
namespace {

using namespace std::chrono_literals;

TEST(ThreadPoolRunner, StopWithinJoinsWhenTheRunningTasksEndInTime) {
    ThreadPoolRunner runner(2, 16);
    std::atomic<int> ran{0};
    ASSERT_TRUE(runner.post([&] { ran.fetch_add(1); }));
    std::this_thread::sleep_for(20ms);

    EXPECT_TRUE(runner.stop_within(std::chrono::steady_clock::now() + 5s));
    EXPECT_EQ(ran.load(), 1);
    EXPECT_FALSE(runner.post([] {})) << "a stopped runner refuses new tasks";
}

TEST(ThreadPoolRunner, StopWithinGivesUpOnAStuckTaskAtTheDeadlineAndDropsTheQueuedOnes) {
    ThreadPoolRunner runner(1, 16);
    auto release = std::make_shared<std::promise<void>>();
    auto released = release->get_future().share();
    auto started = std::make_shared<std::promise<void>>();
    auto dropped_ran = std::make_shared<std::atomic<bool>>(false);
    ASSERT_TRUE(runner.post([started, released] {
        started->set_value();
        released.wait();
    }));
    ASSERT_TRUE(runner.post([dropped_ran] { dropped_ran->store(true); }));
    started->get_future().wait();

    const auto before = std::chrono::steady_clock::now();
    const bool ended = runner.stop_within(before + 100ms);
    const auto waited = std::chrono::steady_clock::now() - before;
    release->set_value();  // the call returns at last: its thread, detached, ends by itself

    EXPECT_FALSE(ended);
    EXPECT_TRUE(runner.stop_within(std::chrono::steady_clock::now() + 5s)) << "the detached thread ended";
    EXPECT_GE(waited, 100ms);
    EXPECT_LT(waited, 2s);
    std::this_thread::sleep_for(20ms);
    EXPECT_FALSE(dropped_ran->load()) << "a task that had not started must not run after the stop";
}

}  // namespace
}  // namespace transfers
