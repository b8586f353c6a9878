#include "app/service_api.hpp"

#include "ports/trace_scope.hpp"

namespace transfers {
namespace {

// Ends the use case's span with the outcome, then answers.
template <typename T>
Reply<T> ending(std::shared_ptr<Span> span, Reply<T> reply) {
    return [span = std::move(span), reply = std::move(reply)](Result<T, Error> result) {
        if (!result) {
            span->set_attribute("error.type", code_name(result.error().code));
            const ErrorCode code = result.error().code;
            if (code == ErrorCode::unavailable || code == ErrorCode::outcome_unknown) {
                span->set_error(result.error().detail);
            }
        }
        span->end();
        reply(std::move(result));
    };
}

}  // namespace

std::shared_ptr<Span> ServiceApi::start_use_case(std::string_view name) {
    return parts_.tracer.start_span(name, SpanKind::internal, current_trace_context());
}

template <typename T>
void ServiceApi::run_blocking(std::function<void()> task, const Reply<T>& reply) {
    if (!parts_.runner.post(std::move(task))) reply(fail(queue_full_error()));
}

void ServiceApi::open_account(const OpenAccountCommand& command, Reply<Account> reply) {
    auto span = start_use_case("accounts.open");
    auto done = ending(span, std::move(reply));
    run_blocking<Account>(
        [this, command, done, span] {
            ScopedTraceContext scope(span->context());
            done(parts_.accounts.open_account(command));
        },
        done);
}

void ServiceApi::get_account(AccountId id, Reply<Account> reply) {
    auto span = start_use_case("accounts.get");
    ScopedTraceContext scope(span->context());  // the cache lookup's span is a child of it
    parts_.cache.lookup(id, [this, id, span, reply = ending(span, std::move(reply))](std::optional<Account> cached) mutable {
        span->set_attribute("cache.hit", cached ? 1 : 0);
        if (cached) return reply(*cached);
        auto flight = flights_.join(id, std::move(reply));
        if (flight) read_through(id, std::move(flight), span->context());
    });
}

void ServiceApi::read_through(AccountId id, std::shared_ptr<AccountReadFlights::Flight> flight, TraceContext trace) {
    const bool queued = parts_.runner.post([this, id, flight, trace] {
        ScopedTraceContext scope(trace);
        flights_.start_reading(id, flight);
        const std::uint64_t epoch = parts_.cache.epoch();
        auto account = parts_.accounts.get_account(id);
        if (account) parts_.cache.fill(*account, epoch);
        flights_.land(id, flight, account);
    });
    if (!queued) flights_.land(id, flight, fail(queue_full_error()));
}

void ServiceApi::transfer(const TransferCommand& command, Reply<Transfer> reply) {
    auto span = start_use_case("transfers.create");
    parts_.batcher.submit(command, span->context(), ending(span, std::move(reply)));
}

void ServiceApi::get_transfer(const TransferId& id, Reply<Transfer> reply) {
    auto span = start_use_case("transfers.get");
    auto done = ending(span, std::move(reply));
    run_blocking<Transfer>(
        [this, id, done, span] {
            ScopedTraceContext scope(span->context());
            done(parts_.transfers.get_transfer(id));
        },
        done);
}

void ServiceApi::history(AccountId id, std::optional<std::int64_t> before, std::size_t limit,
                         Reply<HistoryPage> reply) {
    auto span = start_use_case("accounts.history");
    auto done = ending(span, std::move(reply));
    run_blocking<HistoryPage>(
        [this, id, before, limit, done, span] {
            ScopedTraceContext scope(span->context());
            done(parts_.accounts.history(id, before, limit));
        },
        done);
}

// Answered on the caller's thread: readiness never waits on a dependency, and going through
// the runner would queue the answer behind work that a stalled database holds up.
void ServiceApi::check_readiness(std::function<void(std::vector<DependencyStatus>)> reply) {
    reply(parts_.readiness.check());
}

}  // namespace transfers
