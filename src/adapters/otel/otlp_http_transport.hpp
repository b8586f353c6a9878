// OtlpHttpTransport: POST {endpoint}/v1/traces over plain HTTP/1.1 (Boost.Beast), each step
// under a timeout, one short connection per export.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstddef>
#include <string>

#include "adapters/otel/otlp_endpoint.hpp"
#include "adapters/otel/otlp_transport.hpp"

namespace transfers::otel {

struct HttpTransportTimeouts {
    // A collector that is down or slow costs the exporter thread at most these, and never a
    // request: while it waits, new spans queue up to the exporter's bound, then drop.
    std::chrono::milliseconds connect{2000};
    std::chrono::milliseconds exchange{2000};  // writing the request and reading the answer
};

// Owned and used by the exporter's thread only (io_ runs there, one operation at a time).
// A connection per export keeps no state to go stale between batches half a second apart.
// Name resolution is a blocking getaddrinfo without a timeout of ours; use an IP address, or
// a name the local resolver answers quickly, for a predictable shutdown.
class OtlpHttpTransport final : public OtlpTransport {
public:
    // The collector's answer is only read for its status; more than this is not needed.
    static constexpr std::size_t response_bytes_max = 64 * 1024;

    OtlpHttpTransport(OtlpEndpoint endpoint, HttpTransportTimeouts timeouts);

    Result<void, std::string> post(const std::string& body_json) override;

private:
    void run_until_done();

    const OtlpEndpoint endpoint_;
    const HttpTransportTimeouts timeouts_;
    const std::string host_field_;
    const std::string target_;
    boost::asio::io_context io_;
};

}  // namespace transfers::otel
