#include "adapters/metrics/registry.hpp"

#include <algorithm>
#include <utility>

namespace transfers::metrics {
namespace {

// A single value computed at scrape time.
class CallbackFamily final : public FamilyBase {
public:
    CallbackFamily(std::string name, std::string help, MetricType type, std::function<double()> read)
        : name_(std::move(name)), help_(std::move(help)), type_(type), read_(std::move(read)) {}

    const std::string& name() const override { return name_; }

    void render(std::string& out) const override {
        text::append_header(out, name_, help_, type_);
        text::append_sample(out, name_, read_());
    }

private:
    const std::string name_;
    const std::string help_;
    const MetricType type_;
    const std::function<double()> read_;
};

}  // namespace

Counter& Registry::counter(std::string name, std::string help) {
    return counter_family<0>(std::move(name), std::move(help), {}).with({});
}

Histogram& Registry::histogram(std::string name, std::string help, std::span<const double> bounds) {
    return histogram_family<0>(std::move(name), std::move(help), {}, bounds).with({});
}

void Registry::gauge_callback(std::string name, std::string help, std::function<double()> read) {
    add(std::make_unique<CallbackFamily>(std::move(name), std::move(help), MetricType::gauge, std::move(read)));
}

void Registry::counter_callback(std::string name, std::string help, std::function<double()> read) {
    add(std::make_unique<CallbackFamily>(std::move(name), std::move(help), MetricType::counter, std::move(read)));
}

void Registry::add(std::unique_ptr<FamilyBase> family) {
    assert(text::valid_metric_name(family->name()));
    std::lock_guard lock(mutex_);
    [[maybe_unused]] const bool taken = std::any_of(
        families_.begin(), families_.end(), [&](const auto& existing) { return existing->name() == family->name(); });
    assert(!taken);
    families_.push_back(std::move(family));
}

std::string Registry::render() const {
    std::string out;
    std::lock_guard lock(mutex_);
    for (const auto& family : families_) family->render(out);
    return out;
}

}  // namespace transfers::metrics
