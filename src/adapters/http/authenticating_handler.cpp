#include "adapters/http/authenticating_handler.hpp"

#include <cctype>
#include <string>

#include "adapters/http/problem.hpp"
#include "adapters/http/router.hpp"

namespace transfers::http {
namespace {

// RFC 6750: a 401 names the scheme; a token that was sent but is not good says so.
HttpAnswer unauthenticated(std::string detail, bool token_sent) {
    HttpAnswer answer = problem_answer(Error{ErrorCode::unauthenticated, std::move(detail)});
    answer.headers.emplace_back("WWW-Authenticate", token_sent ? R"(Bearer realm="transfers", error="invalid_token")"
                                                                : R"(Bearer realm="transfers")");
    return answer;
}

HttpAnswer rate_limited(std::chrono::milliseconds wait) {
    HttpAnswer answer = problem_answer(Error{ErrorCode::rate_limited, "this client is over its rate limit; retry later"});
    const auto seconds = std::max<std::int64_t>(1, (wait.count() + 999) / 1000);  // whole seconds, rounded up
    answer.headers.emplace_back("Retry-After", std::to_string(seconds));
    return answer;
}

// The scope each route needs; nullopt: any authenticated client may call it.
std::optional<Scope> scope_for(Route route) {
    switch (route) {
        case Route::open_account: return Scope::accounts_write;
        case Route::get_account: return Scope::accounts_read;
        case Route::account_history: return Scope::transfers_read;
        case Route::create_transfer: return Scope::transfers_write;
        case Route::get_transfer: return Scope::transfers_read;
        case Route::list_clients:
        case Route::create_client:
        case Route::revoke_client: return Scope::admin;
        case Route::openapi:
        case Route::health:
        case Route::metrics:
        case Route::none: break;
    }
    return std::nullopt;
}

// Probes and scrapers call these without credentials: a load balancer's health check and
// Prometheus must work without a token to leak, and neither reveals an account or a transfer.
bool is_open_route(Route route) { return route == Route::health || route == Route::metrics; }

bool is_token_char(char c) {  // RFC 6750 b64token
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_' || c == '~' ||
           c == '+' || c == '/' || c == '=';
}

// "Bearer <token>", the scheme in any case; empty when it is anything else.
std::string_view bearer_token(std::string_view header) {
    constexpr std::string_view scheme = "bearer ";
    if (header.size() <= scheme.size()) return {};
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(header[i])) != scheme[i]) return {};
    }
    std::string_view token = header.substr(scheme.size());
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    constexpr std::size_t token_length_max = 512;
    if (token.empty() || token.size() > token_length_max) return {};
    for (const char c : token) {
        if (!is_token_char(c)) return {};
    }
    return token;
}

}  // namespace

const Client& anonymous_client() {
    static const Client anonymous{std::string(anonymous_client_name),
                                  ScopeSet::of({Scope::accounts_read, Scope::accounts_write, Scope::transfers_read,
                                                Scope::transfers_write}),
                                  std::nullopt, std::nullopt, Timestamp{}, std::nullopt};
    return anonymous;
}

Result<std::shared_ptr<const Client>, HttpAnswer> AuthenticatingHandler::identify(const HttpRequestView& request) const {
    if (request.authorization_repeated) {
        return fail(unauthenticated("Authorization: sent more than once", true));
    }
    if (request.authorization.empty()) {
        if (!request.client_certificate_subject.empty()) {
            if (auto client = directory_.by_certificate_subject(request.client_certificate_subject)) return client;
            return fail(unauthenticated("no client is bound to this client certificate; send Authorization: Bearer <token>",
                                        false));
        }
        return fail(unauthenticated("send Authorization: Bearer <token>", false));
    }
    const std::string_view token = bearer_token(request.authorization);
    if (token.empty()) return fail(unauthenticated("Authorization: expected Bearer <token>", true));
    if (auto client = directory_.by_token(token)) return client;
    return fail(unauthenticated("the token is unknown or revoked", true));
}

void AuthenticatingHandler::handle(const HttpRequestView& request, Respond respond) {
    const Route route = route_of(request).route;
    if (is_open_route(route)) return inner_.handle(request, std::move(respond));
    std::shared_ptr<const Client> client;
    if (mode_ == AuthMode::on) {
        auto identified = identify(request);
        if (!identified) return respond(identified.error());
        client = std::move(*identified);
    } else {
        client = std::shared_ptr<const Client>(std::shared_ptr<void>(), &anonymous_client());  // static: not owned
    }
    const auto answer_as = [name = client->name, respond](HttpAnswer answer) {
        answer.client = name;
        respond(std::move(answer));
    };
    if (limiter_ != nullptr) {
        if (const auto wait = limiter_->admit(client->name)) return answer_as(rate_limited(*wait));
    }
    if (const auto scope = scope_for(route); scope && !client->may(*scope)) {
        const std::string why = mode_ == AuthMode::off && *scope == Scope::admin
                                    ? "clients are managed only with --auth on (or with `transfers clients`)"
                                    : "this client lacks the scope " + std::string(scope_name(*scope));
        return answer_as(problem_answer(Error{ErrorCode::forbidden, why}));
    }
    HttpRequestView authenticated = request;
    authenticated.client = client.get();
    // The client stays alive until the answer: a reload may drop it from the directory meanwhile.
    inner_.handle(authenticated, [client, answer_as](HttpAnswer answer) { answer_as(std::move(answer)); });
}

}  // namespace transfers::http
