#include "adapters/http/http_server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <type_traits>

#include "adapters/http/connection_limit.hpp"
#include "adapters/http/problem.hpp"
#include "adapters/http/request_head_rules.hpp"

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

// Counts a request from its first byte to the end of its answer, for the drain on SIGTERM.
struct InFlight {
    explicit InFlight(std::atomic<int>& count) : count_(count) { count_.fetch_add(1); }
    ~InFlight() { count_.fetch_sub(1); }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;
    std::atomic<int>& count_;
};

// Ends of a connection that need no answer: the client went away or was quiet too long, or
// its TLS session broke (a TLS client that closes without close_notify, or bytes that do not
// decrypt: nothing can be said to it any more).
bool is_quiet_end(const beast::error_code& ec) {
    return ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
           ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
           ec == asio::error::eof || ec.category() == asio::error::get_ssl_category() ||
           ec == asio::ssl::error::stream_truncated;
}

}  // namespace

// How a connection is closed for the limit from another strand. Owned by the connection's
// strand: both members are read and written only there (the close request is posted to it).
// The TLS material is set once before the connection's coroutine starts and only read after.
struct HttpServer::ConnectionControl {
    PlainStream* stream = nullptr;  // the TCP layer, set while serve_connection runs
    bool closed_for_limit = false;
    // The TLS context this connection was made with, kept alive while it lives: a reload on
    // SIGHUP replaces the server's, not this one.
    std::shared_ptr<TlsContext::Context> tls_context;
};

// On the acceptor's strand. A connection the table admits is served; one it refuses (the limit
// is reached and no connection is idle) is answered 503 and closed, unless
// connections_refusing_max are being refused already: then it is closed at once, because
// answering it would take a descriptor beyond the reserve. A TLS connection counts from its
// accept, handshake included, like any other.
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
    if (!admitted) {
        if (const auto held_back = refusal_log_.admit(std::chrono::steady_clock::now())) {
            spdlog::warn("at the connection limit ({}) with every connection busy: new connections are refused "
                         "({} more since the last report, counted in http_server_connections_refused_for_limit_total)",
                         connections_.connections_max(), *held_back);
        }
        // Only this strand adds to connections_refusing_, so the check and the add cannot race.
        if (connections_refusing_.load() >= connections_refusing_max) return;  // the socket closes here
        connections_refusing_.fetch_add(1);
    }
    const auto spawn = [&](auto stream) {
        if (admitted) {
            asio::co_spawn(executor, serve_connection(std::move(stream), control, *admitted), rethrow_programming_error);
        } else {
            asio::co_spawn(executor, refuse_connection(std::move(stream), control), rethrow_programming_error);
        }
    };
    if (tls_ == nullptr) {
        spawn(PlainStream(std::move(socket)));
        return;
    }
    control->tls_context = tls_->current();
    spawn(TlsStream(PlainStream(std::move(socket)), *control->tls_context));
}

template <class Stream>
asio::awaitable<void> HttpServer::refuse_connection(Stream stream, std::shared_ptr<ConnectionControl> control) {
    // The request is not read: the answer does not depend on it, and the lingering close below
    // keeps it from turning the 503 into a reset. A TLS client must complete its handshake first
    // to be able to read the answer at all.
    std::string client_subject;
    bool established = true;
    if constexpr (std::is_same_v<Stream, TlsStream>) {
        established = co_await establish_tls(stream, *control, client_subject);
    }
    if (established) {
        Response response = refused_for_limit_response();
        const beast::error_code ec = co_await write_response(stream, response, linger_timeout_ms);
        if (!ec) co_await close_lingering(stream);
    }
    connections_refusing_.fetch_sub(1);
}

