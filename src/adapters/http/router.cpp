#include "adapters/http/router.hpp"

#include <array>
#include <optional>
#include <vector>

#include "adapters/system/percent_decoding.hpp"

namespace transfers::http {
namespace {

struct RouteRule {
    Route route;
    std::string_view method;
    std::string_view allow;  // every method of the route's path, for a 405's Allow header
};

// Every route and the one method it is called with; the path is route_template(route), and
// routes that share a path are next to each other. The fixed paths come first: the most
// frequent requests (transfers) match after one or two rules.
constexpr std::array<RouteRule, 11> rules{{{Route::open_account, "POST", "POST"},
                                           {Route::create_transfer, "POST", "POST"},
                                           {Route::health, "GET", "GET, HEAD"},
                                           {Route::openapi, "GET", "GET, HEAD"},
                                           {Route::metrics, "GET", "GET, HEAD"},
                                           {Route::list_clients, "GET", "GET, HEAD, POST"},
                                           {Route::create_client, "POST", "GET, HEAD, POST"},
                                           {Route::account_history, "GET", "GET, HEAD"},
                                           {Route::get_account, "GET", "GET, HEAD"},
                                           {Route::get_transfer, "GET", "GET, HEAD"},
                                           {Route::revoke_client, "DELETE", "DELETE"}}};

// "{id}", "{name}": a template segment that stands for one non-empty path segment.
bool is_placeholder(std::string_view segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

std::string_view path_of(std::string_view target) {
    const auto query = target.find('?');
    return query == std::string_view::npos ? target : target.substr(0, query);
}

// The pieces of `path` between its '/' separators; the leading '/' starts the first piece.
std::vector<std::string_view> split_segments(std::string_view path) {
    std::vector<std::string_view> segments;
    path.remove_prefix(1);
    for (;;) {
        const auto slash = path.find('/');
        segments.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) return segments;
        path.remove_prefix(slash + 1);
    }
}

// Split first, decode second: an encoded '/' then stays inside its segment.
std::optional<std::vector<std::string>> decoded_segments(std::string_view path) {
    std::vector<std::string> decoded;
    for (std::string_view segment : split_segments(path)) {
        auto text = percent_decode(segment);
        if (!text) return std::nullopt;
        decoded.push_back(std::move(*text));
    }
    return decoded;
}

// Whether the decoded `segments` spell `path_template`; "{id}" stands for one non-empty segment,
// which is copied to `id`. Walks the template in place: this runs for every rule on every request.
bool matches(std::string_view path_template, const std::vector<std::string>& segments, std::string& id) {
    std::string_view rest = path_template.substr(1);
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (i > 0) {
            if (rest.empty() || rest.front() != '/') return false;
            rest.remove_prefix(1);
        }
        const std::string_view wanted = rest.substr(0, rest.find('/'));
        rest.remove_prefix(wanted.size());
        if (is_placeholder(wanted)) {
            if (segments[i].empty()) return false;
            id = segments[i];
        } else if (wanted != segments[i]) {
            return false;
        }
    }
    return rest.empty();
}

// GET routes also answer HEAD (RFC 9110 requires it); the server then drops the body.
bool accepts(const RouteRule& rule, std::string_view method) {
    return method == rule.method || (rule.method == "GET" && method == "HEAD");
}

}  // namespace

std::string_view route_template(Route route) {
    switch (route) {
        case Route::open_account: return "/v1/accounts";
        case Route::get_account: return "/v1/accounts/{id}";
        case Route::account_history: return "/v1/accounts/{id}/transfers";
        case Route::create_transfer: return "/v1/transfers";
        case Route::get_transfer: return "/v1/transfers/{id}";
        case Route::health: return "/v1/health";
        case Route::openapi: return "/v1/openapi.yaml";
        case Route::metrics: return "/metrics";
        case Route::list_clients: return "/v1/clients";
        case Route::create_client: return "/v1/clients";
        case Route::revoke_client: return "/v1/clients/{name}";
        case Route::none: break;
    }
    return "unmatched";
}

RouteMatch match_route(std::string_view method, std::string_view target) {
    const std::string_view path = path_of(target);
    if (path.empty() || path.front() != '/') return RouteMatch{};
    const auto segments = decoded_segments(path);
    if (!segments) {
        RouteMatch malformed;
        malformed.path_malformed = true;
        return malformed;
    }
    RouteMatch known;  // the path of a rule whose method was not this one: 405 unless another takes it
    for (const RouteRule& rule : rules) {
        std::string id;
        if (!matches(route_template(rule.route), *segments, id)) continue;
        if (accepts(rule, method)) return RouteMatch{rule.route, std::move(id), true, rule.allow, false};
        known = RouteMatch{Route::none, std::move(id), true, rule.allow, false};
    }
    return known;
}

}  // namespace transfers::http
