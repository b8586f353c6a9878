// SteadyClock: the MonotonicClock port on the machine's steady clock (never jumps with NTP).
#pragma once

#include "ports/monotonic_clock.hpp"

namespace transfers {

class SteadyClock final : public MonotonicClock {
public:
    std::chrono::steady_clock::time_point now() override { return std::chrono::steady_clock::now(); }
};

}  // namespace transfers
