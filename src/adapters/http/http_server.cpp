#include "adapters/http/http_server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <thread>
#include <vector>

#include "adapters/http/connection_limit.hpp"
#include "adapters/http/problem.hpp"
#include "adapters/system/thread_name.hpp"

namespace transfers::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Request = bhttp::request<bhttp::string_body>;
using Response = bhttp::response<bhttp::string_body>;

namespace {

constexpr auto as_result = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t request_first_read_bytes = 4096;
// An accept error (typically EMFILE or ENFILE: out of descriptors) repeats as long as its cause
// lasts, and the pending connection keeps the acceptor ready: pause before the next attempt
// instead of spinning, and write the error to the log once per interval, not once per attempt.
constexpr std::chrono::milliseconds accept_error_backoff_ms{50};
// Refusals at the connection limit are reported at the same pace.
constexpr std::chrono::seconds accept_error_log_interval{10};
// After the drain timed out, how long answers produced at once (503s for work that will never
// run) get to reach their clients before the server stops; part of the shutdown bound.
constexpr std::chrono::milliseconds timeout_answers_after_drain{300};

Response to_response(HttpAnswer answer, bool keep_alive, unsigned version) {
    Response response{static_cast<bhttp::status>(answer.status), version};
    response.set(bhttp::field::content_type, answer.content_type);
    for (auto& [name, value] : answer.headers) response.set(name, value);
    response.body() = std::move(answer.body);
    response.keep_alive(keep_alive);
    response.prepare_payload();
    return response;
}

// The answer for a request that could not be read whole; the connection closes after it.
Response unreadable_request_response(const beast::error_code& ec) {
    if (ec == bhttp::error::body_limit) {
        return to_response(problem_answer(413, "Payload too large", "payload_too_large",
                                          "the body exceeds the size limit"), false, 11);
    }
    if (ec == bhttp::error::header_limit) {
        return to_response(problem_answer(431, "Request header fields too large",
                                          "headers_too_large", "the headers exceed the size limit"),
                           false, 11);
    }
    return to_response(problem_answer(400, "Bad request", "malformed_http",
                                      "the request is not valid HTTP/1.1: " + ec.message()),
                       false, 11);
}

Response request_timeout_response() {
    return to_response(problem_answer(408, "Request timeout", "request_timeout",
                                      "the request line and headers did not arrive within the deadline"),
                       false, 11);
}

// Retry-After comes with every 503 (problem_answer adds it).
Response refused_for_limit_response() {
    return to_response(problem_answer(503, "Service unavailable", "unavailable",
                                      "the server is at its connection limit; retry later"),
                       false, 11);
}

// Coroutines end normally or by an exception that no code path expects: that is a bug, and it
// is not hidden; it leaves io_context::run and ends the process with its message.
void rethrow_programming_error(std::exception_ptr error) {
    if (error) std::rethrow_exception(error);
}

// Counts a request from its first byte to the end of its answer, for the drain on SIGTERM.
struct InFlight {
    explicit InFlight(std::atomic<int>& count) : count_(count) { count_.fetch_add(1); }
    ~InFlight() { count_.fetch_sub(1); }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;
    std::atomic<int>& count_;
};

bool is_quiet_end(const beast::error_code& ec) {
    return ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
           ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
           ec == asio::error::eof;
}

}  // namespace

// How a connection is closed for the limit from another strand. Owned by the connection's
// strand: both members are read and written only there (the close request is posted to it).
struct HttpServer::ConnectionControl {
    beast::tcp_stream* stream = nullptr;  // set while serve_connection runs
    bool closed_for_limit = false;
};


HttpServer::HttpServer(ServerOptions options, RequestHandler& handlers)
    : options_(std::move(options)),
      handlers_(handlers),
      io_(options_.io_threads),
      acceptor_(asio::make_strand(io_)),
      connections_(options_.connections_max),
      accept_error_log_(accept_error_log_interval),
      refusal_log_(accept_error_log_interval) {}

