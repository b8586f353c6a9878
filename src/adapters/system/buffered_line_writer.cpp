#include "adapters/system/buffered_line_writer.hpp"

#include <utility>

#include "adapters/system/thread_name.hpp"

namespace transfers {

BufferedLineWriter::BufferedLineWriter(std::FILE* out, Limits limits) : out_(out), limits_(limits) {
    thread_ = std::thread([this] {
        name_this_thread("request-log");
        run();
    });
}

BufferedLineWriter::~BufferedLineWriter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void BufferedLineWriter::write(std::string_view line) {
    bool wake = false;
    {
        std::lock_guard lock(mutex_);
        if (pending_.size() + line.size() + 1 > limits_.bytes_max) {
            ++dropped_;
            return;
        }
        const bool below = pending_.size() < limits_.flush_bytes;
        pending_.append(line);
        pending_.push_back('\n');
        wake = below && pending_.size() >= limits_.flush_bytes;  // once, when crossing
    }
    if (wake) wake_.notify_one();
}

// Swapping and writing under output_mutex_ keeps chunks in order between the writer thread and
// a caller's flush(). One fwrite per chunk of whole lines: lines never interleave with other
// writers' lines.
void BufferedLineWriter::flush() {
    std::lock_guard output(output_mutex_);
    {
        std::lock_guard lock(mutex_);
        spare_.swap(pending_);  // pending_ gets spare_'s capacity back: no allocation per chunk
    }
    if (spare_.empty()) return;
    std::fwrite(spare_.data(), 1, spare_.size(), out_);
    std::fflush(out_);
    spare_.clear();
}

void BufferedLineWriter::run() {
    for (;;) {
        bool last = false;
        {
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, limits_.interval,
                           [this] { return stopping_ || pending_.size() >= limits_.flush_bytes; });
            last = stopping_;
        }
        flush();
        if (last) return;
    }
}

}  // namespace transfers
