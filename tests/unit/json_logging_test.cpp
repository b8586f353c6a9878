// Request log lines: valid JSON built field by field, written whole by the buffered writer.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "adapters/system/buffered_line_writer.hpp"
#include "adapters/system/json_logging.hpp"

namespace transfers {
namespace {

TEST(JsonLogLine, StartsWithTimeLevelAndMessageThenTheFieldsInOrder) {
    JsonLogLine line(spdlog::level::info, "request");
    line.field("route", "/v1/accounts/{id}").field("status", std::int64_t{404}).field("latency_us", std::int64_t{-1});
    const std::string text(line.text());
    const auto parsed = boost::json::parse(text).as_object();
    ASSERT_EQ(parsed.size(), 6u);
    auto it = parsed.begin();
    EXPECT_EQ(it++->key(), "time");
    EXPECT_EQ(it++->key(), "level");
    EXPECT_EQ(it++->key(), "message");
    EXPECT_EQ(it++->key(), "route");
    EXPECT_EQ(parsed.at("level").as_string(), "info");
    EXPECT_EQ(parsed.at("message").as_string(), "request");
    EXPECT_EQ(parsed.at("status").as_int64(), 404);
    EXPECT_EQ(parsed.at("latency_us").as_int64(), -1);
    const std::string time(parsed.at("time").as_string());
    EXPECT_EQ(time.size(), 27u) << time;  // 2026-11-25T16:22:12.123456Z
    EXPECT_EQ(time.back(), 'Z');
    EXPECT_EQ(line.text(), text) << "closing twice changes nothing";
}

TEST(JsonLogLine, EscapesQuotesBackslashesAndControlCharactersInKeysAndValues) {
    const std::string nasty = std::string("a\"b\\c\nd\te") + '\x01' + "\xc3\xa9";
    JsonLogLine line(spdlog::level::err, "x");
    line.field("request_id", nasty).field("k\"ey", "v");
    const std::string text(line.text());
    EXPECT_EQ(text.find('\n'), std::string::npos) << "one line, whatever the values hold";
    EXPECT_NE(text.find(R"(a\"b\\c\nd\te\u0001)"), std::string::npos) << text;  // the forms boost::json writes
    const auto parsed = boost::json::parse(text).as_object();
    EXPECT_EQ(parsed.at("request_id").as_string(), nasty);
    EXPECT_EQ(parsed.at("k\"ey").as_string(), "v");
    EXPECT_EQ(parsed.at("level").as_string(), "error");
}

// Reads back everything written to `file`.
std::string contents(std::FILE* file) {
    std::fflush(file);
    std::rewind(file);
    std::string text;
    char chunk[4096];
    for (std::size_t got; (got = std::fread(chunk, 1, sizeof chunk, file)) > 0;) text.append(chunk, got);
    return text;
}

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};

TEST(BufferedLineWriter, WritesEveryLineWholeAndInOrderOnFlush) {
    std::unique_ptr<std::FILE, FileCloser> file(std::tmpfile());
    ASSERT_TRUE(file);
    BufferedLineWriter writer(file.get(), {.bytes_max = 1 << 20, .flush_bytes = 1 << 20, .interval = std::chrono::hours{1}});
    writer.write("first");
    writer.write("second");
    writer.flush();
    EXPECT_EQ(contents(file.get()), "first\nsecond\n");
    EXPECT_EQ(writer.dropped(), 0u);
}

TEST(BufferedLineWriter, ItsThreadWritesOutWithoutAFlushOnceTheIntervalPasses) {
    std::unique_ptr<std::FILE, FileCloser> file(std::tmpfile());
    ASSERT_TRUE(file);
    BufferedLineWriter writer(file.get(), {.bytes_max = 1 << 20, .flush_bytes = 1 << 20, .interval = std::chrono::milliseconds{5}});
    writer.write("line");
    std::string seen;
    for (int i = 0; i < 400 && seen.empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds{5});
        seen = contents(file.get());
        std::fseek(file.get(), 0, SEEK_END);  // the writer appends: put the position back at the end
    }
    EXPECT_EQ(seen, "line\n");
}

TEST(BufferedLineWriter, DropsAndCountsLinesBeyondItsBoundInsteadOfWaiting) {
    std::unique_ptr<std::FILE, FileCloser> file(std::tmpfile());
    ASSERT_TRUE(file);
    BufferedLineWriter writer(file.get(), {.bytes_max = 12, .flush_bytes = 1 << 20, .interval = std::chrono::hours{1}});
    writer.write("12345");  // 6 bytes with its newline
    writer.write("abcde");  // 12: still fits
    writer.write("x");      // would be 14
    EXPECT_EQ(writer.dropped(), 1u);
    writer.flush();
    EXPECT_EQ(contents(file.get()), "12345\nabcde\n");
}

TEST(BufferedLineWriter, LinesFromManyThreadsStayWhole) {
    std::unique_ptr<std::FILE, FileCloser> file(std::tmpfile());
    ASSERT_TRUE(file);
    constexpr int threads = 4, lines_per_thread = 2000;
    const std::string line(100, 'x');
    {
        BufferedLineWriter writer(file.get(), {.bytes_max = 64 << 20, .flush_bytes = 4096, .interval = std::chrono::milliseconds{1}});
        std::vector<std::thread> writers;
        for (int t = 0; t < threads; ++t) {
            writers.emplace_back([&] {
                for (int i = 0; i < lines_per_thread; ++i) writer.write(line);
            });
        }
        for (auto& thread : writers) thread.join();
    }  // the destructor writes out the rest
    const std::string text = contents(file.get());
    std::size_t count = 0;
    for (std::size_t at = 0; at < text.size(); at += line.size() + 1, ++count) {
        ASSERT_EQ(text.compare(at, line.size() + 1, line + "\n"), 0) << "line " << count << " is cut or mixed";
    }
    EXPECT_EQ(count, std::size_t{threads * lines_per_thread});
}

}  // namespace
}  // namespace transfers
