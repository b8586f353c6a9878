#include "adapters/otel/otlp_http_exporter.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cassert>
#include <exception>
#include <iterator>
#include <utility>

#include "adapters/system/thread_name.hpp"

namespace transfers::otel {

OtlpHttpExporter::OtlpHttpExporter(std::unique_ptr<OtlpTransport> transport, OtlpResource resource,
                                   ExporterLimits limits)
    : limits_(limits), transport_(std::move(transport)), resource_(std::move(resource)) {
    assert(transport_ != nullptr);
    assert(limits_.batch_spans_max > 0);
    assert(limits_.spans_queued_max >= limits_.batch_spans_max);
    thread_ = std::thread([this] {
        name_this_thread("otlp-export");
        run();
    });
}

OtlpHttpExporter::~OtlpHttpExporter() {
    flush(std::chrono::steady_clock::now() + destroy_flush_max);
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void OtlpHttpExporter::accept(SpanData span) {
    std::unique_lock lock(mutex_);
    if (stopping_ || queue_.size() >= limits_.spans_queued_max) {
        lock.unlock();
        spans_dropped_.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    queue_.push_back(std::move(span));
    ++accepted_;
    // Wake the thread only when a batch is full: one notify per batch, not per span.
    const bool batch_full = queue_.size() == limits_.batch_spans_max;
    lock.unlock();
    if (batch_full) wake_.notify_one();
}

bool OtlpHttpExporter::flush(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    const std::uint64_t target = accepted_;
    flush_target_ = std::max(flush_target_, target);
    wake_.notify_one();
    return handled_changed_.wait_until(lock, deadline, [&] { return handled_count_ >= target; });
}

ExporterCounts OtlpHttpExporter::counts() const {
    ExporterCounts counts;
    counts.spans_exported = spans_exported_.load(std::memory_order_relaxed);
    counts.spans_failed = spans_failed_.load(std::memory_order_relaxed);
    counts.spans_dropped = spans_dropped_.load(std::memory_order_relaxed);
    counts.batches_failed = batches_failed_.load(std::memory_order_relaxed);
    std::lock_guard lock(mutex_);
    counts.spans_queued = queue_.size();
    return counts;
}

void OtlpHttpExporter::run() {
    std::vector<SpanData> batch;
    batch.reserve(limits_.batch_spans_max);
    while (take_batch(batch)) {
        if (!batch.empty()) send(batch);
        batch.clear();
    }
}

// Waits for a full batch, a flush, stop or the interval, then moves up to a batch out of the
// queue. False when stopping: what is still queued then is dropped and counted.
bool OtlpHttpExporter::take_batch(std::vector<SpanData>& batch) {
    std::unique_lock lock(mutex_);
    const auto due = std::chrono::steady_clock::now() + limits_.batch_interval;
    wake_.wait_until(lock, due, [&] {
        const bool flush_pending = flush_target_ > handled_count_ && !queue_.empty();
        return stopping_ || flush_pending || queue_.size() >= limits_.batch_spans_max;
    });
    if (stopping_) {
        spans_dropped_.fetch_add(queue_.size(), std::memory_order_relaxed);
        handled_count_ += queue_.size();
        queue_.clear();
        lock.unlock();
        handled_changed_.notify_all();
        return false;
    }
    const std::size_t taken = std::min(queue_.size(), limits_.batch_spans_max);
    const auto end = queue_.begin() + static_cast<std::ptrdiff_t>(taken);
    std::move(queue_.begin(), end, std::back_inserter(batch));
    queue_.erase(queue_.begin(), end);
    return true;
}

void OtlpHttpExporter::send(std::vector<SpanData>& batch) {
    Result<void, std::string> outcome;
    // An exception here (out of memory while encoding) must not end the thread: the spans are
    // lost and counted, and exporting goes on.
    try {
        outcome = transport_->post(encode_export_trace_request(batch, resource_));
    } catch (const std::exception& error) {
        outcome = fail(std::string("OTLP export: ") + error.what());
    }
    if (outcome) {
        spans_exported_.fetch_add(batch.size(), std::memory_order_relaxed);
    } else {
        spans_failed_.fetch_add(batch.size(), std::memory_order_relaxed);
        batches_failed_.fetch_add(1, std::memory_order_relaxed);
    }
    note_collector(outcome);
    {
        std::lock_guard lock(mutex_);
        handled_count_ += batch.size();
    }
    handled_changed_.notify_all();
}

// Logs when the collector starts failing and when it is back, not once per batch: a collector
// that is down for an hour must not flood the log.
void OtlpHttpExporter::note_collector(const Result<void, std::string>& outcome) {
    if (!outcome && collector_healthy_) {
        spdlog::warn("tracing: {}; spans are lost until the collector answers again", outcome.error());
    } else if (outcome && !collector_healthy_) {
        spdlog::info("tracing: the OTLP collector accepts spans again");
    }
    collector_healthy_ = outcome.ok();
}

Result<std::unique_ptr<OtlpHttpExporter>, std::string> make_otlp_http_exporter(std::string_view endpoint_url,
                                                                               OtlpResource resource,
                                                                               ExporterLimits limits,
                                                                               HttpTransportTimeouts timeouts) {
    auto endpoint = parse_otlp_endpoint(endpoint_url);
    if (!endpoint) return fail(endpoint.error());
    auto transport = std::make_unique<OtlpHttpTransport>(std::move(*endpoint), timeouts);
    return std::make_unique<OtlpHttpExporter>(std::move(transport), std::move(resource), limits);
}

}  // namespace transfers::otel
