#include "adapters/metrics/prometheus_text.hpp"

#include <array>
#include <cassert>
#include <charconv>
#include <cmath>

namespace transfers::metrics::text {
namespace {

bool name_char(char c, bool first, bool colon_allowed) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon_allowed && c == ':');
    return letter || (!first && c >= '0' && c <= '9');
}

bool valid_name(std::string_view name, bool colon_allowed) {
    if (name.empty()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (!name_char(name[i], i == 0, colon_allowed)) return false;
    }
    return true;
}

std::string escape(std::string_view text, bool quote_too) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '"' && quote_too) {
            out += "\\\"";
        } else {
            out += c;
        }
    }
    return out;
}

// {a="x",b="y"} with an optional extra label last (le of a bucket); nothing when no label.
void append_labels(std::string& out, SeriesLabels labels, std::string_view extra_name = {},
                   std::string_view extra_value = {}) {
    assert(labels.names.size() == labels.values.size());
    if (labels.names.empty() && extra_name.empty()) return;
    out += '{';
    for (std::size_t i = 0; i < labels.names.size(); ++i) {
        if (i > 0) out += ',';
        out += labels.names[i];
        out += "=\"";
        out += escape_label_value(labels.values[i]);
        out += '"';
    }
    if (!extra_name.empty()) {
        if (!labels.names.empty()) out += ',';
        out += extra_name;
        out += "=\"";
        out += extra_value;
        out += '"';
    }
    out += '}';
}

void append_line(std::string& out, std::string_view name, std::string_view suffix, SeriesLabels labels,
                 std::string_view value, std::string_view extra_name = {}, std::string_view extra_value = {}) {
    out += name;
    out += suffix;
    append_labels(out, labels, extra_name, extra_value);
    out += ' ';
    out += value;
    out += '\n';
}

std::string_view type_name(MetricType type) {
    switch (type) {
        case MetricType::counter: return "counter";
        case MetricType::gauge: return "gauge";
        case MetricType::histogram: return "histogram";
    }
    return "untyped";
}

}  // namespace

std::string escape_label_value(std::string_view value) { return escape(value, true); }
std::string escape_help(std::string_view help) { return escape(help, false); }

std::string format_number(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    std::array<char, 32> buffer{};
    const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    assert(ec == std::errc{});
    return std::string(buffer.data(), end);
}

bool valid_metric_name(std::string_view name) { return valid_name(name, true); }
bool valid_label_name(std::string_view name) { return valid_name(name, false) && !name.starts_with("__"); }

void append_header(std::string& out, std::string_view name, std::string_view help, MetricType type) {
    out += "# HELP ";
    out += name;
    out += ' ';
    out += escape_help(help);
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type_name(type);
    out += '\n';
}

void append_series(std::string& out, std::string_view name, SeriesLabels labels, const Counter& counter) {
    append_line(out, name, "", labels, std::to_string(counter.value()));
}

void append_series(std::string& out, std::string_view name, SeriesLabels labels, const Histogram& histogram) {
    const Histogram::Snapshot snapshot = histogram.snapshot();
    const auto bounds = histogram.bounds();
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        append_line(out, name, "_bucket", labels, std::to_string(snapshot.cumulative[i]), "le",
                    format_number(bounds[i]));
    }
    append_line(out, name, "_bucket", labels, std::to_string(snapshot.count), "le", "+Inf");
    append_line(out, name, "_sum", labels, format_number(snapshot.sum));
    append_line(out, name, "_count", labels, std::to_string(snapshot.count));
}

void append_sample(std::string& out, std::string_view name, double value) {
    append_line(out, name, "", SeriesLabels{}, format_number(value));
}

}  // namespace transfers::metrics::text
