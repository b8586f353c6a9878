// HttpServer: the asynchronous HTTP/1.1 front door (Boost.Beast, one coroutine per connection).
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <string>

#include "adapters/http/http_exchange.hpp"
#include "adapters/http/server_options.hpp"
#include "domain/result.hpp"

namespace transfers::http {

// Threads: connection coroutines run on io_, each connection on its own strand; the acceptor
// and the signal handling share one strand; answers arrive from the use cases' threads and are
// posted back to their connection's strand. draining_ and requests_in_flight_ are read by
// every connection and therefore atomic.
class HttpServer {
public:
    HttpServer(ServerOptions options, RequestHandler& handlers);

    // Opens the listening socket; the error says why the address cannot be used.
    Result<void, std::string> bind();
    // Serves until SIGTERM or SIGINT, then drains the requests in flight and returns. When the
    // drain times out, `at_drain_timeout` runs (on an I/O thread; it must not block) so that
    // requests which can be answered at once are, and their answers get a short time to go out.
    void run(std::function<void()> at_drain_timeout = {});
    // The port actually bound (useful with port 0).
    std::uint16_t port() const;

private:
    boost::asio::awaitable<void> accept_loop();
    boost::asio::awaitable<void> serve_connection(boost::beast::tcp_stream stream);
    boost::asio::awaitable<bool> await_request_start(boost::beast::tcp_stream& stream,
                                                     boost::beast::flat_buffer& buffer);
    boost::asio::awaitable<HttpAnswer> answer_for(
        const boost::beast::http::request<boost::beast::http::string_body>& request);
    boost::asio::awaitable<void> drain_then_stop();
    void on_signal();
    void handle_guarded(const HttpRequestView& view, Respond respond);

    ServerOptions options_;
    RequestHandler& handlers_;
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::atomic<int> requests_in_flight_{0};
    std::atomic<bool> draining_{false};
    std::function<void()> at_drain_timeout_;  // set before io_ runs, read by the drain only
};

}  // namespace transfers::http
