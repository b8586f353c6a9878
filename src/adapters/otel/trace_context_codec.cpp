#include "adapters/otel/trace_context_codec.hpp"

#include <algorithm>
#include <cassert>

namespace transfers::otel {
namespace {

// "vv-" + 32 + "-" + 16 + "-" + "ff": the whole header in version 00, the minimum in later ones.
constexpr std::size_t traceparent_v00_chars = 55;
constexpr std::uint8_t flag_sampled = 0x01;

int lower_hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;  // the spec allows lowercase hex only
}

// Reads 2 * out.size() lowercase hex characters from the start of text.
bool parse_hex(std::string_view text, std::span<std::uint8_t> out) {
    if (text.size() < 2 * out.size()) return false;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int high = lower_hex_value(text[2 * i]);
        const int low = lower_hex_value(text[2 * i + 1]);
        if (high < 0 || low < 0) return false;
        out[i] = static_cast<std::uint8_t>(high * 16 + low);
    }
    return true;
}

std::string_view trim_whitespace(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

}  // namespace

std::optional<TraceContext> parse_traceparent(std::string_view header) {
    const std::string_view text = trim_whitespace(header);
    if (text.size() < traceparent_v00_chars) return std::nullopt;
    std::uint8_t version = 0;
    std::uint8_t flags = 0;
    TraceContext context;
    if (!parse_hex(text, std::span(&version, 1)) || version == 0xff) return std::nullopt;
    if (text[2] != '-' || text[35] != '-' || text[52] != '-') return std::nullopt;
    if (!parse_hex(text.substr(3), context.trace_id)) return std::nullopt;
    if (!parse_hex(text.substr(36), context.span_id)) return std::nullopt;
    if (!parse_hex(text.substr(53), std::span(&flags, 1))) return std::nullopt;
    // Version 00 is exactly 55 characters; a future version may append fields after a '-'.
    const bool ends_here = text.size() == traceparent_v00_chars;
    if (version == 0 && !ends_here) return std::nullopt;
    if (!ends_here && text[traceparent_v00_chars] != '-') return std::nullopt;
    if (!context.valid()) return std::nullopt;
    context.sampled = (flags & flag_sampled) != 0;
    return context;
}

std::string bounded_tracestate(std::string_view header) {
    std::string_view text = trim_whitespace(header);
    // Members are dropped from the end, the order the spec prefers when it must truncate.
    while (text.size() > tracestate_bytes_max) {
        const auto comma = text.rfind(',', tracestate_bytes_max);
        if (comma == std::string_view::npos) return {};
        text = trim_whitespace(text.substr(0, comma));
    }
    return std::string(text);
}

TraceContext extract_trace_context(std::string_view traceparent, std::string_view tracestate) {
    auto parent = parse_traceparent(traceparent);
    if (!parent) return TraceContext{};
    parent->tracestate = bounded_tracestate(tracestate);
    return *parent;
}

std::string format_traceparent(const TraceContext& context) {
    assert(context.valid());
    return "00-" + to_hex(context.trace_id) + "-" + to_hex(context.span_id) + (context.sampled ? "-01" : "-00");
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(2 * bytes.size(), '0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 0x0f];
    }
    return out;
}

}  // namespace transfers::otel
