#include "adapters/system/json_logging.hpp"

#include <spdlog/async.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <memory>

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

// %j: the message, escaped as the inside of a JSON string.
class JsonEscapedMessage final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& message, const std::tm&, spdlog::memory_buf_t& out) override {
        const std::string quoted = boost::json::serialize(
            boost::json::string_view(message.payload.data(), message.payload.size()));
        out.append(quoted.data() + 1, quoted.data() + quoted.size() - 1);  // without the quotes
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

// Set once by configure_json_logging, before any other thread logs; read-only afterwards.
std::shared_ptr<spdlog::logger> request_logger;

}  // namespace

void configure_json_logging(spdlog::level::level_enum level) {
    spdlog::init_thread_pool(log_lines_queued_max, 1, [] { name_this_thread("log-writer"); });
    auto general = make_logger("transfers", level);
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<JsonEscapedMessage>('j').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","message":"%j"})");
    general->set_formatter(std::move(formatter));
    spdlog::set_default_logger(general);
    // The request log writes finished JSON objects: its pattern adds nothing.
    request_logger = make_logger("requests", level);
    request_logger->set_pattern("%v");
    spdlog::register_logger(request_logger);
    spdlog::flush_every(log_flush_interval);
}

void log_fields(spdlog::level::level_enum level, boost::json::object fields) {
    if (!request_logger || !request_logger->should_log(level)) return;
    boost::json::object line;
    line["time"] = format_rfc3339(std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()));
    line["level"] = spdlog::level::to_string_view(level).data();
    for (auto& [key, value] : fields) line[key] = std::move(value);
    request_logger->log(level, "{}", boost::json::serialize(line));
}

void flush_logs() {
    spdlog::default_logger()->flush();
    if (request_logger) request_logger->flush();
    spdlog::shutdown();
}

}  // namespace transfers
