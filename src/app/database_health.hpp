// DatabaseHealth: the database's state as background checks last saw it, so that the health
// endpoint answers at once, never by waiting on a database that may be stalled.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "app/dependency_status.hpp"
#include "ports/ledger_store.hpp"
#include "ports/monotonic_clock.hpp"

namespace transfers {

struct HealthCheckLimits {
    // How often the checker pings the database.
    std::chrono::milliseconds interval_ms_check{1000};
    // A check still in flight after this long means the database is stalled: the store's own
    // deadline (--db-timeout-ms), which also ends the ping itself.
    std::chrono::milliseconds timeout_ms_check{5000};
    // A last success older than this means down: three intervals, so one slow check (or one
    // late tick of the checker) does not flap the answer.
    std::chrono::milliseconds age_ms_success_max{3000};
};

// Thread-safe: check_once() runs on the checker's thread, status() on any; mutex_ guards the
// record of the checks (never held across the ping).
class DatabaseHealth {
public:
    DatabaseHealth(LedgerStore& store, MonotonicClock& clock, HealthCheckLimits limits);

    // Pings the database once and records the outcome; blocks for at most the store's deadline.
    void check_once();
    // What the checks say now; never touches the database.
    DependencyStatus status() const;

private:
    std::optional<std::string> down_because(std::chrono::steady_clock::time_point now) const;
    static std::int64_t ms_between(std::chrono::steady_clock::time_point from, std::chrono::steady_clock::time_point to);

    LedgerStore& store_;
    MonotonicClock& clock_;
    const HealthCheckLimits limits_;
    mutable std::mutex mutex_;
    std::optional<std::chrono::steady_clock::time_point> check_started_;  // set while a check runs
    std::optional<std::chrono::steady_clock::time_point> last_checked_;   // when the last check ended
    std::optional<std::chrono::steady_clock::time_point> last_success_;
    std::string last_failure_;  // empty when the last check succeeded
};

}  // namespace transfers
