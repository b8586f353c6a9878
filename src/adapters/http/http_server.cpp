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
#include <csignal>
#include <thread>
#include <vector>

#include "adapters/system/thread_name.hpp"

namespace transfers::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {

constexpr auto as_result = asio::as_tuple(asio::use_awaitable);
// An accept error (typically EMFILE or ENFILE: out of descriptors) repeats as long as its cause
// lasts, and the pending connection keeps the acceptor ready: pause before the next attempt
// instead of spinning, and write the error to the log once per interval, not once per attempt.
constexpr std::chrono::milliseconds accept_error_backoff_ms{50};
// Refusals at the connection limit and failed TLS handshakes are reported at the same pace.
constexpr std::chrono::seconds accept_error_log_interval{10};
// After the drain timed out, how long answers produced at once (503s for work that will never
// run) get to reach their clients before the server stops; part of the shutdown bound.
constexpr std::chrono::milliseconds timeout_answers_after_drain{300};

}  // namespace

HttpServer::HttpServer(ServerOptions options, RequestHandler& handlers, TlsContext* tls)
    : options_(std::move(options)),
      handlers_(handlers),
      tls_(tls),
      io_(options_.io_threads),
      acceptor_(asio::make_strand(io_)),
      connections_(options_.connections_max),
      accept_error_log_(accept_error_log_interval),
      refusal_log_(accept_error_log_interval),
      handshake_failure_log_(accept_error_log_interval) {}

void HttpServer::rethrow_programming_error(std::exception_ptr error) {
    if (error) std::rethrow_exception(error);
}

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
            request_head_timeouts_.load(std::memory_order_relaxed),
            tls_handshake_failures_.load(std::memory_order_relaxed)};
}

void HttpServer::run(std::function<void()> at_drain_timeout) {
    at_drain_timeout_ = std::move(at_drain_timeout);
    asio::signal_set signals(io_, SIGTERM, SIGINT);
    signals.async_wait(asio::bind_executor(acceptor_.get_executor(), [this](const beast::error_code& ec, int) {
        if (!ec) on_signal();
    }));
    // Without TLS, SIGHUP keeps its default action, as before TLS existed.
    asio::signal_set reload_signal(io_);
    if (tls_ != nullptr) {
        reload_signal.add(SIGHUP);
        wait_for_reload(reload_signal);
    }
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

// On the acceptor's strand, so reloads never overlap; reading a few PEM files holds up accepting
// for a few milliseconds. Connections open now keep the material they started with.
void HttpServer::wait_for_reload(asio::signal_set& signal) {
    signal.async_wait(asio::bind_executor(acceptor_.get_executor(), [this, &signal](const beast::error_code& ec, int) {
        if (ec) return;  // the set is cancelled: the server is stopping
        if (auto reloaded = tls_->reload(); !reloaded) {
            spdlog::error("SIGHUP: TLS reload failed, new connections keep the previous certificate: {}",
                          reloaded.error());
        } else {
            spdlog::info("SIGHUP: TLS certificate, key and client CA reloaded; new connections use them");
        }
        wait_for_reload(signal);
    }));
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

}  // namespace transfers::http
