// MetricFamily: one metric name with N label names, and a series (a Counter or a Histogram)
// per combination of label values, created on first use.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>

#include "adapters/metrics/prometheus_text.hpp"

namespace transfers::metrics {

// What the registry keeps of every family: enough to render it.
class FamilyBase {
public:
    virtual ~FamilyBase() = default;
    virtual const std::string& name() const = 0;
    virtual void render(std::string& out) const = 0;
};

// Label values are compared as text, so a lookup by string_view allocates nothing.
struct LabelValuesLess {
    using is_transparent = void;
    template <typename Left, typename Right>
    bool operator()(const Left& left, const Right& right) const {
        return std::lexicographical_compare(left.begin(), left.end(), right.begin(), right.end(),
                                            [](const auto& a, const auto& b) { return std::string_view(a) < std::string_view(b); });
    }
};

// Thread-safe. series_ is guarded by mutex_: shared for the lookup of an existing series (the
// common case), exclusive to add one. A series never moves or goes away, so callers may keep
// the reference that with() returns and skip the lookup on the hot path.
template <typename Metric, std::size_t N>
class MetricFamily final : public FamilyBase {
public:
    // Label values come from code (routes, status codes, error codes), not from clients; this
    // bound stops a mistake (a raw path as a label) from growing memory and scrapes without end.
    static constexpr std::size_t series_max = 1000;
    // Where values go once series_max is reached: every label reads this, and the series shows it.
    static constexpr std::string_view overflow_label_value = "overflow";

    using LabelValues = std::array<std::string, N>;
    using Factory = std::function<std::unique_ptr<Metric>()>;

    MetricFamily(std::string name, std::string help, MetricType type, std::array<std::string, N> label_names,
                 Factory make)
        : name_(std::move(name)), help_(std::move(help)), type_(type), label_names_(std::move(label_names)),
          make_(std::move(make)) {}

    const std::string& name() const override { return name_; }

    Metric& with(const std::array<std::string_view, N>& values) {
        {
            std::shared_lock lock(mutex_);
            if (auto found = series_.find(values); found != series_.end()) return *found->second;
        }
        std::unique_lock lock(mutex_);
        if (auto found = series_.find(values); found != series_.end()) return *found->second;
        if (series_.size() >= series_max) return overflow_series();
        LabelValues key;
        std::copy(values.begin(), values.end(), key.begin());
        return *series_.emplace(std::move(key), make_()).first->second;
    }

    void render(std::string& out) const override {
        text::append_header(out, name_, help_, type_);
        std::shared_lock lock(mutex_);
        for (const auto& [values, metric] : series_) {
            text::append_series(out, name_, SeriesLabels{label_names_, values}, *metric);
        }
    }

private:
    // Called with mutex_ held exclusively; the overflow series may exceed series_max by one.
    Metric& overflow_series() {
        LabelValues key;
        key.fill(std::string(overflow_label_value));
        auto found = series_.find(key);
        if (found == series_.end()) found = series_.emplace(std::move(key), make_()).first;
        return *found->second;
    }

    const std::string name_;
    const std::string help_;
    const MetricType type_;
    const std::array<std::string, N> label_names_;
    const Factory make_;
    mutable std::shared_mutex mutex_;
    std::map<LabelValues, std::unique_ptr<Metric>, LabelValuesLess> series_;
};

template <std::size_t N>
using CounterFamily = MetricFamily<Counter, N>;
template <std::size_t N>
using HistogramFamily = MetricFamily<Histogram, N>;

}  // namespace transfers::metrics
