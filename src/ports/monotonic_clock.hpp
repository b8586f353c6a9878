// MonotonicClock: where the use cases measure ages and deadlines from, so tests can move time.
#pragma once

#include <chrono>

namespace transfers {

class MonotonicClock {
public:
    virtual ~MonotonicClock() = default;
    virtual std::chrono::steady_clock::time_point now() = 0;
};

}  // namespace transfers
