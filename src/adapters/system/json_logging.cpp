#include "adapters/system/json_logging.hpp"

#include <spdlog/async.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <memory>

#include "adapters/system/buffered_line_writer.hpp"
#include "adapters/system/thread_name.hpp"
#include "domain/timestamp.hpp"

namespace transfers {
namespace {

// Lines waiting for the log thread. When it falls behind, the oldest are dropped: a request
// never waits for its log line.
constexpr std::size_t log_lines_queued_max = 16384;
constexpr std::chrono::seconds log_flush_interval{1};

// stdout without a flush per line (spdlog's own stdout sink flushes every line: a system call
// per request). The log thread flushes every second, and at once from warn up. Each logger has
// its own sink (a pattern belongs to a sink); a single fwrite per line keeps lines whole.
class BufferedStdoutSink final : public spdlog::sinks::base_sink<std::mutex> {
protected:
    void sink_it_(const spdlog::details::log_msg& message) override {
        spdlog::memory_buf_t formatted;
        formatter_->format(message, formatted);
        std::fwrite(formatted.data(), 1, formatted.size(), stdout);
    }
    void flush_() override { std::fflush(stdout); }
};

// Appends `text` as the inside of a JSON string to `out` (a std::string or spdlog's buffer):
// quote and backslash escaped, control characters as \n, \t, … or \u00XX (the forms
// boost::json writes too); other bytes as they are (our fields are ASCII, or UTF-8 the caller
// checked). The one JSON escaper of both log paths.
template <class Out>
void append_escaped(Out& out, std::string_view text) {
    constexpr char hex[] = "0123456789abcdef";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        char short_form = 0;
        switch (c) {
            case '"': short_form = '"'; break;
            case '\\': short_form = '\\'; break;
            case '\b': short_form = 'b'; break;
            case '\f': short_form = 'f'; break;
            case '\n': short_form = 'n'; break;
            case '\r': short_form = 'r'; break;
            case '\t': short_form = 't'; break;
            default: break;
        }
        if (short_form != 0) {
            out.push_back('\\');
            out.push_back(short_form);
        } else if (byte < 0x20) {
            for (const char part : {'\\', 'u', '0', '0', hex[byte >> 4], hex[byte & 0xf]}) out.push_back(part);
        } else {
            out.push_back(c);
        }
    }
}

// %j: the message, escaped as the inside of a JSON string.
class JsonEscapedMessage final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& message, const std::tm&, spdlog::memory_buf_t& out) override {
        append_escaped(out, std::string_view(message.payload.data(), message.payload.size()));
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<JsonEscapedMessage>(); }
};

std::shared_ptr<spdlog::logger> make_logger(const std::string& name, spdlog::level::level_enum level) {
    auto logger = std::make_shared<spdlog::async_logger>(name, std::make_shared<BufferedStdoutSink>(),
                                                         spdlog::thread_pool(),
                                                         spdlog::async_overflow_policy::overrun_oldest);
    logger->set_level(level);
    logger->flush_on(spdlog::level::warn);
    return logger;
}

// Set once by configure_json_logging, before any other thread logs; read-only afterwards (the
// writer itself is thread-safe).
std::unique_ptr<BufferedLineWriter> request_lines;
spdlog::level::level_enum request_level = spdlog::level::off;

}  // namespace

void configure_json_logging(spdlog::level::level_enum level) {
    spdlog::init_thread_pool(log_lines_queued_max, 1, [] { name_this_thread("log-writer"); });
    auto general = make_logger("transfers", level);
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<JsonEscapedMessage>('j').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","message":"%j"})");
    general->set_formatter(std::move(formatter));
    spdlog::set_default_logger(general);
    spdlog::flush_every(log_flush_interval);
    request_lines = std::make_unique<BufferedLineWriter>(stdout);
    request_level = level;
}

JsonLogLine::JsonLogLine(spdlog::level::level_enum level, std::string_view message) : level_(level) {
    text_.reserve(256);
    text_ = "{\"time\":\"";
    text_ += format_rfc3339(std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()));
    text_ += "\",\"level\":\"";
    const auto name = spdlog::level::to_string_view(level);
    text_.append(name.data(), name.size());
    text_ += '"';
    field("message", message);
}

void JsonLogLine::key(std::string_view name) {
    text_ += ",\"";
    append_escaped(text_, name);
    text_ += "\":";
}

JsonLogLine& JsonLogLine::field(std::string_view name, std::string_view value) {
    key(name);
    text_ += '"';
    append_escaped(text_, value);
    text_ += '"';
    return *this;
}

JsonLogLine& JsonLogLine::field(std::string_view name, std::int64_t value) {
    key(name);
    char digits[24];
    const auto [end, ec] = std::to_chars(std::begin(digits), std::end(digits), value);
    text_.append(digits, end);
    return *this;
}

std::string_view JsonLogLine::text() {
    if (!closed_) text_ += '}';
    closed_ = true;
    return text_;
}

bool logs_at(spdlog::level::level_enum level) { return request_lines && level >= request_level; }

void log_line(JsonLogLine& line) {
    if (logs_at(line.level())) request_lines->write(line.text());
}

void flush_logs() {
    spdlog::default_logger()->flush();
    if (request_lines) request_lines->flush();
    spdlog::shutdown();
}

}  // namespace transfers
