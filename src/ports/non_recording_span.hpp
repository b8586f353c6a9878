// NonRecordingSpan: a span that records nothing and only carries its context on, for spans
// that are not sampled and for tests that wire no tracing.
#pragma once

#include "ports/tracer.hpp"

namespace transfers {

class NonRecordingSpan final : public Span {
public:
    explicit NonRecordingSpan(TraceContext context) : context_(std::move(context)) {}
    void set_attribute(std::string_view, std::string_view) override {}
    void set_attribute(std::string_view, std::int64_t) override {}
    void add_event(std::string_view, std::string_view) override {}
    void set_error(std::string_view) override {}
    void add_link(const TraceContext&) override {}
    const TraceContext& context() const override { return context_; }
    void end() override {}

private:
    const TraceContext context_;
};

}  // namespace transfers
