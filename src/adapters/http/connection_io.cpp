#include "adapters/http/connection_io.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <memory>
#include <vector>

namespace transfers::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto as_result = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t linger_read_bytes = 16 * 1024;

// Shared by the head read and its deadline timer; both run on the connection's strand.
struct HeadDeadline {
    bool armed = true;  // the head read is still pending: the stream is alive
    bool expired = false;
};

}  // namespace

beast::error_code parse_buffered(RequestParser& parser, beast::flat_buffer& buffer) {
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

asio::awaitable<beast::error_code> read_request_head(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                                     RequestParser& parser, std::chrono::milliseconds timeout) {
    // Our own timer rather than the stream's: at its deadline the stream closes the socket,
    // and the 408 could not be sent. The timer's handler may run after the read completed (its
    // cancel raced the expiry), so it touches the stream only while the read is pending.
    stream.expires_never();
    auto deadline = std::make_shared<HeadDeadline>();
    asio::steady_timer timer(stream.get_executor(), timeout);
    timer.async_wait([deadline, &stream](const beast::error_code& ec) {
        if (ec || !deadline->armed) return;
        deadline->expired = true;
        stream.socket().cancel();
    });
    auto [ec, read] = co_await bhttp::async_read_header(stream, buffer, parser, as_result);
    deadline->armed = false;
    timer.cancel();
    if (deadline->expired) co_return beast::error::timeout;
    co_return ec;
}

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

asio::awaitable<beast::error_code> write_header_only(beast::tcp_stream& stream, Response& response,
                                                     std::chrono::steady_clock::duration timeout) {
    bhttp::response_serializer<bhttp::string_body> serializer(response);
    stream.expires_after(timeout);
    auto [ec, written] = co_await bhttp::async_write_header(stream, serializer, as_result);
    co_return ec;
}

asio::awaitable<void> close_lingering(beast::tcp_stream& stream) {
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    // At linger_timeout_ms the stream closes the socket itself, which ends the loop below.
    stream.expires_after(linger_timeout_ms);
    std::vector<char> discarded(linger_read_bytes);
    std::size_t drained_bytes = 0;
    while (!ec && drained_bytes < linger_bytes_max) {
        auto [read_ec, read] = co_await stream.async_read_some(asio::buffer(discarded), as_result);
        ec = read_ec;
        drained_bytes += read;
    }
    stream.socket().close(ec);  // best effort: the peer may be gone, nothing is left to tell it
}

}  // namespace transfers::http
