// Router: which API route a method and path name, kept apart from what the route does.
#pragma once

#include <string>
#include <string_view>

namespace transfers::http {

enum class Route {
    open_account, get_account, account_history, create_transfer, get_transfer, health, openapi, metrics,
    list_clients, create_client, revoke_client, none
};

// The route's path template ("/v1/accounts/{id}"), as spans and metrics name it; "unmatched"
// for none, so that unknown paths never create new metric series.
std::string_view route_template(Route route);

struct RouteMatch {
    Route route = Route::none;
    std::string id;            // the {id} (or {name}) segment, percent-decoded but unparsed, for routes that have one
    bool path_known = false;   // the path exists, whatever the method (405 rather than 404)
    std::string_view allow;    // the methods the path accepts, for the Allow header
    bool path_malformed = false;  // a '%' in the path is not followed by two hex digits (400)
};

// Matches the path of `target` segment by segment, each segment percent-decoded after the path
// is split at '/' (RFC 3986: "/v1/%61ccounts/1" is "/v1/accounts/1", and "%2F" is a byte of its
// segment, never a separator). The query string is not looked at.
RouteMatch match_route(std::string_view method, std::string_view target);

}  // namespace transfers::http
