#include "adapters/redis/redis_settings.hpp"

#include <charconv>

namespace transfers::redis {
namespace {

template <typename Number>
bool parse_number(std::string_view text, Number& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return !text.empty() && ec == std::errc{} && end == text.data() + text.size();
}

}  // namespace

Result<RedisSettings, std::string> parse_redis_url(std::string_view url) {
    constexpr std::string_view scheme = "redis://";
    const std::string wrong = "invalid cache URL " + std::string(url) + ": expected redis://HOST:PORT[/DB]";
    if (url.substr(0, scheme.size()) != scheme) return fail(wrong);
    std::string_view rest = url.substr(scheme.size());
    RedisSettings settings;
    if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
        if (!parse_number(rest.substr(slash + 1), settings.database) || settings.database < 0) return fail(wrong);
        rest = rest.substr(0, slash);
    }
    const auto colon = rest.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return fail(wrong);
    if (!parse_number(rest.substr(colon + 1), settings.port) || settings.port == 0) return fail(wrong);
    settings.host = std::string(rest.substr(0, colon));
    return settings;
}

}  // namespace transfers::redis
