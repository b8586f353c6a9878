// Crash points for fault-injection tests: where the process may die between two steps whose
// order protects money (after the cache marks, before COMMIT; after COMMIT, before the cache
// update), so that a test can kill it exactly there instead of hoping a SIGKILL lands there.
#pragma once

#include <string_view>

namespace transfers {

// Called by the use cases at each named point. The service binary links an implementation that
// does nothing; the test binary's kills the process (see src/adapters/system/failpoints_kill.cpp).
void failpoint(std::string_view name);

}  // namespace transfers
