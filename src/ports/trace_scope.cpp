#include "ports/trace_scope.hpp"

#include <algorithm>

namespace transfers {
namespace {

const TraceContext no_context{};
// Each thread's own: a scope is opened and closed by the same thread.
thread_local const TraceContext* current = &no_context;

}  // namespace

bool TraceContext::valid() const {
    const auto is_zero = [](std::uint8_t byte) { return byte == 0; };
    return !std::all_of(trace_id.begin(), trace_id.end(), is_zero) && !std::all_of(span_id.begin(), span_id.end(), is_zero);
}

const TraceContext& current_trace_context() { return *current; }

ScopedTraceContext::ScopedTraceContext(const TraceContext& context) : previous_(current) { current = &context; }

ScopedTraceContext::~ScopedTraceContext() { current = previous_; }

}  // namespace transfers
