// Semantic conventions: the OpenTelemetry attribute names (and well-known values) our spans
// use, in one place, so HTTP, database and cache spans read the same in any backend.
// Header-only constants with no dependency: any adapter may include it.
#pragma once

#include <string_view>

namespace transfers::otel::semconv {

// HTTP server spans (kind server), named "{method} {route}", e.g. "POST /v1/transfers".
inline constexpr std::string_view http_request_method = "http.request.method";
inline constexpr std::string_view http_route = "http.route";  // the template: /v1/accounts/{id}
inline constexpr std::string_view http_response_status_code = "http.response.status_code";
inline constexpr std::string_view url_path = "url.path";
inline constexpr std::string_view url_scheme = "url.scheme";
inline constexpr std::string_view network_protocol_version = "network.protocol.version";
inline constexpr std::string_view client_address = "client.address";
inline constexpr std::string_view user_agent_original = "user_agent.original";

// Database and cache client spans (kind client), named "{operation} {target}" or the operation.
inline constexpr std::string_view db_system_name = "db.system.name";
inline constexpr std::string_view db_namespace = "db.namespace";
inline constexpr std::string_view db_operation_name = "db.operation.name";
inline constexpr std::string_view db_operation_batch_size = "db.operation.batch.size";
inline constexpr std::string_view db_query_text = "db.query.text";
inline constexpr std::string_view db_response_status_code = "db.response.status_code";
inline constexpr std::string_view server_address = "server.address";
inline constexpr std::string_view server_port = "server.port";

inline constexpr std::string_view db_system_mariadb = "mariadb";
inline constexpr std::string_view db_system_sqlite = "sqlite";
inline constexpr std::string_view db_system_redis = "redis";

// Errors: a short class of the failure ("timeout", "insufficient_funds", "500").
inline constexpr std::string_view error_type = "error.type";

}  // namespace transfers::otel::semconv
