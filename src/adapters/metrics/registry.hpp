// Registry: the service's Prometheus metrics, registered at start and rendered for GET /metrics.
#pragma once

#include <array>
#include <cassert>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/metrics/metric_family.hpp"

namespace transfers::metrics {

// Thread-safe. mutex_ guards families_ (appended at registration, read by render()); counting
// and observing never take it. Register every metric at start, keep the references returned
// (they live as long as the registry) and record through them from any thread.
// Names follow Prometheus conventions: base unit suffix (_seconds, _bytes) and _total on
// counters. A name registered twice, or an invalid name, is a programmer error (asserted).
class Registry {
public:
    template <std::size_t N>
    CounterFamily<N>& counter_family(std::string name, std::string help, std::array<std::string, N> label_names) {
        auto make = [] { return std::make_unique<Counter>(); };
        return add_family<Counter, N>(std::move(name), std::move(help), MetricType::counter, std::move(label_names),
                                      make);
    }

    template <std::size_t N>
    HistogramFamily<N>& histogram_family(std::string name, std::string help, std::array<std::string, N> label_names,
                                         std::span<const double> bounds) {
        auto make = [shared = std::vector<double>(bounds.begin(), bounds.end())] {
            return std::make_unique<Histogram>(shared);
        };
        return add_family<Histogram, N>(std::move(name), std::move(help), MetricType::histogram,
                                        std::move(label_names), make);
    }

    // Unlabelled: shown (at zero) from the first scrape.
    Counter& counter(std::string name, std::string help);
    Histogram& histogram(std::string name, std::string help, std::span<const double> bounds);

    // A value read at each scrape from another component (pool sizes, exporter drops). The
    // callback runs on the scraping thread with the registry locked: it must be quick,
    // thread-safe, and must not call back into the registry.
    void gauge_callback(std::string name, std::string help, std::function<double()> read);
    void counter_callback(std::string name, std::string help, std::function<double()> read);

    // The text exposition format 0.0.4, families in registration order, series sorted by labels.
    std::string render() const;

private:
    template <typename Metric, std::size_t N>
    MetricFamily<Metric, N>& add_family(std::string name, std::string help, MetricType type,
                                        std::array<std::string, N> label_names,
                                        typename MetricFamily<Metric, N>::Factory make) {
        for ([[maybe_unused]] const auto& label : label_names) {
            assert(text::valid_label_name(label));
            assert(type != MetricType::histogram || label != "le");
        }
        auto family = std::make_unique<MetricFamily<Metric, N>>(std::move(name), std::move(help), type,
                                                                std::move(label_names), std::move(make));
        auto& added = *family;
        add(std::move(family));
        return added;
    }

    void add(std::unique_ptr<FamilyBase> family);

    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<FamilyBase>> families_;
};

}  // namespace transfers::metrics