Result<void, std::string> HttpServer::bind() {
    beast::error_code ec;
    const auto address = asio::ip::make_address(options_.address, ec);
    if (ec) return fail("invalid listen address " + options_.address + ": " + ec.message());
    const tcp::endpoint endpoint{address, options_.port};
    if (acceptor_.open(endpoint.protocol(), ec); ec) return fail("socket: " + ec.message());
    acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (acceptor_.bind(endpoint, ec); ec) {
        return fail("cannot listen on " + options_.address + ":" + std::to_string(options_.port) +
                    ": " + ec.message());
    }
    if (acceptor_.listen(asio::socket_base::max_listen_connections, ec); ec) {
        return fail("listen: " + ec.message());
    }
    return {};
}

std::uint16_t HttpServer::port() const { return acceptor_.local_endpoint().port(); }

ConnectionCounts HttpServer::connection_counts() const {
    const ConnectionTable::Counts table = connections_.counts();
    return {table.open,
            connections_.connections_max(),
            table.closed_idle_for_limit,
            table.refused_for_limit,
            accept_errors_.load(std::memory_order_relaxed),
            request_head_timeouts_.load(std::memory_order_relaxed)};
}

void HttpServer::run(std::function<void()> at_drain_timeout) {
    at_drain_timeout_ = std::move(at_drain_timeout);
    asio::signal_set signals(io_, SIGTERM, SIGINT);
    signals.async_wait(asio::bind_executor(acceptor_.get_executor(), [this](const beast::error_code& ec, int) {
        if (!ec) on_signal();
    }));
    asio::co_spawn(acceptor_.get_executor(), accept_loop(), rethrow_programming_error);
    std::vector<std::thread> threads;
    for (int i = 1; i < options_.io_threads; ++i) {
        threads.emplace_back([this] {
            name_this_thread("http-io");
            io_.run();
        });
    }
    name_this_thread("http-io");
    io_.run();
    for (auto& thread : threads) thread.join();
}

void HttpServer::on_signal() {
    spdlog::info("signal received: no new connections; draining {} request(s) in flight",
                 requests_in_flight_.load());
    draining_.store(true);
    beast::error_code ignored;  // closing is best effort: the acceptor may already be closed
    acceptor_.close(ignored);
    asio::co_spawn(io_, drain_then_stop(), rethrow_programming_error);
}

asio::awaitable<void> HttpServer::drain_then_stop() {
    asio::steady_timer timer(io_);
    const auto deadline = std::chrono::steady_clock::now() + options_.timeout_drain;
    while (requests_in_flight_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
        timer.expires_after(std::chrono::milliseconds(10));
        co_await timer.async_wait(as_result);
    }
    if (requests_in_flight_.load() > 0 && at_drain_timeout_) {
        spdlog::warn("drain timeout with {} request(s) in flight: answering those that can be answered now",
                     requests_in_flight_.load());
        at_drain_timeout_();
        const auto grace_end = std::chrono::steady_clock::now() + timeout_answers_after_drain;
        int in_flight = requests_in_flight_.load();
        while (in_flight > 0 && std::chrono::steady_clock::now() < grace_end) {
            timer.expires_after(std::chrono::milliseconds(10));
            co_await timer.async_wait(as_result);
            in_flight = requests_in_flight_.load();
        }
    }
    if (requests_in_flight_.load() > 0) {
        spdlog::warn("drain timeout: stopping with {} request(s) in flight", requests_in_flight_.load());
    }
    io_.stop();
}

asio::awaitable<void> HttpServer::accept_loop() {
    while (acceptor_.is_open()) {
        auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(io_), as_result);
        if (ec == asio::error::operation_aborted) co_return;
        if (ec) {
            co_await report_accept_error(ec);
            continue;
        }
        start_connection(std::move(socket));
    }
}

asio::awaitable<void> HttpServer::report_accept_error(const beast::error_code& ec) {
    accept_errors_.fetch_add(1, std::memory_order_relaxed);
    if (const auto held_back = accept_error_log_.admit(std::chrono::steady_clock::now())) {
        spdlog::warn("accept failed: {} ({} more since the last report, counted in http_server_accept_errors_total)",
                     ec.message(), *held_back);
    }
    asio::steady_timer pause(acceptor_.get_executor(), accept_error_backoff_ms);
    co_await pause.async_wait(as_result);
}

