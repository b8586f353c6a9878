#include "adapters/http/connection_limit.hpp"

#include <algorithm>

namespace transfers::http {

ConnectionsMax resolve_connections_max(std::optional<std::size_t> requested, std::size_t open_files_max,
                                       std::size_t descriptors_reserved) {
    const std::size_t reserved = descriptors_reserved + descriptors_reserved_http;
    const std::size_t fitting = std::max(open_files_max > reserved ? open_files_max - reserved : 0,
                                         connections_max_floor);
    if (!requested) return {fitting, false};
    if (*requested > fitting) return {fitting, true};
    return {*requested, false};
}

}  // namespace transfers::http
