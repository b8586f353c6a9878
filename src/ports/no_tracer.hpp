// NoTracer: the Tracer when tracing is not wired (unit tests): spans that record nothing and
// carry the parent's context on, so code under test runs the same paths.
#pragma once

#include "ports/tracer.hpp"

namespace transfers {

class NoTracer final : public Tracer {
public:
    std::unique_ptr<Span> start_span(std::string_view, SpanKind, const TraceContext& parent) override {
        return std::make_unique<SilentSpan>(parent);
    }

private:
    class SilentSpan final : public Span {
    public:
        explicit SilentSpan(const TraceContext& parent) : context_(parent) {}
        void set_attribute(std::string_view, std::string_view) override {}
        void set_attribute(std::string_view, std::int64_t) override {}
        void add_event(std::string_view, std::string_view) override {}
        void set_error(std::string_view) override {}
        void add_link(const TraceContext&) override {}
        const TraceContext& context() const override { return context_; }
        void end() override {}

    private:
        TraceContext context_;
    };
};

}  // namespace transfers
