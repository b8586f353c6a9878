// Names the calling thread (as top -H, perf and /proc/PID/task/*/comm show it), so an operator
// can tell the HTTP threads from the workers, the Redis pipeline and the log writer.
#pragma once

#include <pthread.h>

#include <string>

namespace transfers {

// Linux keeps 15 characters; longer names are cut rather than refused.
inline void name_this_thread(const std::string& name) {
    pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

}  // namespace transfers
