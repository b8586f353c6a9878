// Connection I/O: the reads and writes a connection is made of (handshake, parse what is
// buffered, read a request head within its deadline, write an answer, close without losing the
// answer), each on one Beast stream, plain TCP or TLS, and free of the server's state.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstddef>
#include <string>

namespace transfers::http {

// The two kinds of connection. The server's connection code is a template over them, so that
// plain HTTP pays nothing for TLS: no virtual call, no branch per read or write.
using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

// The TCP stream under a connection: its timeouts, its socket, its cancellation.
inline PlainStream& tcp_layer(PlainStream& stream) { return stream; }
inline PlainStream& tcp_layer(TlsStream& stream) { return stream.next_layer(); }

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

// The lingering close after an answer that ends a connection with input possibly unread (413,
// 408, 400, 431, a 503 for the limit): how long, and how many bytes, are read and discarded
// after the answer so that the kernel does not reset the connection (and drop the answer) while
// the client is still sending. Past either bound the connection is closed anyway.
inline constexpr std::chrono::milliseconds linger_timeout_ms{1000};
inline constexpr std::size_t linger_bytes_max = 4 * 1024 * 1024;

// Parses what the buffer already holds (usually the whole request, read by the first read)
// without another trip through the scheduler. Answers the parser's error: need_more when the
// request is not complete yet.
boost::beast::error_code parse_buffered(RequestParser& parser, boost::beast::flat_buffer& buffer);

// Reads until the request head (request line and headers) is complete. At `timeout` it answers
// beast::error::timeout with the socket still open, so the caller can still answer 408 (the
// stream's own timeout would close the socket).
template <class Stream>
boost::asio::awaitable<boost::beast::error_code> read_request_head(Stream& stream,
                                                                   boost::beast::flat_buffer& buffer,
                                                                   RequestParser& parser,
                                                                   std::chrono::milliseconds timeout);

// Writes the response within `timeout`. On plain TCP it is written at once when the socket
// takes it whole (the socket must be non-blocking), the rest asynchronously; on TLS always
// asynchronously (a synchronous TLS write on a non-blocking socket could stop mid-record).
boost::asio::awaitable<boost::beast::error_code> write_response(PlainStream& stream, Response& response,
                                                                std::chrono::steady_clock::duration timeout);
boost::asio::awaitable<boost::beast::error_code> write_response(TlsStream& stream, Response& response,
                                                                std::chrono::steady_clock::duration timeout);

// A HEAD answer: the GET answer's status and headers (Content-Length included), no body.
template <class Stream>
boost::asio::awaitable<boost::beast::error_code> write_header_only(Stream& stream, Response& response,
                                                                   std::chrono::steady_clock::duration timeout);

// The interim answer to `Expect: 100-continue`: the client may send the body now.
template <class Stream>
boost::asio::awaitable<boost::beast::error_code> write_continue(Stream& stream,
                                                                std::chrono::steady_clock::duration timeout);

// The TLS handshake as the server, within `timeout` (the socket is closed at the deadline).
boost::asio::awaitable<boost::beast::error_code> handshake(TlsStream& stream, std::chrono::milliseconds timeout);

// The verified client certificate's subject in RFC 2253 form (`CN=payroll,O=Acme`); empty
// when the client sent none. Call after a successful handshake.
std::string client_certificate_subject(TlsStream& stream);

// Ends a connection whose last answer is written and whose input is read: on TLS it sends
// close_notify (without waiting for the client's), then it stops sending (FIN).
boost::asio::awaitable<void> close_sending(PlainStream& stream);
boost::asio::awaitable<void> close_sending(TlsStream& stream);

// Ends a connection whose last answer is written but whose input may hold unread bytes: stops
// sending (close_notify on TLS, then FIN), reads and discards within linger_timeout_ms and
// linger_bytes_max, then closes. On TLS the discarded bytes are not decrypted.
boost::asio::awaitable<void> close_lingering(PlainStream& stream);
boost::asio::awaitable<void> close_lingering(TlsStream& stream);

}  // namespace transfers::http
