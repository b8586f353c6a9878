#include "adapters/otel/otlp_endpoint.hpp"

#include <charconv>

namespace transfers::otel {
namespace {

bool parse_port(std::string_view text, std::uint16_t& port) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    return !text.empty() && ec == std::errc{} && end == text.data() + text.size() && port != 0;
}

// "host", "host:port", "[v6]" or "[v6]:port" into endpoint; false when malformed.
bool parse_authority(std::string_view authority, OtlpEndpoint& endpoint) {
    std::string_view port_text;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return false;
        endpoint.host = std::string(authority.substr(1, close - 1));
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty() && after.front() != ':') return false;
        if (!after.empty()) port_text = after.substr(1);
        if (!after.empty() && port_text.empty()) return false;
    } else {
        const auto colon = authority.rfind(':');
        endpoint.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
        if (colon != std::string_view::npos && port_text.empty()) return false;
    }
    if (endpoint.host.empty()) return false;
    return port_text.empty() || parse_port(port_text, endpoint.port);
}

}  // namespace

Result<OtlpEndpoint, std::string> parse_otlp_endpoint(std::string_view url) {
    constexpr std::string_view scheme = "http://";
    constexpr std::string_view traces_suffix = "/v1/traces";
    const std::string shown(url);
    if (url.substr(0, 8) == "https://") {
        return fail("unsupported OTLP endpoint " + shown +
                    ": https is not supported; use http:// to a collector or agent that forwards over TLS");
    }
    const std::string wrong = "invalid OTLP endpoint " + shown + ": expected http://HOST:PORT[/PATH]";
    if (url.substr(0, scheme.size()) != scheme) return fail(wrong);
    const std::string_view rest = url.substr(scheme.size());
    if (rest.find_first_of("?# \t") != std::string_view::npos) return fail(wrong);
    const auto slash = rest.find('/');
    OtlpEndpoint endpoint;
    if (!parse_authority(rest.substr(0, slash), endpoint)) return fail(wrong);
    std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    if (path.ends_with(traces_suffix)) path.remove_suffix(traces_suffix.size());
    endpoint.base_path = std::string(path);
    return endpoint;
}

}  // namespace transfers::otel
