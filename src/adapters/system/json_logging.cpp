#include "adapters/system/json_logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <memory>

#include "domain/timestamp.hpp"

namespace transfers {
namespace {

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

// The request log writes finished JSON objects: its pattern adds nothing. It has a stdout sink
// of its own (a pattern belongs to the sink); stdio locks the stream, so lines never mix.
std::shared_ptr<spdlog::logger> raw_logger() {
    static const auto logger = [] {
        auto created = std::make_shared<spdlog::logger>("json", std::make_shared<spdlog::sinks::stdout_sink_mt>());
        created->set_pattern("%v");
        return created;
    }();
    return logger;
}

}  // namespace

void configure_json_logging(spdlog::level::level_enum level) {
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<JsonEscapedMessage>('j').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","message":"%j"})");
    spdlog::set_formatter(std::move(formatter));
    spdlog::set_level(level);
    raw_logger()->set_level(level);
}

void log_fields(spdlog::level::level_enum level, boost::json::object fields) {
    if (!raw_logger()->should_log(level)) return;
    boost::json::object line;
    line["time"] = format_rfc3339(std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()));
    line["level"] = spdlog::level::to_string_view(level).data();
    for (auto& [key, value] : fields) line[key] = std::move(value);
    raw_logger()->log(level, "{}", boost::json::serialize(line));
}

}  // namespace transfers
