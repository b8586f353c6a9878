// RateLimiter: a token bucket per client, so that one client cannot take the service from the
// others (429 rate_limited with Retry-After).
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "ports/monotonic_clock.hpp"

namespace transfers {

struct RateLimit {
    double per_second = 0;  // the steady rate each client may send at
    double burst = 0;       // how many requests it may send at once after being quiet
};

// Thread-safe: buckets_ is guarded by mutex_, held for a few arithmetic operations per request.
// One bucket per client name that ever called; the names are the clients', so they are few.
class RateLimiter {
public:
    RateLimiter(RateLimit limit, MonotonicClock& clock) : limit_(limit), clock_(clock) {}

    // Takes one request from the client's bucket. nullopt: admitted; otherwise refused, with
    // how long until the bucket holds a request again.
    std::optional<std::chrono::milliseconds> admit(std::string_view client);

private:
    struct Bucket {
        double tokens;
        std::chrono::steady_clock::time_point refilled;
    };

    const RateLimit limit_;
    MonotonicClock& clock_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace transfers
