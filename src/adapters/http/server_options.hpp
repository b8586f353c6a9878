// ServerOptions: where the HTTP server listens and the limits it enforces on every client.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace transfers::http {

struct ServerOptions {
    std::string address = "0.0.0.0";
    std::uint16_t port = 9999;
    // I/O threads run the connection coroutines; they never block.
    int io_threads = 2;
    std::size_t body_bytes_max = 64 * 1024;
    std::size_t header_bytes_max = 16 * 1024;
    // From the first byte of a request (or the end of the previous one) to its last byte: an
    // idle keep-alive connection or a slow client is closed after this.
    std::chrono::seconds timeout_read_request{60};
    std::chrono::seconds timeout_write_response{30};
    // How long SIGTERM waits for requests in flight before stopping anyway.
    std::chrono::seconds timeout_drain{20};
};

}  // namespace transfers::http
