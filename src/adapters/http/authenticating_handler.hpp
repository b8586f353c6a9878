// AuthenticatingHandler: who is calling, and may they: bearer tokens (or a client certificate
// under mutual TLS), scopes per route, and the per-client rate limit, before any handler runs.
#pragma once

#include "adapters/http/http_exchange.hpp"
#include "app/client_directory.hpp"
#include "app/rate_limiter.hpp"

namespace transfers::http {

enum class AuthMode { on, off };

// Stateless apart from references; safe from any thread, like the handler it wraps.
class AuthenticatingHandler final : public RequestHandler {
public:
    // `limiter` may be null: no rate limit.
    AuthenticatingHandler(RequestHandler& inner, AuthMode mode, const ClientDirectory& directory, RateLimiter* limiter)
        : inner_(inner), mode_(mode), directory_(directory), limiter_(limiter) {}

    void handle(const HttpRequestView& request, Respond respond) override;

private:
    // The authenticated client, or the 401 to answer.
    Result<std::shared_ptr<const Client>, HttpAnswer> identify(const HttpRequestView& request) const;

    RequestHandler& inner_;
    const AuthMode mode_;
    const ClientDirectory& directory_;
    RateLimiter* limiter_;
};

// The client that --auth off serves every request as: every scope but admin (clients are not
// managed through an open API: a token minted there would still work once auth is on).
const Client& anonymous_client();

}  // namespace transfers::http
