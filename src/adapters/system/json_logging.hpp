// JSON logging: every log line is one JSON object, so log pipelines parse them without rules.
#pragma once

#include <boost/json/object.hpp>
#include <spdlog/common.h>

namespace transfers {

// Sets the level, and makes the default logger write {"time":"…Z","level":"info","message":"…"}
// with the message escaped for JSON. Lines are written by a thread of their own.
void configure_json_logging(spdlog::level::level_enum level);

// Writes `fields` as one line, with "time" and "level" added, through the default logger's
// sinks (so it interleaves with the other lines), if `level` is enabled.
void log_fields(spdlog::level::level_enum level, boost::json::object fields);

// Writes out every line still queued and stops the log thread; call last, before exit.
void flush_logs();

}  // namespace transfers
