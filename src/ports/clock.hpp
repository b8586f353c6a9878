// Clock: where the use cases get the current time from, so tests can fix it.
#pragma once

#include "domain/timestamp.hpp"

namespace transfers {

class Clock {
public:
    virtual ~Clock() = default;
    virtual Timestamp now() = 0;
};

}  // namespace transfers