// On the acceptor's strand. A connection the table admits is served; one it refuses (the limit
// is reached and no connection is idle) is answered 503 and closed, unless
// connections_refusing_max are being refused already: then it is closed at once, because
// answering it would take a descriptor beyond the reserve.
void HttpServer::start_connection(tcp::socket socket) {
    beast::error_code ec;
    socket.set_option(tcp::no_delay(true), ec);
    socket.non_blocking(true, ec);  // for write_response's attempt to write at once
    auto executor = socket.get_executor();
    auto control = std::make_shared<ConnectionControl>();
    const auto admitted = connections_.admit([executor, control] {
        asio::post(executor, [control] {
            control->closed_for_limit = true;
            if (control->stream != nullptr) control->stream->cancel();  // ends its wait for a request
        });
    });
    if (admitted) {
        asio::co_spawn(executor, serve_connection(beast::tcp_stream(std::move(socket)), control, *admitted),
                       rethrow_programming_error);
        return;
    }
    if (const auto held_back = refusal_log_.admit(std::chrono::steady_clock::now())) {
        spdlog::warn("at the connection limit ({}) with every connection busy: new connections are refused "
                     "({} more since the last report, counted in http_server_connections_refused_for_limit_total)",
                     connections_.connections_max(), *held_back);
    }
    // Only this strand adds to connections_refusing_, so the check and the add cannot race.
    if (connections_refusing_.load() >= connections_refusing_max) return;  // the socket closes here
    connections_refusing_.fetch_add(1);
    asio::co_spawn(executor, refuse_connection(beast::tcp_stream(std::move(socket))), rethrow_programming_error);
}

asio::awaitable<void> HttpServer::refuse_connection(beast::tcp_stream stream) {
    // The request is not read: the answer does not depend on it, and the lingering close below
    // keeps it from turning the 503 into a reset.
    Response response = refused_for_limit_response();
    const beast::error_code ec = co_await write_response(stream, response, linger_timeout_ms);
    if (!ec) co_await close_lingering(stream);
    connections_refusing_.fetch_sub(1);
}

// The process edge for handlers: an exception that escapes one (a bug, or memory exhaustion) is
// logged and answered 500 for that request alone; it must not take the other clients down.
void HttpServer::handle_guarded(const HttpRequestView& view, Respond respond) {
    try {
        return handlers_.handle(view, respond);
    } catch (const std::exception& error) {
        spdlog::error("handler failed on {} {}: {}", view.method, view.target, error.what());
    }
    respond(problem_answer(500, "Internal error", "internal_error", "the request failed unexpectedly"));
}

// Waits for the first bytes of the next request. Until they arrive the connection is idle: a
// drain may close it, and so may a new connection that needs room under the limit. From then on
// the request counts as in flight and is answered.
// An idle connection is closed quietly at timeout_read_request, without a 408: no request was
// started, and a client that sends one just as the server writes an unsolicited 408 would take
// the 408 for its answer; a keep-alive client must expect an idle connection to be closed
// (RFC 9112 section 9.3.1) and retries on a new one.
asio::awaitable<bool> HttpServer::await_request_start(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                                      const ConnectionControl& control, ConnectionTable::Id id) {
    if (buffer.size() > 0) co_return true;  // a pipelined request is already here
    connections_.mark_idle(id);
    if (control.closed_for_limit) co_return false;
    stream.expires_after(options_.timeout_read_request);
    auto [ec, received] = co_await stream.async_read_some(buffer.prepare(request_first_read_bytes), as_result);
    buffer.commit(received);
    if (ec) co_return false;
    co_return connections_.mark_busy(id);  // false: closed for the limit just as the request came
}

