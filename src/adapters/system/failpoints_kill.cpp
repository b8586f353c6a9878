// The test binary's failpoints: TRANSFERS_FAILPOINT=NAME:N kills the process with SIGKILL the
// N-th time the point NAME is reached (counted from 1 over the whole process). SIGKILL, not
// abort() or exit(): nothing may be flushed or answered, as when a machine loses power.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <string>

#include "app/failpoint.hpp"

namespace transfers {
namespace {

struct ArmedFailpoint {
    std::string name;
    long long hit_to_die_at = 0;  // 0: disarmed
};

// Read once, before any thread reaches a point (a function-local static is initialised safely).
const ArmedFailpoint& armed() {
    static const ArmedFailpoint point = [] {
        ArmedFailpoint parsed;
        const char* text = std::getenv("TRANSFERS_FAILPOINT");
        if (text == nullptr) return parsed;
        const std::string spec(text);
        const auto colon = spec.rfind(':');
        if (colon == std::string::npos) return parsed;
        long long hit = 0;
        const auto [end, ec] = std::from_chars(spec.data() + colon + 1, spec.data() + spec.size(), hit);
        if (ec != std::errc{} || end != spec.data() + spec.size() || hit <= 0) return parsed;
        parsed.name = spec.substr(0, colon);
        parsed.hit_to_die_at = hit;
        return parsed;
    }();
    return point;
}

std::atomic<long long> hits{0};  // any thread: the executors reach the points

}  // namespace

void failpoint(std::string_view name) {
    const ArmedFailpoint& point = armed();
    if (point.hit_to_die_at == 0 || name != point.name) return;
    if (hits.fetch_add(1) + 1 == point.hit_to_die_at) ::kill(::getpid(), SIGKILL);
}

}  // namespace transfers
