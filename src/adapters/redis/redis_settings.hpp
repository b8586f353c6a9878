// RedisSettings: where the cache server is, parsed from a redis:// URL, and how to talk to it.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace transfers::redis {

struct RedisSettings {
    std::string host;
    std::uint16_t port = 6379;
    int database = 0;
    // Every Redis call is bounded: a slow cache must cost a request milliseconds, not seconds.
    std::chrono::milliseconds timeout_connect{200};
    std::chrono::milliseconds timeout_io{200};
    std::chrono::seconds entry_ttl{300};
};

// "redis://HOST:PORT[/DB]".
Result<RedisSettings, std::string> parse_redis_url(std::string_view url);

}  // namespace transfers::redis
