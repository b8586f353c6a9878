#include "app/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace transfers {

std::optional<std::chrono::milliseconds> RateLimiter::admit(std::string_view client) {
    const auto now = clock_.now();
    std::lock_guard lock(mutex_);
    auto [found, fresh] = buckets_.try_emplace(std::string(client), Bucket{limit_.burst, now});
    Bucket& bucket = found->second;
    if (!fresh) {
        const double elapsed_s = std::chrono::duration<double>(now - bucket.refilled).count();
        bucket.tokens = std::min(limit_.burst, bucket.tokens + std::max(0.0, elapsed_s) * limit_.per_second);
        bucket.refilled = now;
    }
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return std::nullopt;
    }
    const double wait_s = (1.0 - bucket.tokens) / limit_.per_second;
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(wait_s * 1000.0)));
}

}  // namespace transfers
