#include "adapters/otel/otlp_http_transport.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <utility>

namespace transfers::otel {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

// How much of a refusing collector's answer goes into the error: enough to see why.
constexpr std::size_t error_body_chars_max = 200;

std::string host_field_of(const OtlpEndpoint& endpoint) {
    const bool ipv6 = endpoint.host.find(':') != std::string::npos;
    const std::string host = ipv6 ? "[" + endpoint.host + "]" : endpoint.host;
    return host + ":" + std::to_string(endpoint.port);
}

}  // namespace

OtlpHttpTransport::OtlpHttpTransport(OtlpEndpoint endpoint, HttpTransportTimeouts timeouts)
    : endpoint_(std::move(endpoint)),
      timeouts_(timeouts),
      host_field_(host_field_of(endpoint_)),
      target_(endpoint_.traces_target()) {}

// Beast's stream timeouts apply to asynchronous operations only, so each step is started
// asynchronously and the io_context is run until it completes or its timer fires.
void OtlpHttpTransport::run_until_done() {
    io_.restart();
    io_.run();
}

Result<void, std::string> OtlpHttpTransport::post(const std::string& body_json) {
    const std::string where = "OTLP export to http://" + host_field_ + target_;
    beast::error_code ec;
    tcp::resolver resolver(io_);
    const auto addresses = resolver.resolve(endpoint_.host, std::to_string(endpoint_.port), ec);
    if (ec) return fail(where + ": resolve: " + ec.message());

    beast::tcp_stream stream(io_);
    stream.expires_after(timeouts_.connect);
    stream.async_connect(addresses, [&ec](beast::error_code error, const tcp::endpoint&) { ec = error; });
    run_until_done();
    if (ec) return fail(where + ": connect: " + ec.message());

    http::request<http::string_body> request{http::verb::post, target_, 11};
    request.set(http::field::host, host_field_);
    request.set(http::field::content_type, "application/json");
    request.set(http::field::user_agent, "transfers-otlp-exporter");
    request.keep_alive(false);
    request.body() = body_json;
    request.prepare_payload();

    // One expiry covers writing and reading: the whole exchange is bounded, not each step.
    stream.expires_after(timeouts_.exchange);
    http::async_write(stream, request, [&ec](beast::error_code error, std::size_t) { ec = error; });
    run_until_done();
    if (ec) return fail(where + ": write: " + ec.message());

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(response_bytes_max);
    http::async_read(stream, buffer, parser, [&ec](beast::error_code error, std::size_t) { ec = error; });
    run_until_done();
    if (ec) return fail(where + ": read: " + ec.message());

    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    const auto& response = parser.get();
    if (response.result_int() / 100 != 2) {
        return fail(where + ": HTTP " + std::to_string(response.result_int()) + " " +
                    response.body().substr(0, error_body_chars_max));
    }
    return {};
}

}  // namespace transfers::otel
