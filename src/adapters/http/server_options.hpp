// ServerOptions: where the HTTP server listens and the limits it enforces on every client.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace transfers::http {

// The PEM files HTTPS is served with. They are read at start and again on SIGHUP.
struct TlsFiles {
    std::string certificate_path;  // the server's certificate chain, leaf first
    std::string private_key_path;
    std::string client_ca_path;  // empty: no client certificate is asked for; else one signed by it is required
};

struct ServerOptions {
    std::string address = "0.0.0.0";
    std::uint16_t port = 9999;
    std::optional<TlsFiles> tls;  // absent: plain HTTP
    // I/O threads run the connection coroutines; they never block.
    int io_threads = 2;
    std::size_t body_bytes_max = 64 * 1024;
    std::size_t header_bytes_max = 16 * 1024;
    // Client connections open at once. Beyond it the connection idle the longest is closed, or,
    // with none idle, the newcomer is answered 503. The composition root sets it below the
    // open-files limit (see connection_limit.hpp); this default is for tests.
    std::size_t connections_max = 1024;
    // From the first byte of a request to the end of its head (request line and headers): a
    // client that is slower gets 408 and the connection is closed.
    std::chrono::milliseconds timeout_ms_request_head{10'000};
    // An idle keep-alive connection (no byte of a next request) is closed after this; so is a
    // request whose body has not arrived whole this long after its head.
    std::chrono::seconds timeout_read_request{60};
    std::chrono::seconds timeout_write_response{30};
    // How long SIGTERM waits for requests in flight before stopping anyway.
    std::chrono::seconds timeout_drain{20};
};

}  // namespace transfers::http
