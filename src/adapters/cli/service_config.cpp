#include "adapters/cli/service_config.hpp"

#include "adapters/cli/access_options.hpp"
#include "adapters/cli/secret_file.hpp"

#include <CLI/CLI.hpp>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <string>
#include <map>

namespace transfers::cli {
namespace {

// Below 100 ms a healthy but busy database would time out; above 10 minutes nothing is bounded.
constexpr std::int64_t timeout_ms_db_min = 100;
constexpr std::int64_t timeout_ms_db_max = 600000;

// "ADDR:PORT", where ADDR may be a bracketed IPv6 address.
Result<void, std::string> split_listen(const std::string& listen, http::ServerOptions& server) {
    const auto colon = listen.rfind(':');
    const std::string wrong = "invalid --listen " + listen + ": expected ADDR:PORT";
    if (colon == std::string::npos || colon == 0) return fail(wrong);
    std::string address = listen.substr(0, colon);
    if (address.size() > 2 && address.front() == '[' && address.back() == ']') {
        address = address.substr(1, address.size() - 2);
    }
    const std::string port = listen.substr(colon + 1);
    std::uint16_t number = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (port.empty() || ec != std::errc{} || end != port.data() + port.size()) return fail(wrong);
    server.address = std::move(address);
    server.port = number;
    return {};
}

// Bounds of the flags below: wide enough for any real deployment, narrow enough to catch a typo.
constexpr std::size_t connections_max_limit = 10'000'000;
constexpr std::int64_t timeout_ms_request_head_min = 100;
constexpr std::int64_t timeout_ms_request_head_max = 600'000;

// Flags that bound what one client can hold: connections and the time to send a request head.
void add_client_limit_options(CLI::App& serve, std::int64_t& timeout_ms_request_head, ServiceConfig& config) {
    serve.add_option("--connections-max", config.connections_max_requested,
                     "client connections open at once; beyond it the longest idle is closed, or the new one "
                     "answered 503 (default and upper bound: the open-files limit minus a reserve)")
        ->envname("TRANSFERS_CONNECTIONS_MAX")
        ->check(CLI::Range(std::size_t{1}, connections_max_limit));
    serve.add_option("--request-head-timeout-ms", timeout_ms_request_head,
                     "time from a request's first byte to the end of its headers; a slower client gets 408")
        ->envname("TRANSFERS_REQUEST_HEAD_TIMEOUT_MS")
        ->check(CLI::Range(timeout_ms_request_head_min, timeout_ms_request_head_max))
        ->default_val(timeout_ms_request_head);
}

// The PEM files of HTTPS, as given; resolve_tls checks that they come together.
struct TlsFlags {
    std::string certificate_path;
    std::string private_key_path;
    std::string client_ca_path;
};

void add_tls_options(CLI::App& serve, TlsFlags& tls) {
    serve.add_option("--tls-cert", tls.certificate_path,
                     "PEM certificate chain: serve HTTPS instead of HTTP (with --tls-key; reloaded on SIGHUP)")
        ->envname("TRANSFERS_TLS_CERT");
    serve.add_option("--tls-key", tls.private_key_path, "PEM private key of --tls-cert (reloaded on SIGHUP)")
        ->envname("TRANSFERS_TLS_KEY");
    serve.add_option("--tls-client-ca", tls.client_ca_path,
                     "PEM CA certificates: require a client certificate signed by one of them (mutual TLS)")
        ->envname("TRANSFERS_TLS_CLIENT_CA");
}

// Certificate and key come together or not at all; a client CA needs them.
Result<void, std::string> resolve_tls(const TlsFlags& tls, http::ServerOptions& server) {
    const bool certificate = !tls.certificate_path.empty();
    const bool key = !tls.private_key_path.empty();
    if (certificate != key) return fail(std::string("--tls-cert and --tls-key go together: ") +
                                        (certificate ? "--tls-key" : "--tls-cert") + " is missing");
    if (!certificate) {
        if (!tls.client_ca_path.empty()) return fail("--tls-client-ca needs --tls-cert and --tls-key");
        return {};
    }
    server.tls = http::TlsFiles{tls.certificate_path, tls.private_key_path, tls.client_ca_path};
    return {};
}

// The password comes only with a mariadb:// URL (SQLite has none); it is read here, once, so that
// a missing or unreadable file stops the start like any other bad flag.
Result<std::optional<std::string>, std::string> read_database_password(const std::optional<std::string>& path,
                                                                       const std::string& database_url) {
    if (!path) return std::optional<std::string>{};
    if (database_url.rfind("mariadb://", 0) != 0) {
        return fail(std::string("--db-password-file needs a mariadb:// --db URL (SQLite has no password)"));
    }
    auto password = read_secret_file(*path);
    if (!password) return fail(password.error());
    return std::optional<std::string>{std::move(*password)};
}

void add_serve_options(CLI::App& serve, std::string& listen, ServiceConfig& config) {
    serve.add_option("--listen", listen, "address and port to serve HTTP (or HTTPS) on")
        ->envname("TRANSFERS_LISTEN")
        ->default_val(listen);
    serve.add_option("--db", config.database_url,
                     "mariadb://USER[:PASS]@HOST:PORT/DBNAME or sqlite:PATH")
        ->envname("TRANSFERS_DB")
        ->default_val(config.database_url);
    serve.add_option("--cache", config.cache_url, "redis://HOST:PORT[/DB]; no cache when absent")
        ->envname("TRANSFERS_CACHE");
    serve.add_option("--otlp-endpoint", config.otlp_endpoint, "http://HOST:PORT of an OTLP/HTTP trace collector")
        ->envname("TRANSFERS_OTLP_ENDPOINT");
    serve.add_option("--trace-sampling-ratio", config.trace_sampling_ratio,
                     "share of new traces recorded, 0 to 1 (a caller's sampling decision is followed)")
        ->envname("TRANSFERS_TRACE_SAMPLING_RATIO")
        ->check(CLI::Range(0.0, 1.0))
        ->default_str("1");
    serve.add_option_function<std::int64_t>(
             "--db-timeout-ms",
             [&config](std::int64_t ms) { config.timeout_ms_db = std::chrono::milliseconds(ms); },
             "deadline of every database call, in milliseconds (100 to 600000)")
        ->envname("TRANSFERS_DB_TIMEOUT_MS")
        ->check(CLI::Range(std::int64_t{timeout_ms_db_min}, std::int64_t{timeout_ms_db_max}))
        ->default_str(std::to_string(config.timeout_ms_db.count()));
    const std::map<std::string, LogLevel> levels{{"debug", LogLevel::debug}, {"info", LogLevel::info},
                                                 {"warn", LogLevel::warn},   {"error", LogLevel::error}};
    serve.add_option("--log-level", config.log_level, "debug|info|warn|error")
        ->envname("TRANSFERS_LOG_LEVEL")
        ->transform(CLI::CheckedTransformer(levels, CLI::ignore_case))
        ->default_str("info");
}

}  // namespace

Result<CommandLine, std::string> parse_command_line(int argc, const char* const* argv) {
    CLI::App app{"Internal money transfers service"};
    app.require_subcommand(1);
    ServiceConfig config;
    std::string listen = "0.0.0.0:9999";
    CLI::App* serve = app.add_subcommand("serve", "serve the HTTP API");
    add_serve_options(*serve, listen, config);
    std::int64_t timeout_ms_request_head = config.server.timeout_ms_request_head.count();
    add_client_limit_options(*serve, timeout_ms_request_head, config);
    TlsFlags tls;
    add_tls_options(*serve, tls);
    add_access_options(*serve, config);
    ClientsCommand clients;
    add_clients_subcommand(app, clients);
    std::optional<std::string> password_file;
    serve->add_option("--db-password-file", password_file,
                      "file holding the MariaDB password, for a --db URL without one (keeps it out of ps)")
        ->envname("TRANSFERS_DB_PASSWORD_FILE");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        return CommandLine{ExitNow{app.help()}};
    } catch (const CLI::CallForAllHelp&) {
        return CommandLine{ExitNow{app.help("", CLI::AppFormatMode::All)}};
    } catch (const CLI::ParseError& error) {
        return fail(std::string(error.what()));
    }
    if (const auto action = chosen_clients_action(app)) {
        clients.action = *action;
        auto password = read_database_password(clients.database_password_file, clients.database_url);
        if (!password) return fail(password.error());
        clients.database_password = std::move(*password);
        return CommandLine{std::move(clients)};
    }
    if (auto access = check_access_options(config); !access) return fail(access.error());
    if (auto split = split_listen(listen, config.server); !split) return fail(split.error());
    if (auto resolved = resolve_tls(tls, config.server); !resolved) return fail(resolved.error());
    auto password = read_database_password(password_file, config.database_url);
    if (!password) return fail(password.error());
    config.database_password = std::move(*password);
    config.server.timeout_ms_request_head = std::chrono::milliseconds(timeout_ms_request_head);
    return CommandLine{std::move(config)};
}

}  // namespace transfers::cli
