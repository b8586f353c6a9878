// OtlpHttpExporter: the SpanSink that batches finished spans on a thread of its own and sends
// them as OTLP/JSON, never blocking the threads that end spans.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "adapters/otel/otlp_http_transport.hpp"
#include "adapters/otel/otlp_json_encoding.hpp"
#include "adapters/otel/otlp_transport.hpp"
#include "adapters/otel/span_sink.hpp"

namespace transfers::otel {

struct ExporterLimits {
    // Memory bound: spans waiting for the collector. When it is full (the collector is slow or
    // down) new spans are dropped and counted; a request never waits for tracing.
    std::size_t spans_queued_max = 8192;
    // Spans per export request: amortizes the HTTP round trip, and bounds the body size.
    std::size_t batch_spans_max = 512;
    // A batch that does not fill up goes out after this long, so traces show up promptly.
    std::chrono::milliseconds batch_interval{500};
};

// What happened to the spans handed over; each is counted exactly once in exported, failed or
// dropped after it has left the queue.
struct ExporterCounts {
    std::uint64_t spans_exported = 0;  // accepted by the collector (2xx)
    std::uint64_t spans_failed = 0;    // sent in a batch the collector did not accept, or unreachable
    std::uint64_t spans_dropped = 0;   // never sent: queue full, or still queued at shutdown
    std::uint64_t batches_failed = 0;
    std::uint64_t spans_queued = 0;  // waiting now
};

// Threads: accept(), flush() and counts() are called from any thread; mutex_ guards queue_,
// accepted_, handled_count_, flush_target_ and stopping_. transport_ and collector_healthy_
// belong to thread_. The span counters are atomics, read by counts() without waiting.
class OtlpHttpExporter final : public SpanSink {
public:
    // The destructor's last flush waits at most this long, so shutdown stays prompt.
    static constexpr std::chrono::milliseconds destroy_flush_max{1000};

    OtlpHttpExporter(std::unique_ptr<OtlpTransport> transport, OtlpResource resource, ExporterLimits limits = {});
    // Flushes for at most destroy_flush_max, then stops the thread; spans left are dropped.
    // An export already in flight is waited for: at most the transport's own timeouts.
    ~OtlpHttpExporter() override;
    OtlpHttpExporter(const OtlpHttpExporter&) = delete;
    OtlpHttpExporter& operator=(const OtlpHttpExporter&) = delete;

    // Queues the span, or drops and counts it when the queue is full. Never blocks on I/O.
    void accept(SpanData span) override;

    // Sends every span accepted before the call, waiting until the deadline at the latest
    // (for SIGTERM). True when all of them were handled (exported or failed) in time.
    bool flush(std::chrono::steady_clock::time_point deadline);

    ExporterCounts counts() const;

private:
    void run();
    bool take_batch(std::vector<SpanData>& batch);
    void send(std::vector<SpanData>& batch);
    void note_collector(const Result<void, std::string>& outcome);

    const ExporterLimits limits_;
    const std::unique_ptr<OtlpTransport> transport_;
    const OtlpResource resource_;
    bool collector_healthy_ = true;

    mutable std::mutex mutex_;
    std::condition_variable wake_;             // the exporter thread: a full batch, a flush, or stop
    std::condition_variable handled_changed_;  // flush() callers: more spans were handled
    std::deque<SpanData> queue_;
    std::uint64_t accepted_ = 0;       // spans ever queued
    std::uint64_t handled_count_ = 0;  // of those, spans exported, failed or dropped at stop
    std::uint64_t flush_target_ = 0;   // a flush waits for handled_count_ to reach this
    bool stopping_ = false;

    std::atomic<std::uint64_t> spans_exported_{0};
    std::atomic<std::uint64_t> spans_failed_{0};
    std::atomic<std::uint64_t> spans_dropped_{0};
    std::atomic<std::uint64_t> batches_failed_{0};

    std::thread thread_;  // started by the constructor's body, once every member above exists
};

// The exporter of the service: OTLP/HTTP to `endpoint_url` (see parse_otlp_endpoint).
Result<std::unique_ptr<OtlpHttpExporter>, std::string> make_otlp_http_exporter(
    std::string_view endpoint_url, OtlpResource resource, ExporterLimits limits = {},
    HttpTransportTimeouts timeouts = {});

}  // namespace transfers::otel
