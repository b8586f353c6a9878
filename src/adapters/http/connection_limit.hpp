// The connection limit: how many client connections may be open, kept below the process's
// open-files limit so that the service never runs out of descriptors and goes deaf.
#pragma once

#include <cstddef>
#include <optional>

namespace transfers::http {

// Descriptors the HTTP server itself needs beyond its kept connections: the listening socket,
// and connections being refused with a 503 (at most connections_refusing_max at once).
inline constexpr std::size_t connections_refusing_max = 64;
inline constexpr std::size_t descriptors_reserved_http = 1 + connections_refusing_max;
// A limit so low that one could not even serve a health check while clients keep connections.
inline constexpr std::size_t connections_max_floor = 8;

struct ConnectionsMax {
    std::size_t value = 0;
    bool clamped = false;  // the requested value did not fit under the descriptor limit
};

// The descriptor limit minus what the rest of the process reserves (`descriptors_reserved`:
// database and Redis connections, logs, the event loop) and what the server needs beyond its
// connections; a requested value is honoured when it fits below that, clamped otherwise.
// Never below connections_max_floor, so a tiny descriptor limit still serves a few clients.
ConnectionsMax resolve_connections_max(std::optional<std::size_t> requested, std::size_t open_files_max,
                                       std::size_t descriptors_reserved);

}  // namespace transfers::http
