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

// Coroutines end normally or by an exception that no code path expects: that is a bug, and it
// is not hidden; it leaves io_context::run and ends the process with its message.
void rethrow_programming_error(std::exception_ptr error) {
    if (error) std::rethrow_exception(error);
}

// A HEAD answer is the GET answer's status and headers (Content-Length included), no body.
asio::awaitable<beast::error_code> write_header_only(beast::tcp_stream& stream, Response& response) {
    bhttp::response_serializer<bhttp::string_body> serializer(response);
    auto [ec, written] = co_await bhttp::async_write_header(stream, serializer, as_result);
    co_return ec;
}

// Parses what the buffer already holds (usually the whole request, read by the first read)
// without another trip through the scheduler; only a request that is not complete yet is read
// further asynchronously, by the caller. Answers the parser's error: need_more when incomplete.
beast::error_code parse_buffered(bhttp::request_parser<bhttp::string_body>& parser, beast::flat_buffer& buffer) {
    beast::error_code ec;
    parser.eager(true);  // headers and body in one pass
    while (buffer.size() > 0 && !parser.is_done()) {
        const std::size_t used = parser.put(buffer.data(), ec);
        buffer.consume(used);
        if (ec || used == 0) break;
    }
    if (!ec && !parser.is_done()) ec = bhttp::error::need_more;
    return ec;
}

// Writes the response straight away when the socket takes it whole, as it does for our small
// answers unless the client stopped reading; the rest, if any, is written asynchronously
// (with the write timeout) from where the serializer stopped.
asio::awaitable<beast::error_code> write_response(beast::tcp_stream& stream, Response& response,
                                                  std::chrono::steady_clock::duration timeout) {
    bhttp::response_serializer<bhttp::string_body> serializer(response);
    beast::error_code ec;
    bhttp::write(stream.socket(), serializer, ec);  // the socket is non-blocking: never waits
    if (ec != asio::error::would_block && ec != asio::error::try_again) co_return ec;
    stream.expires_after(timeout);
    auto [async_ec, written] = co_await bhttp::async_write(stream, serializer, as_result);
    co_return async_ec;
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

HttpServer::HttpServer(ServerOptions options, RequestHandler& handlers)
    : options_(std::move(options)),
      handlers_(handlers),
      io_(options_.io_threads),
      acceptor_(asio::make_strand(io_)) {}

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
            // Typically EMFILE under a connection flood: back off briefly instead of spinning.
            spdlog::warn("accept failed: {}", ec.message());
            asio::steady_timer pause(io_, std::chrono::milliseconds(50));
            co_await pause.async_wait(as_result);
            continue;
        }
        socket.set_option(tcp::no_delay(true), ec);
        socket.non_blocking(true, ec);  // for write_response's attempt to write at once
        auto executor = socket.get_executor();
        asio::co_spawn(executor, serve_connection(beast::tcp_stream(std::move(socket))),
                       rethrow_programming_error);
    }
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

// Waits for the first bytes of the next request. Until they arrive the connection is idle, and
// a drain may close it; from then on the request counts as in flight and is answered.
asio::awaitable<bool> HttpServer::await_request_start(beast::tcp_stream& stream, beast::flat_buffer& buffer) {
    if (buffer.size() > 0) co_return true;  // a pipelined request is already here
    stream.expires_after(options_.timeout_read_request);
    auto [ec, received] = co_await stream.async_read_some(buffer.prepare(request_first_read_bytes), as_result);
    buffer.commit(received);
    co_return !ec;
}

asio::awaitable<void> HttpServer::serve_connection(beast::tcp_stream stream) {
    beast::flat_buffer buffer;
    for (;;) {
        if (!co_await await_request_start(stream, buffer)) break;
        InFlight counted(requests_in_flight_);
        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(options_.header_bytes_max));
        parser.body_limit(options_.body_bytes_max);
        beast::error_code read_ec = parse_buffered(parser, buffer);
        if (read_ec == bhttp::error::need_more) {
            stream.expires_after(options_.timeout_read_request);
            read_ec = std::get<0>(co_await bhttp::async_read(stream, buffer, parser, as_result));
        }
        if (read_ec) {
            if (!is_quiet_end(read_ec)) {
                stream.expires_after(options_.timeout_write_response);
                co_await bhttp::async_write(stream, unreadable_request_response(read_ec), as_result);
            }
            break;
        }
        Request request = parser.release();
        HttpAnswer answer = co_await answer_for(request);
        const bool keep_alive = request.keep_alive() && !draining_.load();
        Response response = to_response(std::move(answer), keep_alive, request.version());
        beast::error_code write_ec;
        if (request.method() == bhttp::verb::head) {
            stream.expires_after(options_.timeout_write_response);
            write_ec = co_await write_header_only(stream, response);
        } else {
            write_ec = co_await write_response(stream, response, options_.timeout_write_response);
        }
        if (write_ec || !keep_alive) break;
    }
    beast::error_code ignored;  // the peer may already be gone; nothing is left to tell it
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
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