// Reads the rest of a request whose first bytes are in the buffer: the head within
// timeout_ms_request_head of them, the body within timeout_read_request after the head.
asio::awaitable<HttpServer::RequestRead> HttpServer::read_request(beast::tcp_stream& stream,
                                                                 beast::flat_buffer& buffer,
                                                                 RequestParser& parser) {
    beast::error_code ec = parse_buffered(parser, buffer);
    if (ec == bhttp::error::need_more && !parser.is_header_done()) {
        ec = co_await read_request_head(stream, buffer, parser, options_.timeout_ms_request_head);
        if (ec == beast::error::timeout) co_return RequestRead{ec, true};
        if (!ec && !parser.is_done()) ec = parse_buffered(parser, buffer);
    }
    if (ec == bhttp::error::need_more) {
        stream.expires_after(options_.timeout_read_request);
        ec = std::get<0>(co_await bhttp::async_read(stream, buffer, parser, as_result));
    }
    co_return RequestRead{ec, false};
}

// Answers a request read whole; true when the connection stays open for the next one.
asio::awaitable<bool> HttpServer::answer_request(beast::tcp_stream& stream, const Request& request) {
    HttpAnswer answer = co_await answer_for(request);
    const bool keep_alive = request.keep_alive() && !draining_.load();
    Response response = to_response(std::move(answer), keep_alive, request.version());
    const beast::error_code ec = request.method() == bhttp::verb::head
                                     ? co_await write_header_only(stream, response, options_.timeout_write_response)
                                     : co_await write_response(stream, response, options_.timeout_write_response);
    co_return !ec && keep_alive;
}

// Owns the connection: it is in connections_ from its admission to the end of this coroutine.
asio::awaitable<void> HttpServer::serve_connection(beast::tcp_stream stream, std::shared_ptr<ConnectionControl> control,
                                                   ConnectionTable::Id id) {
    control->stream = &stream;
    beast::flat_buffer buffer;
    bool close_lingering_after = false;  // an error answer was written: input may be unread
    for (;;) {
        if (!co_await await_request_start(stream, buffer, *control, id)) break;
        InFlight counted(requests_in_flight_);
        RequestParser parser;
        parser.header_limit(static_cast<std::uint32_t>(options_.header_bytes_max));
        parser.body_limit(options_.body_bytes_max);
        const RequestRead read = co_await read_request(stream, buffer, parser);
        if (read.head_timed_out) request_head_timeouts_.fetch_add(1, std::memory_order_relaxed);
        if (read.ec && (read.head_timed_out || !is_quiet_end(read.ec))) {
            Response answer = read.head_timed_out ? request_timeout_response() : unreadable_request_response(read.ec);
            close_lingering_after = !co_await write_response(stream, answer, options_.timeout_write_response);
            break;
        }
        if (read.ec) break;
        const Request request = parser.release();
        if (!co_await answer_request(stream, request)) break;
    }
    if (close_lingering_after) {
        co_await close_lingering(stream);  // so that the client reads the error answer, not a reset
    } else {
        beast::error_code ignored;  // the peer may already be gone; nothing is left to tell it
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
    control->stream = nullptr;
    connections_.remove(id);
}

// Hands the request to the handlers and suspends the connection until they respond, from
// whichever thread; the answer is posted back to the connection's strand. Until then the
// pending answer counts as outstanding work, so io_context::run does not return under it.
asio::awaitable<HttpAnswer> HttpServer::answer_for(const Request& request) {
    HttpRequestView view{request.method_string(), request.target(), request[bhttp::field::content_type],
                         request.body(), std::nullopt};
    if (const auto key = request.find("Idempotency-Key"); key != request.end()) view.idempotency_key = key->value();
    view.traceparent = request["traceparent"];
    view.tracestate = request["tracestate"];
    view.request_id = request["X-Request-ID"];
    view.authorization = request[bhttp::field::authorization];
    view.authorization_repeated = request.count(bhttp::field::authorization) > 1;
    co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(HttpAnswer)>(
        [this, &view](auto handler) {
            using Handler = decltype(handler);
            auto shared = std::make_shared<Handler>(std::move(handler));
            auto executor = asio::prefer(asio::get_associated_executor(*shared),
                                         asio::execution::outstanding_work.tracked);
            handle_guarded(view, [shared, executor](HttpAnswer answer) {
                asio::post(executor, [shared, answer = std::move(answer)]() mutable {
                    (*shared)(std::move(answer));
                });
            });
        },
        asio::use_awaitable);
}

}  // namespace transfers::http
