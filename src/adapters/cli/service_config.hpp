// ServiceConfig: everything `transfers serve` is told by its flags and environment variables.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <variant>

#include "adapters/http/server_options.hpp"
#include "domain/result.hpp"

namespace transfers::cli {

enum class LogLevel { debug, info, warn, error };

struct ServiceConfig {
    http::ServerOptions server;
    // --connections-max; absent: derived from the open-files limit at start, which also caps it.
    std::optional<std::size_t> connections_max_requested;
    std::string database_url = "sqlite:transfers.db";
    // The MariaDB password read from --db-password-file, for a URL without one; absent: the URL's.
    std::optional<std::string> database_password;
    std::string cache_url;  // empty: no cache
    std::string otlp_endpoint;  // empty: traces are not exported
    double trace_sampling_ratio = 1.0;
    // Threads that run blocking use-case work (database calls); at most one connection each.
    int worker_threads = 16;
    // Requests waiting for a worker beyond this many are answered 503 at once.
    std::size_t work_queue_depth_max = 16384;
    LogLevel log_level = LogLevel::info;
    // The deadline of every database call: connecting, waiting for a pooled connection, each
    // read and transaction, SQLite's wait for its lock. Past it the request is answered 503.
    std::chrono::milliseconds timeout_ms_db{5000};
    // Tokens are required unless --auth off restores the open API (see README, Security).
    bool auth = true;
    // Where the first start writes the first admin client's token; empty: beside the SQLite
    // file, or in the working directory for MariaDB.
    std::string admin_token_file;
    // Requests per second and burst per client; absent: no rate limit.
    std::optional<double> rate_limit_per_second;
    std::optional<double> rate_limit_burst;
};

// `transfers clients create|list|revoke`: client management against the same --db.
struct ClientsCommand {
    enum class Action { create, list, revoke };
    Action action = Action::list;
    std::string database_url = "sqlite:transfers.db";
    std::chrono::milliseconds timeout_ms_db{5000};
    std::string name;
    std::string scopes;
    std::optional<std::string> debit_accounts;
    std::optional<std::string> certificate_subject;
    std::optional<std::string> database_password_file;  // --db-password-file, as serve reads it
    std::optional<std::string> database_password;       // read from that file
};

// What the command line asked for: serve with a config, manage clients, or exit at once (help)
// with the given text on stdout and status 0.
struct ExitNow {
    std::string text;
};
using CommandLine = std::variant<ServiceConfig, ClientsCommand, ExitNow>;

// Flags win over environment variables, which win over defaults. The error is one line, meant
// for stderr before exiting with status 2.
Result<CommandLine, std::string> parse_command_line(int argc, const char* const* argv);

}  // namespace transfers::cli