// The handshake within the request-head deadline, and who the client is. A failure is counted
// and logged (throttled: a scanner or a misconfigured client repeats it), unless the connection
// was closed for the limit during the handshake.
asio::awaitable<bool> HttpServer::establish_tls(TlsStream& stream, const ConnectionControl& control,
                                                std::string& client_subject) {
    const beast::error_code ec = co_await handshake(stream, options_.timeout_ms_request_head);
    if (!ec) {
        client_subject = client_certificate_subject(stream);
        co_return true;
    }
    if (control.closed_for_limit) co_return false;
    tls_handshake_failures_.fetch_add(1, std::memory_order_relaxed);
    std::optional<std::uint64_t> held_back;
    {
        const std::lock_guard lock(handshake_failure_log_mutex_);
        held_back = handshake_failure_log_.admit(std::chrono::steady_clock::now());
    }
    if (held_back) {
        beast::error_code ignored;  // the peer may be gone already: its address is then unknown
        const auto peer = stream.next_layer().socket().remote_endpoint(ignored);
        spdlog::warn("TLS handshake failed with {}:{}: {} ({} more since the last report, counted in "
                     "http_server_tls_handshake_failures_total)",
                     peer.address().to_string(), peer.port(), ec.message(), *held_back);
    }
    co_return false;
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
template <class Stream>
asio::awaitable<bool> HttpServer::await_request_start(Stream& stream, beast::flat_buffer& buffer,
                                                      const ConnectionControl& control, ConnectionTable::Id id) {
    if (buffer.size() > 0) co_return true;  // a pipelined request is already here
    connections_.mark_idle(id);
    if (control.closed_for_limit) co_return false;
    tcp_layer(stream).expires_after(options_.timeout_read_request);
    auto [ec, received] = co_await stream.async_read_some(buffer.prepare(request_first_read_bytes), as_result);
    buffer.commit(received);
    if (ec) co_return false;
    co_return connections_.mark_busy(id);  // false: closed for the limit just as the request came
}

// Reads the rest of a request whose first bytes are in the buffer: the head within
// timeout_ms_request_head of them, then checks it (request_head_rules.hpp), then the body within
// timeout_read_request after the head. A client that waits for `100 Continue` gets it once the
// head is accepted, and only then: a refused head gets its final answer instead.
template <class Stream>
asio::awaitable<HttpServer::RequestRead> HttpServer::read_request(Stream& stream, beast::flat_buffer& buffer,
                                                                 RequestParser& parser) {
    beast::error_code ec = parse_buffered(parser, buffer);
    if (ec == bhttp::error::need_more && !parser.is_header_done()) {
        ec = co_await read_request_head(stream, buffer, parser, options_.timeout_ms_request_head);
        if (ec == beast::error::timeout) co_return RequestRead{ec, true, std::nullopt};
        if (!ec && !parser.is_done()) ec = parse_buffered(parser, buffer);
    }
    if (ec && ec != bhttp::error::need_more) co_return RequestRead{ec, false, std::nullopt};
    if (auto refused = refusal_for_head(parser.get())) co_return RequestRead{{}, false, std::move(refused)};
    if (ec == bhttp::error::need_more) {
        if (expects_continue(parser.get())) {
            if (ec = co_await write_continue(stream, options_.timeout_write_response); ec) {
                co_return RequestRead{ec, false, std::nullopt};
            }
        }
        tcp_layer(stream).expires_after(options_.timeout_read_request);
        ec = std::get<0>(co_await bhttp::async_read(stream, buffer, parser, as_result));
    }
    co_return RequestRead{ec, false, std::nullopt};
}

// Answers a request read whole; true when the connection stays open for the next one.
template <class Stream>
asio::awaitable<bool> HttpServer::answer_request(Stream& stream, const Request& request,
                                                 std::string_view client_subject) {
    HttpAnswer answer = co_await answer_for(request, client_subject);
    const bool keep_alive = request.keep_alive() && !draining_.load();
    Response response = to_response(std::move(answer), keep_alive, request.version());
    const beast::error_code ec = request.method() == bhttp::verb::head
                                     ? co_await write_header_only(stream, response, options_.timeout_write_response)
                                     : co_await write_response(stream, response, options_.timeout_write_response);
    co_return !ec && keep_alive;
}

// Owns the connection: it is in connections_ from its admission to the end of this coroutine.
template <class Stream>
asio::awaitable<void> HttpServer::serve_connection(Stream stream, std::shared_ptr<ConnectionControl> control,
                                                   ConnectionTable::Id id) {
    control->stream = &tcp_layer(stream);
    std::string client_subject;  // the verified client certificate's, for the whole connection
    bool established = true;
    if constexpr (std::is_same_v<Stream, TlsStream>) {
        established = co_await establish_tls(stream, *control, client_subject);
    }
    beast::flat_buffer buffer;
    bool close_lingering_after = false;  // an error answer was written: input may be unread
    while (established) {
        if (!co_await await_request_start(stream, buffer, *control, id)) break;
        InFlight counted(requests_in_flight_);
        RequestParser parser;
        parser.header_limit(static_cast<std::uint32_t>(options_.header_bytes_max));
        parser.body_limit(options_.body_bytes_max);
        RequestRead read = co_await read_request(stream, buffer, parser);
        if (read.head_timed_out) request_head_timeouts_.fetch_add(1, std::memory_order_relaxed);
        if (read.refused || (read.ec && (read.head_timed_out || !is_quiet_end(read.ec)))) {
            Response answer = read.refused          ? to_response(std::move(*read.refused), false, 11)
                              : read.head_timed_out ? request_timeout_response()
                                                    : unreadable_request_response(read.ec);
            close_lingering_after = !co_await write_response(stream, answer, options_.timeout_write_response);
            break;
        }
        if (read.ec) break;
        const Request request = parser.release();
        if (!co_await answer_request(stream, request, client_subject)) break;
    }
    if (close_lingering_after) {
        co_await close_lingering(stream);  // so that the client reads the error answer, not a reset
    } else if (established) {
        co_await close_sending(stream);
    }
    control->stream = nullptr;
    connections_.remove(id);
}

// Hands the request to the handlers and suspends the connection until they respond, from
// whichever thread; the answer is posted back to the connection's strand. Until then the
// pending answer counts as outstanding work, so io_context::run does not return under it.
// refusal_for_head has made sure that Idempotency-Key appears at most once.
asio::awaitable<HttpAnswer> HttpServer::answer_for(const Request& request, std::string_view client_subject) {
    HttpRequestView view{request.method_string(), request.target(), request[bhttp::field::content_type],
                         request.body(), std::nullopt};
    if (const auto key = request.find("Idempotency-Key"); key != request.end()) view.idempotency_key = key->value();
    view.traceparent = request["traceparent"];
    view.tracestate = request["tracestate"];
    view.request_id = request["X-Request-ID"];
    view.authorization = request[bhttp::field::authorization];
    view.authorization_repeated = request.count(bhttp::field::authorization) > 1;
    view.client_certificate_subject = client_subject;
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
