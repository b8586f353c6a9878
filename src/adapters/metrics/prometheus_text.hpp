// Prometheus text exposition format 0.0.4: escaping, numbers and the lines of each series.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "adapters/metrics/counter.hpp"
#include "adapters/metrics/histogram.hpp"

namespace transfers::metrics {

// The Content-Type of GET /metrics.
inline constexpr std::string_view prometheus_content_type = "text/plain; version=0.0.4; charset=utf-8";

enum class MetricType { counter, gauge, histogram };

// A series' labels: names and values of the same length, in the family's order.
struct SeriesLabels {
    std::span<const std::string> names;
    std::span<const std::string> values;
};

namespace text {

std::string escape_label_value(std::string_view value);  // backslash, double quote, newline
std::string escape_help(std::string_view help);          // backslash, newline
// Shortest text that reads back to the same double; +Inf, -Inf and NaN as Prometheus spells them.
std::string format_number(double value);
bool valid_metric_name(std::string_view name);  // [a-zA-Z_:][a-zA-Z0-9_:]*
bool valid_label_name(std::string_view name);   // [a-zA-Z_][a-zA-Z0-9_]*, not starting "__"

void append_header(std::string& out, std::string_view name, std::string_view help, MetricType type);
void append_series(std::string& out, std::string_view name, SeriesLabels labels, const Counter& counter);
void append_series(std::string& out, std::string_view name, SeriesLabels labels, const Histogram& histogram);
void append_sample(std::string& out, std::string_view name, double value);

}  // namespace text
}  // namespace transfers::metrics
