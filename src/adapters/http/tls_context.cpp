#include "adapters/http/tls_context.hpp"

#include <openssl/ssl.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <utility>

namespace transfers::http {
namespace ssl = boost::asio::ssl;

namespace {

// TLS 1.2 suites with forward secrecy and authenticated encryption only (Mozilla's
// "intermediate" list without the DHE suites, which would need parameters of our own).
constexpr const char* ciphers_tls12 =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
// Every TLS 1.3 suite OpenSSL enables by default, stated so that a change of default shows here.
constexpr const char* ciphersuites_tls13 = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";
// Sessions resumed with a client certificate are bound to this context (OpenSSL refuses to
// resume them without one).
constexpr unsigned char session_id_context[] = "transfers";

// OpenSSL's own message for a file it cannot read ("system lib") does not say why: say it first.
Result<void, std::string> check_readable(const std::string& path, const char* what) {
    std::ifstream file(path);
    if (!file) return fail(std::string("cannot read the ") + what + " " + path + ": " + std::strerror(errno));
    return {};
}

Result<void, std::string> ssl_call(bool ok, const std::string& what) {
    if (ok) return {};
    return fail(what);
}

// Versions, suites, no compression, no renegotiation: the settings that do not come from files.
Result<void, std::string> apply_protocol_settings(ssl::context& context) {
    SSL_CTX* native = context.native_handle();
    auto ok = ssl_call(SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) == 1, "cannot require TLS 1.2 or later");
    if (ok) ok = ssl_call(SSL_CTX_set_max_proto_version(native, TLS1_3_VERSION) == 1, "cannot cap TLS at 1.3");
    if (ok) ok = ssl_call(SSL_CTX_set_cipher_list(native, ciphers_tls12) == 1, "cannot set the TLS 1.2 ciphers");
    if (ok) ok = ssl_call(SSL_CTX_set_ciphersuites(native, ciphersuites_tls13) == 1, "cannot set the TLS 1.3 suites");
    if (!ok) return ok;
    // No compression (CRIME), no renegotiation (a client could make the server pay for
    // handshakes inside one connection); tickets and the session cache are OpenSSL's defaults.
    SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    // An idle keep-alive connection holds no read or write buffer: thousands of them stay cheap.
    SSL_CTX_set_mode(native, SSL_MODE_RELEASE_BUFFERS);
    return {};
}

Result<void, std::string> load_key_pair(ssl::context& context, const TlsFiles& files) {
    if (auto readable = check_readable(files.certificate_path, "certificate"); !readable) return readable;
    if (auto readable = check_readable(files.private_key_path, "private key"); !readable) return readable;
    // An encrypted key would make OpenSSL prompt on the terminal; it fails instead.
    context.set_password_callback([](std::size_t, ssl::context::password_purpose) { return std::string(); });
    boost::system::error_code ec;
    if (context.use_certificate_chain_file(files.certificate_path, ec); ec) {
        return fail("invalid certificate " + files.certificate_path + ": " + ec.message());
    }
    if (context.use_private_key_file(files.private_key_path, ssl::context::pem, ec); ec) {
        return fail("invalid private key " + files.private_key_path + " (or it does not match the certificate): " +
                    ec.message());
    }
    if (SSL_CTX_check_private_key(context.native_handle()) != 1) {
        return fail("the private key " + files.private_key_path + " does not match the certificate " +
                    files.certificate_path);
    }
    return {};
}

// Requires a client certificate signed by the CA in `path`, and names that CA to clients.
Result<void, std::string> require_client_certificates(ssl::context& context, const std::string& path) {
    if (auto readable = check_readable(path, "client CA"); !readable) return readable;
    boost::system::error_code ec;
    if (context.load_verify_file(path, ec); ec) return fail("invalid client CA " + path + ": " + ec.message());
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(path.c_str());
    if (names == nullptr) return fail("no CA certificate in the client CA file " + path);
    SSL_CTX_set_client_CA_list(context.native_handle(), names);  // takes ownership of `names`
    context.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert, ec);
    if (ec) return fail("cannot require client certificates: " + ec.message());
    if (SSL_CTX_set_session_id_context(context.native_handle(), session_id_context, sizeof session_id_context - 1) != 1) {
        return fail("cannot set the TLS session id context");
    }
    return {};
}

Result<std::shared_ptr<ssl::context>, std::string> build(const TlsFiles& files) {
    auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
    if (auto applied = apply_protocol_settings(*context); !applied) return fail(applied.error());
    if (auto loaded = load_key_pair(*context, files); !loaded) return fail(loaded.error());
    if (!files.client_ca_path.empty()) {
        if (auto required = require_client_certificates(*context, files.client_ca_path); !required) {
            return fail(required.error());
        }
    }
    return context;
}

}  // namespace

TlsContext::TlsContext(TlsFiles files, std::shared_ptr<Context> context)
    : files_(std::move(files)), current_(std::move(context)) {}

Result<std::unique_ptr<TlsContext>, std::string> TlsContext::load(const TlsFiles& files) {
    auto context = build(files);
    if (!context) return fail(context.error());
    return std::make_unique<TlsContext>(files, std::move(*context));
}

Result<void, std::string> TlsContext::reload() {
    const std::lock_guard lock(reload_mutex_);
    auto context = build(files_);
    if (!context) return fail(context.error());
    current_.store(std::move(*context), std::memory_order_release);
    return {};
}

}  // namespace transfers::http
