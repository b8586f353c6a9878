// Timestamp: a UTC instant with microsecond precision, as stored in DATETIME(6).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace transfers {

using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

// RFC 3339 in UTC with microseconds, as the API shows it: "2026-11-25T16:22:12.123456Z".
std::string format_rfc3339(Timestamp at);

// SQL DATETIME(6) text in UTC: "2026-11-25 16:22:12.123456".
std::string format_sql_datetime(Timestamp at);

// Parses the SQL DATETIME text (with or without fraction) that format_sql_datetime writes.
std::optional<Timestamp> parse_sql_datetime(std::string_view text);

}  // namespace transfers
