// Trace context codec: the W3C `traceparent` and `tracestate` headers to and from TraceContext.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ports/tracer.hpp"

namespace transfers::otel {

// W3C Trace Context asks vendors to propagate at least 512 characters of tracestate; we keep
// exactly that much, so a client cannot make every span of a request carry kilobytes.
inline constexpr std::size_t tracestate_bytes_max = 512;

// The parent named by a `traceparent` header, or nothing when the header is absent or invalid
// (the caller then starts a new trace, as the spec asks). Version 00 must match exactly;
// a later version is read by its first four fields and may carry more after a '-'.
std::optional<TraceContext> parse_traceparent(std::string_view header);

// `tracestate` as received (outer whitespace trimmed), cut at a list-member boundary so that
// it fits tracestate_bytes_max; empty when no member fits.
std::string bounded_tracestate(std::string_view header);

// The parent context of an incoming request: invalid (so a new trace starts) when traceparent
// is missing or malformed; tracestate is only kept with a valid traceparent.
TraceContext extract_trace_context(std::string_view traceparent, std::string_view tracestate);

// "00-<trace id>-<span id>-<flags>", lowercase hex, flags 01 when sampled. Requires valid().
std::string format_traceparent(const TraceContext& context);

// Lowercase hex of bytes, as both traceparent and OTLP/JSON spell ids.
std::string to_hex(std::span<const std::uint8_t> bytes);

}  // namespace transfers::otel
