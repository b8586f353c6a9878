// HttpServer: the asynchronous HTTP/1.1 front door (Boost.Beast, one coroutine per connection),
// over plain TCP or TLS. Its lifecycle (bind, accept, signals, drain) is in http_server.cpp, the
// life of one connection (handshake, read, answer, close) in http_connection.cpp.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/http/connection_io.hpp"
#include "adapters/http/connection_table.hpp"
#include "adapters/http/http_exchange.hpp"
#include "adapters/http/server_options.hpp"
#include "adapters/http/tls_context.hpp"
#include "adapters/system/log_throttle.hpp"
#include "domain/result.hpp"

namespace transfers::http {

// What the server counts about its connections, for /metrics.
struct ConnectionCounts {
    std::size_t open = 0;
    std::size_t max = 0;
    std::uint64_t closed_idle_for_limit = 0;
    std::uint64_t refused_for_limit = 0;
    std::uint64_t accept_errors = 0;
    std::uint64_t request_head_timeouts = 0;
    std::uint64_t tls_handshake_failures = 0;
};

// Threads: connection coroutines run on io_, each connection on its own strand; the acceptor,
// accept_error_log_, refusal_log_ and the signal handling (SIGHUP's TLS reload included) share
// one strand; answers arrive from the use cases' threads and are posted back to their
// connection's strand. connections_ is shared by the acceptor and every connection and locks
// itself, and so does tls_ (see TlsContext); handshake_failure_log_ is written by every
// connection under its mutex; the other members read by every connection are atomic.
class HttpServer {
public:
    // With `tls` (not null, outliving the server) every connection is HTTPS; without, plain HTTP.
    HttpServer(ServerOptions options, RequestHandler& handlers, TlsContext* tls = nullptr);

    // Opens the listening socket; the error says why the address cannot be used.
    Result<void, std::string> bind();
    // Serves until SIGTERM or SIGINT, then drains the requests in flight and returns. With TLS,
    // SIGHUP reloads the certificate, key and client CA for new connections. When the
    // drain times out, `at_drain_timeout` runs (on an I/O thread; it must not block) so that
    // requests which can be answered at once are, and their answers get a short time to go out.
    void run(std::function<void()> at_drain_timeout = {});
    // The port actually bound (useful with port 0).
    std::uint16_t port() const;
    // Safe from any thread.
    ConnectionCounts connection_counts() const;

private:
    struct ConnectionControl;
    // A request's read: the parser's error, whether the head missed its deadline (408), and
    // the answer to a head that breaks a rule (request_head_rules.hpp).
    struct RequestRead {
        boost::beast::error_code ec;
        bool head_timed_out = false;
        std::optional<HttpAnswer> refused;
    };
    using Request = boost::beast::http::request<boost::beast::http::string_body>;

    boost::asio::awaitable<void> accept_loop();
    boost::asio::awaitable<void> report_accept_error(const boost::beast::error_code& ec);
    void wait_for_reload(boost::asio::signal_set& signal);
    // Coroutines end normally or by an exception that no code path expects: that is a bug, and
    // it is not hidden; it leaves io_context::run and ends the process with its message.
    static void rethrow_programming_error(std::exception_ptr error);
    // The connection templates below are instantiated for PlainStream and TlsStream only.
    void start_connection(boost::asio::ip::tcp::socket socket);
    boost::asio::awaitable<bool> establish_tls(TlsStream& stream, const ConnectionControl& control,
                                               std::string& client_subject);
    template <class Stream>
    boost::asio::awaitable<void> serve_connection(Stream stream, std::shared_ptr<ConnectionControl> control,
                                                  ConnectionTable::Id id);
    template <class Stream>
    boost::asio::awaitable<void> refuse_connection(Stream stream, std::shared_ptr<ConnectionControl> control);
    template <class Stream>
    boost::asio::awaitable<bool> await_request_start(Stream& stream, boost::beast::flat_buffer& buffer,
                                                     const ConnectionControl& control, ConnectionTable::Id id);
    template <class Stream>
    boost::asio::awaitable<RequestRead> read_request(Stream& stream, boost::beast::flat_buffer& buffer,
                                                     RequestParser& parser);
    template <class Stream>
    boost::asio::awaitable<bool> answer_request(Stream& stream, const Request& request,
                                                std::string_view client_subject);
    boost::asio::awaitable<HttpAnswer> answer_for(const Request& request, std::string_view client_subject);
    boost::asio::awaitable<void> drain_then_stop();
    void on_signal();
    void handle_guarded(const HttpRequestView& view, Respond respond);

    ServerOptions options_;
    RequestHandler& handlers_;
    TlsContext* const tls_;
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    ConnectionTable connections_;
    LogThrottle accept_error_log_;
    LogThrottle refusal_log_;
    std::atomic<int> requests_in_flight_{0};
    std::atomic<bool> draining_{false};
    std::atomic<std::size_t> connections_refusing_{0};  // bounded by connections_refusing_max
    std::atomic<std::uint64_t> accept_errors_{0};
    std::atomic<std::uint64_t> request_head_timeouts_{0};
    std::atomic<std::uint64_t> tls_handshake_failures_{0};
    std::mutex handshake_failure_log_mutex_;
    LogThrottle handshake_failure_log_;  // guarded by handshake_failure_log_mutex_
    std::function<void()> at_drain_timeout_;  // set before io_ runs, read by the drain only
};

}  // namespace transfers::http
