// OtlpEndpoint: where OTLP/HTTP traces go, parsed from the --otlp-endpoint URL.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace transfers::otel {

// The OTLP/HTTP port both the OpenTelemetry Collector and Jaeger listen on.
inline constexpr std::uint16_t otlp_http_port_default = 4318;

struct OtlpEndpoint {
    std::string host;
    std::uint16_t port = otlp_http_port_default;
    std::string base_path;  // "" or "/prefix", never ending in '/'

    // The request target of an export: the base path + "/v1/traces", as the OTLP spec says.
    std::string traces_target() const { return base_path + "/v1/traces"; }
};

// "http://HOST[:PORT][/BASE]" (IPv6 as "[::1]"); a URL that already ends in /v1/traces is
// taken as the full target. https is refused with a message saying so: this exporter speaks
// plain HTTP, meant for a collector or agent next to the service.
Result<OtlpEndpoint, std::string> parse_otlp_endpoint(std::string_view url);

}  // namespace transfers::otel
