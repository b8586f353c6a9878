// BufferedLineWriter: lines from any thread, written out by a thread of its own in chunks.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace transfers {

// For the request log, a line per request: write() appends to a buffer under a short lock and
// returns; it never waits for the output and never wakes a thread per line (a wake-up per line
// costs more than formatting it). The writer thread (named "request-log"; spdlog's own is
// "log-writer") writes the buffer out every `interval`, or sooner once it holds `flush_bytes`. Past `bytes_max` (the output is stuck: a full pipe, a
// stopped reader) lines are dropped and counted rather than held without bound.
//
// Threads: write() and flush() from any thread. pending_ and stopping_ are guarded by mutex_;
// spare_ and the FILE by output_mutex_ (taken before mutex_, never after).
class BufferedLineWriter {
public:
    struct Limits {
        std::size_t bytes_max = 8 << 20;
        std::size_t flush_bytes = 256 << 10;
        std::chrono::milliseconds interval{100};
    };

    explicit BufferedLineWriter(std::FILE* out, Limits limits);
    explicit BufferedLineWriter(std::FILE* out) : BufferedLineWriter(out, Limits{}) {}
    ~BufferedLineWriter();  // writes out what is left
    BufferedLineWriter(const BufferedLineWriter&) = delete;
    BufferedLineWriter& operator=(const BufferedLineWriter&) = delete;

    // Appends `line` and a newline.
    void write(std::string_view line);
    // Writes out everything appended so far before returning.
    void flush();
    std::uint64_t dropped() const { return dropped_.load(); }

private:
    void run();

    std::FILE* const out_;
    const Limits limits_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::string pending_;
    bool stopping_ = false;
    std::mutex output_mutex_;
    std::string spare_;
    std::atomic<std::uint64_t> dropped_{0};
    std::thread thread_;
};

}  // namespace transfers
