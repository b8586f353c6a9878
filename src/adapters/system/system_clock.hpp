// SystemClock: the Clock port on the machine's real-time clock.
#pragma once

#include "ports/clock.hpp"

namespace transfers {

class SystemClock final : public Clock {
public:
    Timestamp now() override {
        return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    }
};

}  // namespace transfers
