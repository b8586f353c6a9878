#include "adapters/otel/otlp_tracer.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <random>
#include <string>
#include <utility>

#include "ports/non_recording_span.hpp"

namespace transfers::otel {
namespace {

using SteadyTime = std::chrono::steady_clock::time_point;

// One engine per thread: no lock on the request path. Seeded once from the OS.
std::mt19937_64& random_engine() {
    thread_local std::mt19937_64 engine = [] {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device(), device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }();
    return engine;
}

// A random id, never all zero (an all-zero id is the spec's "invalid").
template <std::size_t N>
std::array<std::uint8_t, N> random_id() {
    std::array<std::uint8_t, N> id{};
    while (std::all_of(id.begin(), id.end(), [](std::uint8_t byte) { return byte == 0; })) {
        for (std::size_t i = 0; i < N; i += 8) {
            const std::uint64_t bits = random_engine()();
            for (std::size_t j = 0; j < 8 && i + j < N; ++j) id[i + j] = static_cast<std::uint8_t>(bits >> (8 * j));
        }
    }
    return id;
}

std::uint64_t unix_nano_now() {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count());
}

// A string value cut to attribute_value_bytes_max without splitting a UTF-8 sequence.
std::string bounded_value(std::string_view value) {
    if (value.size() <= attribute_value_bytes_max) return std::string(value);
    std::size_t cut = attribute_value_bytes_max;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xc0) == 0x80) --cut;
    return std::string(value.substr(0, cut));
}

// Records into its SpanData until end() hands that to the sink. Owned by one thread at a time.
class RecordingSpan final : public Span {
public:
    RecordingSpan(SpanSink& sink, SpanData data, TraceContext context)
        : sink_(sink), data_(std::move(data)), context_(std::move(context)) {}
    ~RecordingSpan() override { end(); }

    void set_attribute(std::string_view key, std::string_view value) override {
        put_attribute(key, bounded_value(value));
    }
    void set_attribute(std::string_view key, std::int64_t value) override { put_attribute(key, value); }

    void add_event(std::string_view name, std::string_view message) override {
        put_event(name, "message", message);
    }

    // The exception event is what Jaeger and the semantic conventions show for an error.
    void set_error(std::string_view description) override {
        if (ended_) return;
        data_.status = SpanStatus::error;
        data_.status_message = bounded_value(description);
        put_event("exception", "exception.message", description);
    }

    void add_link(const TraceContext& other) override {
        if (ended_ || !other.valid()) return;
        if (data_.links.size() >= span_links_max) {
            ++data_.links_dropped;
            return;
        }
        data_.links.push_back(SpanLink{other.trace_id, other.span_id, other.tracestate});
    }

    const TraceContext& context() const override { return context_; }

    void end() override {
        if (ended_) return;
        ended_ = true;
        data_.end_unix_nano = unix_nano_at(std::chrono::steady_clock::now());
        sink_.accept(std::move(data_));
    }

private:
    // Times come from the steady clock from the span's start, so a wall clock step while the
    // span runs can never make its duration negative.
    std::uint64_t unix_nano_at(SteadyTime when) const {
        const auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(when - start_steady_);
        return data_.start_unix_nano + static_cast<std::uint64_t>(std::max<std::int64_t>(0, elapsed.count()));
    }

    // Setting a key again replaces its value, as OpenTelemetry specifies.
    void put_attribute(std::string_view key, std::variant<std::string, std::int64_t> value) {
        if (ended_) return;
        auto& attributes = data_.attributes;
        const auto same_key = [key](const SpanAttribute& attribute) { return attribute.key == key; };
        if (auto found = std::find_if(attributes.begin(), attributes.end(), same_key); found != attributes.end()) {
            found->value = std::move(value);
        } else if (attributes.size() >= span_attributes_max) {
            ++data_.attributes_dropped;
        } else {
            attributes.push_back(SpanAttribute{std::string(key), std::move(value)});
        }
    }

    void put_event(std::string_view name, std::string_view key, std::string_view message) {
        if (ended_) return;
        if (data_.events.size() >= span_events_max) {
            ++data_.events_dropped;
            return;
        }
        SpanEvent event{std::string(name), unix_nano_at(std::chrono::steady_clock::now()), {}};
        event.attributes.push_back(SpanAttribute{std::string(key), bounded_value(message)});
        data_.events.push_back(std::move(event));
    }

    SpanSink& sink_;
    SpanData data_;
    const TraceContext context_;
    const SteadyTime start_steady_ = std::chrono::steady_clock::now();
    bool ended_ = false;
};

}  // namespace

bool sample_new_trace(const TraceId& trace_id, double ratio) {
    if (ratio >= 1.0) return true;
    if (ratio <= 0.0) return false;
    constexpr double random_bits_range = 0x1p56;
    std::uint64_t random_bits = 0;
    for (std::size_t i = trace_id.size() - 7; i < trace_id.size(); ++i) random_bits = (random_bits << 8) | trace_id[i];
    return random_bits < static_cast<std::uint64_t>(ratio * random_bits_range);
}

bool sample_span(const TraceContext& parent, const TraceId& trace_id, double ratio) {
    if (parent.valid()) return parent.sampled;
    return sample_new_trace(trace_id, ratio);
}

OtlpTracer::OtlpTracer(SpanSink* sink, double sampling_ratio) : sink_(sink), sampling_ratio_(sampling_ratio) {
    assert(sampling_ratio >= 0.0);
    assert(sampling_ratio <= 1.0);
}

std::unique_ptr<Span> OtlpTracer::start_span(std::string_view name, SpanKind kind, const TraceContext& parent) {
    const bool has_parent = parent.valid();
    TraceContext context;
    context.trace_id = has_parent ? parent.trace_id : random_id<16>();
    context.span_id = random_id<8>();
    context.tracestate = has_parent ? parent.tracestate : std::string();
    context.sampled = sink_ != nullptr ? sample_span(parent, context.trace_id, sampling_ratio_)
                                       : has_parent && parent.sampled;
    if (sink_ == nullptr || !context.sampled) return std::make_unique<NonRecordingSpan>(std::move(context));
    SpanData data;
    data.name = std::string(name);
    data.kind = kind;
    data.trace_id = context.trace_id;
    data.span_id = context.span_id;
    if (has_parent) data.parent_span_id = parent.span_id;
    data.tracestate = context.tracestate;
    data.start_unix_nano = unix_nano_now();
    return std::make_unique<RecordingSpan>(*sink_, std::move(data), std::move(context));
}

}  // namespace transfers::otel
