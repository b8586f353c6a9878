#include "integration/otlp_receiver.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace transfers::testing {
namespace {

namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

tcp::endpoint loopback_any_port() { return tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0); }

}  // namespace

OtlpReceiver::OtlpReceiver() : acceptor_(io_, loopback_any_port()), port_(acceptor_.local_endpoint().port()) {
    thread_ = std::thread([this] { serve(); });
}

// The accepting thread blocks in accept(): a connection of our own wakes it to see stopping_.
OtlpReceiver::~OtlpReceiver() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    boost::system::error_code ignored;
    tcp::socket waker(io_);
    waker.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_), ignored);
    thread_.join();
}

std::vector<ReceivedRequest> OtlpReceiver::received() const {
    std::lock_guard lock(mutex_);
    return received_;
}

void OtlpReceiver::serve() {
    for (;;) {
        boost::system::error_code ec;
        tcp::socket socket(io_);
        acceptor_.accept(socket, ec);
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
        }
        if (!ec) serve_connection(socket);
    }
}

void OtlpReceiver::serve_connection(tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    for (;;) {
        boost::system::error_code ec;
        http::request<http::string_body> request;
        http::read(socket, buffer, request, ec);
        if (ec) return;
        {
            std::lock_guard lock(mutex_);
            received_.push_back(ReceivedRequest{std::string(request.method_string()), std::string(request.target()),
                                                std::string(request[http::field::content_type]), request.body()});
        }
        http::response<http::string_body> response{http::status::ok, request.version()};
        response.set(http::field::content_type, "application/json");
        response.body() = "{}";
        response.keep_alive(request.keep_alive());
        response.prepare_payload();
        http::write(socket, response, ec);
        if (ec || !request.keep_alive()) return;
    }
}

std::uint16_t closed_port() {
    boost::asio::io_context io;
    tcp::acceptor acceptor(io, loopback_any_port());
    return acceptor.local_endpoint().port();
}

}  // namespace transfers::testing
