#include "adapters/mariadb/connection_settings.hpp"

#include <charconv>
#include <optional>

#include "adapters/system/percent_decoding.hpp"

namespace transfers::mariadb {
namespace {

constexpr std::string_view scheme = "mariadb://";
constexpr std::string_view url_shape = "expected mariadb://USER[:PASS]@HOST:PORT/DBNAME";

Failure<std::string> invalid(std::string_view why) {
    return fail("invalid database URL: " + std::string(why) + " (" + std::string(url_shape) + ")");
}

// The settings and whether the URL had a ":PASS" part (an empty one counts: it was written).
struct ParsedUrl {
    ConnectionSettings settings;
    bool password_given = false;
};

Result<ParsedUrl, std::string> parse(std::string_view url) {
    if (url.substr(0, scheme.size()) != scheme) return invalid("wrong scheme");
    std::string_view rest = url.substr(scheme.size());
    const auto at = rest.rfind('@');
    if (at == std::string_view::npos) return invalid("missing USER@");
    const std::string_view credentials = rest.substr(0, at);
    rest = rest.substr(at + 1);
    const auto slash = rest.find('/');
    const auto colon = rest.rfind(':', slash);
    if (slash == std::string_view::npos || colon == std::string_view::npos || colon == 0) {
        return invalid("missing HOST:PORT/DBNAME");
    }
    ConnectionSettings settings;
    settings.host = std::string(rest.substr(0, colon));
    const std::string_view port = rest.substr(colon + 1, slash - colon - 1);
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), settings.port);
    if (ec != std::errc{} || end != port.data() + port.size() || settings.port == 0) {
        return invalid("PORT must be a number from 1 to 65535");
    }
    settings.database = std::string(rest.substr(slash + 1));
    if (settings.database.empty()) return invalid("missing DBNAME");
    const auto split = credentials.find(':');
    auto user = percent_decode(credentials.substr(0, split));
    auto password = split == std::string_view::npos ? std::optional<std::string>("")
                                                    : percent_decode(credentials.substr(split + 1));
    if (!user || !password) return invalid("bad percent-encoding in USER or PASS");
    if (user->empty()) return invalid("missing USER");
    settings.user = std::move(*user);
    settings.password = std::move(*password);
    return ParsedUrl{std::move(settings), split != std::string_view::npos};
}

}  // namespace

Result<ConnectionSettings, std::string> parse_mariadb_url(std::string_view url) {
    auto parsed = parse(url);
    if (!parsed) return fail(parsed.error());
    return std::move(parsed->settings);
}

Result<ConnectionSettings, std::string> parse_mariadb_url(std::string_view url, std::string password) {
    auto parsed = parse(url);
    if (!parsed) return fail(parsed.error());
    if (parsed->password_given) {
        return fail(std::string("the database URL carries a password and a password file gives one too: "
                                "leave :PASS out of the URL"));
    }
    parsed->settings.password = std::move(password);
    return std::move(parsed->settings);
}

}  // namespace transfers::mariadb
