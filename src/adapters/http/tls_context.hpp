// TlsContext: the server's TLS settings and key material (an OpenSSL context), loaded from PEM
// files at start and replaced by a reload without touching the connections already open.
#pragma once

#include <atomic>
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <mutex>
#include <string>

#include "adapters/http/server_options.hpp"
#include "domain/result.hpp"

namespace transfers::http {

// Threads: current() is called by the acceptor's strand for every new connection; reload() by
// whichever thread handles SIGHUP (also the acceptor's strand). current_ is an atomic
// shared_ptr, so a reload swaps the context in one step; a connection keeps the context it
// started with alive (it holds its shared_ptr) until it closes, and so keeps going unchanged.
// reload_mutex_ serializes reloads, which also makes each reload read files_ alone.
class TlsContext {
public:
    using Context = boost::asio::ssl::context;

    // Reads the certificate chain, the key (which must match it) and the client CA, if any.
    // The error names the file and says what is wrong with it.
    static Result<std::unique_ptr<TlsContext>, std::string> load(const TlsFiles& files);

    // The context new connections handshake with. Never null.
    std::shared_ptr<Context> current() const { return current_.load(std::memory_order_acquire); }

    // Reads the files again. On success new connections use the new material; on failure the
    // current material stays in use and the error says why.
    Result<void, std::string> reload();

    bool requires_client_certificate() const { return !files_.client_ca_path.empty(); }

    TlsContext(TlsFiles files, std::shared_ptr<Context> context);

private:
    const TlsFiles files_;
    std::mutex reload_mutex_;
    std::atomic<std::shared_ptr<Context>> current_;
};

}  // namespace transfers::http
