#include "adapters/otel/otlp_json_encoding.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <string_view>

#include "adapters/otel/trace_context_codec.hpp"

namespace transfers::otel {
namespace {

namespace json = boost::json;

// Length of the well-formed UTF-8 sequence starting at text[at] (RFC 3629), 0 when malformed.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char second_low = 0x80;
    unsigned char second_high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        if (lead == 0xe0) second_low = 0xa0;   // overlong
        if (lead == 0xed) second_high = 0x9f;  // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        if (lead == 0xf0) second_low = 0x90;   // overlong
        if (lead == 0xf4) second_high = 0x8f;  // above U+10FFFF
    } else {
        return 0;
    }
    if (at + length > text.size()) return 0;
    if (byte(at + 1) < second_low || byte(at + 1) > second_high) return 0;
    for (std::size_t i = 2; i < length; ++i) {
        if ((byte(at + i) & 0xc0) != 0x80) return 0;
    }
    return length;
}

json::string utf8_string(std::string_view text) {
    constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD
    json::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t length = utf8_sequence_length(text, at);
        if (length == 0) {
            out.append(replacement);
            ++at;
        } else {
            out.append(text.substr(at, length));
            at += length;
        }
    }
    return out;
}

json::string decimal(std::uint64_t number) { return json::string(std::to_string(number)); }

int otlp_kind(SpanKind kind) {
    switch (kind) {
        case SpanKind::internal: return otlp_span_kind_internal;
        case SpanKind::server: return otlp_span_kind_server;
        case SpanKind::client: return otlp_span_kind_client;
    }
    return otlp_span_kind_internal;
}

// {"key": ..., "value": {"stringValue": ...}} or {"intValue": "<decimal>"} (int64 as a string).
json::object attribute_json(const SpanAttribute& attribute) {
    json::object value;
    if (const auto* text = std::get_if<std::string>(&attribute.value)) {
        value["stringValue"] = utf8_string(*text);
    } else {
        value["intValue"] = json::string(std::to_string(std::get<std::int64_t>(attribute.value)));
    }
    return json::object{{"key", utf8_string(attribute.key)}, {"value", std::move(value)}};
}

json::array attributes_json(const std::vector<SpanAttribute>& attributes) {
    json::array out;
    out.reserve(attributes.size());
    for (const auto& attribute : attributes) out.push_back(attribute_json(attribute));
    return out;
}

json::array events_json(const std::vector<SpanEvent>& events) {
    json::array out;
    out.reserve(events.size());
    for (const auto& event : events) {
        out.push_back(json::object{{"timeUnixNano", decimal(event.time_unix_nano)},
                                   {"name", utf8_string(event.name)},
                                   {"attributes", attributes_json(event.attributes)}});
    }
    return out;
}

json::array links_json(const std::vector<SpanLink>& links) {
    json::array out;
    out.reserve(links.size());
    for (const auto& link : links) {
        json::object entry{{"traceId", to_hex(link.trace_id)}, {"spanId", to_hex(link.span_id)}};
        if (!link.tracestate.empty()) entry["traceState"] = utf8_string(link.tracestate);
        out.push_back(std::move(entry));
    }
    return out;
}

bool is_root(const SpanData& span) {
    for (const auto byte : span.parent_span_id) {
        if (byte != 0) return false;
    }
    return true;
}

// Empty and zero fields are left out, as the protobuf JSON mapping does for defaults.
json::object span_json(const SpanData& span) {
    json::object out;
    out["traceId"] = to_hex(span.trace_id);
    out["spanId"] = to_hex(span.span_id);
    if (!is_root(span)) out["parentSpanId"] = to_hex(span.parent_span_id);
    if (!span.tracestate.empty()) out["traceState"] = utf8_string(span.tracestate);
    out["name"] = utf8_string(span.name);
    out["kind"] = otlp_kind(span.kind);
    out["startTimeUnixNano"] = decimal(span.start_unix_nano);
    out["endTimeUnixNano"] = decimal(span.end_unix_nano);
    out["attributes"] = attributes_json(span.attributes);
    if (span.attributes_dropped > 0) out["droppedAttributesCount"] = span.attributes_dropped;
    out["events"] = events_json(span.events);
    if (span.events_dropped > 0) out["droppedEventsCount"] = span.events_dropped;
    out["links"] = links_json(span.links);
    if (span.links_dropped > 0) out["droppedLinksCount"] = span.links_dropped;
    json::object status;
    if (span.status == SpanStatus::error) {
        status["code"] = otlp_status_error;
        status["message"] = utf8_string(span.status_message);
    }
    out["status"] = std::move(status);
    return out;
}

json::object resource_json(const OtlpResource& resource) {
    json::array attributes;
    attributes.push_back(attribute_json(SpanAttribute{"service.name", resource.service_name}));
    if (!resource.service_version.empty()) {
        attributes.push_back(attribute_json(SpanAttribute{"service.version", resource.service_version}));
    }
    return json::object{{"attributes", std::move(attributes)}};
}

json::object scope_json(const OtlpResource& resource) {
    json::object scope{{"name", utf8_string(resource.scope_name)}};
    if (!resource.scope_version.empty()) scope["version"] = utf8_string(resource.scope_version);
    return scope;
}

}  // namespace

std::string encode_export_trace_request(std::span<const SpanData> spans, const OtlpResource& resource) {
    json::array spans_out;
    spans_out.reserve(spans.size());
    for (const auto& span : spans) spans_out.push_back(span_json(span));
    json::object scope_spans{{"scope", scope_json(resource)}, {"spans", std::move(spans_out)}};
    json::object resource_spans{{"resource", resource_json(resource)},
                                {"scopeSpans", json::array{std::move(scope_spans)}}};
    json::object request{{"resourceSpans", json::array{std::move(resource_spans)}}};
    return json::serialize(request);
}

}  // namespace transfers::otel
