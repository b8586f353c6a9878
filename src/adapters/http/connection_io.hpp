// Connection I/O: the reads and writes a connection is made of (parse what is buffered, read a
// request head within its deadline, write an answer, close without losing the answer), each on
// one Beast stream and free of the server's state.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>

namespace transfers::http {

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
boost::asio::awaitable<boost::beast::error_code> read_request_head(boost::beast::tcp_stream& stream,
                                                                   boost::beast::flat_buffer& buffer,
                                                                   RequestParser& parser,
                                                                   std::chrono::milliseconds timeout);

// Writes the response, at once when the socket takes it whole, the rest asynchronously within
// `timeout`. The socket must be non-blocking.
boost::asio::awaitable<boost::beast::error_code> write_response(boost::beast::tcp_stream& stream,
                                                                Response& response,
                                                                std::chrono::steady_clock::duration timeout);

// A HEAD answer: the GET answer's status and headers (Content-Length included), no body.
boost::asio::awaitable<boost::beast::error_code> write_header_only(boost::beast::tcp_stream& stream,
                                                                   Response& response,
                                                                   std::chrono::steady_clock::duration timeout);

// Ends a connection whose last answer is written but whose input may hold unread bytes: stops
// sending (FIN), reads and discards within linger_timeout_ms and linger_bytes_max, then closes.
boost::asio::awaitable<void> close_lingering(boost::beast::tcp_stream& stream);

}  // namespace transfers::http
