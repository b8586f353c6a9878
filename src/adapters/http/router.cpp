#include "adapters/http/router.hpp"

namespace transfers::http {
namespace {

constexpr std::string_view accounts_prefix = "/v1/accounts/";
constexpr std::string_view transfers_prefix = "/v1/transfers/";
constexpr std::string_view clients_prefix = "/v1/clients/";

std::string_view path_of(std::string_view target) {
    const auto query = target.find('?');
    return query == std::string_view::npos ? target : target.substr(0, query);
}

// Matches "PREFIX{id}SUFFIX" with a non-empty id holding no '/'.
bool match_item(std::string_view path, std::string_view prefix, std::string_view& id, std::string_view suffix = {}) {
    if (path.size() <= prefix.size() + suffix.size() || path.substr(0, prefix.size()) != prefix) return false;
    if (path.substr(path.size() - suffix.size()) != suffix) return false;
    const std::string_view rest = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
    if (rest.find('/') != std::string_view::npos) return false;
    id = rest;
    return true;
}

// GET routes also answer HEAD (RFC 9110 requires it); the server then drops the body.
RouteMatch only(std::string_view method, std::string_view wanted, Route route, std::string_view id = {}) {
    const bool get = wanted == "GET";
    RouteMatch match{Route::none, id, true, get ? "GET, HEAD" : wanted};
    if (method == wanted || (get && method == "HEAD")) match.route = route;
    return match;
}

// /v1/clients: GET lists, POST creates.
RouteMatch clients_collection(std::string_view method) {
    RouteMatch match{Route::none, {}, true, "GET, HEAD, POST"};
    if (method == "GET" || method == "HEAD") match.route = Route::list_clients;
    if (method == "POST") match.route = Route::create_client;
    return match;
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
    std::string_view id;
    if (path == "/v1/accounts") return only(method, "POST", Route::open_account);
    if (path == "/v1/transfers") return only(method, "POST", Route::create_transfer);
    if (path == "/v1/health") return only(method, "GET", Route::health);
    if (path == "/v1/openapi.yaml") return only(method, "GET", Route::openapi);
    if (path == "/metrics") return only(method, "GET", Route::metrics);
    if (path == "/v1/clients") return clients_collection(method);
    if (match_item(path, clients_prefix, id)) return only(method, "DELETE", Route::revoke_client, id);
    if (match_item(path, accounts_prefix, id, "/transfers")) return only(method, "GET", Route::account_history, id);
    if (match_item(path, accounts_prefix, id)) return only(method, "GET", Route::get_account, id);
    if (match_item(path, transfers_prefix, id)) return only(method, "GET", Route::get_transfer, id);
    return RouteMatch{};
}

}  // namespace transfers::http
