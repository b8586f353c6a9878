// OtlpReceiver: a tiny OTLP/HTTP collector for tests: records each POST and answers 200.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace transfers::testing {

struct ReceivedRequest {
    std::string method;
    std::string target;
    std::string content_type;
    std::string body;
};

// Listens on 127.0.0.1 on a free port. serve_ runs on thread_, one connection at a time
// (synchronous Beast); mutex_ guards received_ and stopping_. The destructor stops it.
class OtlpReceiver {
public:
    OtlpReceiver();
    ~OtlpReceiver();
    OtlpReceiver(const OtlpReceiver&) = delete;
    OtlpReceiver& operator=(const OtlpReceiver&) = delete;

    std::uint16_t port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::vector<ReceivedRequest> received() const;

private:
    void serve();
    void serve_connection(boost::asio::ip::tcp::socket& socket);

    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::uint16_t port_;
    mutable std::mutex mutex_;
    std::vector<ReceivedRequest> received_;
    bool stopping_ = false;
    std::thread thread_;
};

// A loopback port with nothing listening on it (bound, then closed), for a collector that is down.
std::uint16_t closed_port();

}  // namespace transfers::testing
