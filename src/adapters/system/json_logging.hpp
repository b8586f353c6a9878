// JSON logging: every log line is one JSON object, so log pipelines parse them without rules.
#pragma once

#include <spdlog/common.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace transfers {

// Sets the level, and makes the default logger write {"time":"…Z","level":"info","message":"…"}
// with the message escaped for JSON. Lines are written by a thread of their own.
void configure_json_logging(spdlog::level::level_enum level);

// One log line built field by field: {"time":…,"level":…,"message":…, then the fields in the
// order added}. Strings are escaped for JSON; nothing goes through a JSON document on the way,
// since a line is written for every request.
class JsonLogLine {
public:
    JsonLogLine(spdlog::level::level_enum level, std::string_view message);
    JsonLogLine& field(std::string_view key, std::string_view text);
    JsonLogLine& field(std::string_view key, std::int64_t number);
    spdlog::level::level_enum level() const { return level_; }
    // The finished object (without a newline).
    std::string_view text();

private:
    void key(std::string_view name);

    spdlog::level::level_enum level_;
    std::string text_;
    bool closed_ = false;
};

// True when lines of `level` are written: build a JsonLogLine only then.
bool logs_at(spdlog::level::level_enum level);

// Writes `line` among the request lines: appended to a buffer that a thread of its own writes
// out in chunks, so the caller never waits for the output (lines are dropped, not queued without
// bound, if the output is stuck).
void log_line(JsonLogLine& line);

// Writes out every line still queued and stops the log threads; call last, before exit.
void flush_logs();

}  // namespace transfers
