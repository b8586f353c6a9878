#include "app/database_health.hpp"

#include <cassert>

namespace transfers {

DatabaseHealth::DatabaseHealth(LedgerStore& store, MonotonicClock& clock, HealthCheckLimits limits)
    : store_(store), clock_(clock), limits_(limits) {
    assert(limits_.interval_ms_check.count() > 0);
    assert(limits_.age_ms_success_max > limits_.interval_ms_check);
}

void DatabaseHealth::check_once() {
    {
        std::lock_guard lock(mutex_);
        check_started_ = clock_.now();
    }
    auto pinged = store_.ping();
    std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    check_started_.reset();
    last_checked_ = now;
    if (pinged) {
        last_success_ = now;
        last_failure_.clear();
    } else {
        last_failure_ = pinged.error().message.empty() ? "the ping failed" : pinged.error().message;
    }
}

DependencyStatus DatabaseHealth::status() const {
    std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    DependencyStatus status{"database", true, true, ""};
    if (last_checked_) status.checked_ms_ago = ms_between(*last_checked_, now);
    if (auto reason = down_because(now)) {
        status.up = false;
        status.reason = std::move(*reason);
    }
    return status;
}

// Called with mutex_ held.
std::optional<std::string> DatabaseHealth::down_because(std::chrono::steady_clock::time_point now) const {
    if (check_started_ && now - *check_started_ > limits_.timeout_ms_check) {
        return "a check has waited " + std::to_string(ms_between(*check_started_, now)) + " ms for the database";
    }
    if (!last_checked_) return std::string("not checked yet");
    if (!last_failure_.empty()) return last_failure_;
    if (now - *last_success_ > limits_.age_ms_success_max) {
        return "no successful check for " + std::to_string(ms_between(*last_success_, now)) + " ms";
    }
    return std::nullopt;
}

std::int64_t DatabaseHealth::ms_between(std::chrono::steady_clock::time_point from,
                                        std::chrono::steady_clock::time_point to) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count();
}

}  // namespace transfers
