#include "adapters/http/connection_io.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <memory>
#include <openssl/bio.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <vector>

namespace transfers::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto as_result = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t linger_read_bytes = 16 * 1024;
constexpr std::string_view continue_answer = "HTTP/1.1 100 Continue\r\n\r\n";
// Sending close_notify goes out at once unless the client reads nothing at all.
constexpr std::chrono::milliseconds timeout_ms_close_notify{1000};

// Shared by the head read and its deadline timer; both run on the connection's strand.
struct HeadDeadline {
    bool armed = true;  // the head read is still pending: the stream is alive
    bool expired = false;
};

// close_notify alone: marking the client's as received already makes SSL_shutdown complete
// once ours is written, instead of waiting for the client's (which most clients never send
// before they read again). Best effort, like the FIN after it.
asio::awaitable<void> send_close_notify(TlsStream& stream) {
    if (!stream.next_layer().socket().is_open()) co_return;  // closed by a timeout: nothing to say
    SSL_set_shutdown(stream.native_handle(), SSL_RECEIVED_SHUTDOWN);
    stream.next_layer().expires_after(timeout_ms_close_notify);
    co_await stream.async_shutdown(as_result);
}

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

template <class Stream>
asio::awaitable<beast::error_code> read_request_head(Stream& stream, beast::flat_buffer& buffer,
                                                     RequestParser& parser, std::chrono::milliseconds timeout) {
    // Our own timer rather than the stream's: at its deadline the stream closes the socket,
    // and the 408 could not be sent. The timer's handler may run after the read completed (its
    // cancel raced the expiry), so it touches the stream only while the read is pending.
    PlainStream& tcp = tcp_layer(stream);
    tcp.expires_never();
    auto deadline = std::make_shared<HeadDeadline>();
    asio::steady_timer timer(stream.get_executor(), timeout);
    timer.async_wait([deadline, &tcp](const beast::error_code& ec) {
        if (ec || !deadline->armed) return;
        deadline->expired = true;
        tcp.socket().cancel();
    });
    auto [ec, read] = co_await bhttp::async_read_header(stream, buffer, parser, as_result);
    deadline->armed = false;
    timer.cancel();
    if (deadline->expired) co_return beast::error::timeout;
    co_return ec;
}

template asio::awaitable<beast::error_code> read_request_head(PlainStream&, beast::flat_buffer&, RequestParser&,
                                                              std::chrono::milliseconds);
template asio::awaitable<beast::error_code> read_request_head(TlsStream&, beast::flat_buffer&, RequestParser&,
                                                              std::chrono::milliseconds);

asio::awaitable<beast::error_code> write_response(PlainStream& stream, Response& response,
                                                  std::chrono::steady_clock::duration timeout) {
    bhttp::response_serializer<bhttp::string_body> serializer(response);
    beast::error_code ec;
    bhttp::write(stream.socket(), serializer, ec);  // the socket is non-blocking: never waits
    if (ec != asio::error::would_block && ec != asio::error::try_again) co_return ec;
    stream.expires_after(timeout);
    auto [async_ec, written] = co_await bhttp::async_write(stream, serializer, as_result);
    co_return async_ec;
}

asio::awaitable<beast::error_code> write_response(TlsStream& stream, Response& response,
                                                  std::chrono::steady_clock::duration timeout) {
    bhttp::response_serializer<bhttp::string_body> serializer(response);
    stream.next_layer().expires_after(timeout);
    auto [ec, written] = co_await bhttp::async_write(stream, serializer, as_result);
    co_return ec;
}

template <class Stream>
asio::awaitable<beast::error_code> write_header_only(Stream& stream, Response& response,
                                                     std::chrono::steady_clock::duration timeout) {
    bhttp::response_serializer<bhttp::string_body> serializer(response);
    tcp_layer(stream).expires_after(timeout);
    auto [ec, written] = co_await bhttp::async_write_header(stream, serializer, as_result);
    co_return ec;
}

template asio::awaitable<beast::error_code> write_header_only(PlainStream&, Response&,
                                                              std::chrono::steady_clock::duration);
template asio::awaitable<beast::error_code> write_header_only(TlsStream&, Response&,
                                                              std::chrono::steady_clock::duration);

template <class Stream>
asio::awaitable<beast::error_code> write_continue(Stream& stream, std::chrono::steady_clock::duration timeout) {
    tcp_layer(stream).expires_after(timeout);
    auto [ec, written] = co_await asio::async_write(stream, asio::buffer(continue_answer), as_result);
    co_return ec;
}

template asio::awaitable<beast::error_code> write_continue(PlainStream&, std::chrono::steady_clock::duration);
template asio::awaitable<beast::error_code> write_continue(TlsStream&, std::chrono::steady_clock::duration);

asio::awaitable<beast::error_code> handshake(TlsStream& stream, std::chrono::milliseconds timeout) {
    stream.next_layer().expires_after(timeout);
    auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, as_result);
    co_return ec;
}

std::string client_certificate_subject(TlsStream& stream) {
    SSL* ssl = stream.native_handle();
    X509* certificate = SSL_get0_peer_certificate(ssl);  // not owned: lives as long as the session
    if (certificate == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) return {};
    std::unique_ptr<BIO, decltype(&BIO_free)> text(BIO_new(BIO_s_mem()), &BIO_free);
    if (!text) throw std::bad_alloc();
    if (X509_NAME_print_ex(text.get(), X509_get_subject_name(certificate), 0, XN_FLAG_RFC2253) < 0) return {};
    char* data = nullptr;
    const long size = BIO_get_mem_data(text.get(), &data);
    return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

asio::awaitable<void> close_sending(PlainStream& stream) {
    beast::error_code ignored;  // the peer may already be gone; nothing is left to tell it
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    co_return;
}

asio::awaitable<void> close_sending(TlsStream& stream) {
    co_await send_close_notify(stream);
    co_await close_sending(stream.next_layer());
}

asio::awaitable<void> close_lingering(TlsStream& stream) {
    co_await send_close_notify(stream);
    co_await close_lingering(stream.next_layer());
}

asio::awaitable<void> close_lingering(PlainStream& stream) {
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
