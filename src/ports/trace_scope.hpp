// The trace context that synchronous work on this thread belongs to: what adapters take as the
// parent of their spans, so a database call made for a request shows up inside its trace.
#pragma once

#include "ports/tracer.hpp"

namespace transfers {

// The context set by the innermost ScopedTraceContext on this thread; invalid when none.
const TraceContext& current_trace_context();

// Makes `context` current on this thread until the scope ends, then restores the previous one.
class ScopedTraceContext {
public:
    explicit ScopedTraceContext(const TraceContext& context);
    ~ScopedTraceContext();
    ScopedTraceContext(const ScopedTraceContext&) = delete;
    ScopedTraceContext& operator=(const ScopedTraceContext&) = delete;

private:
    const TraceContext* previous_;
};

}  // namespace transfers
