#include <gtest/gtest.h>

#include "adapters/http/authenticating_handler.hpp"
#include "app/client_service.hpp"
#include "unit/fakes/fake_clock.hpp"
#include "unit/fakes/fake_monotonic_clock.hpp"
#include "unit/fakes/fake_token_authority.hpp"
#include "unit/fakes/in_memory_client_store.hpp"

namespace transfers::http {
namespace {

// Answers 200 and remembers who it was asked by.
class RecordingHandler final : public RequestHandler {
public:
    void handle(const HttpRequestView& request, Respond respond) override {
        ++calls;
        caller = request.client != nullptr ? request.client->name : "<none>";
        respond(HttpAnswer{200, "application/json", "{}", {}});
    }
    int calls = 0;
    std::string caller;
};

std::string header(const HttpAnswer& answer, std::string_view name) {
    for (const auto& [key, value] : answer.headers) {
        if (key == name) return value;
    }
    return {};
}

class AuthenticatingHandlerTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto payroll = clients.create(NewClient{"payroll", ScopeSet::of({Scope::transfers_write, Scope::accounts_read})});
        ASSERT_TRUE(payroll.ok());
        payroll_token = "Bearer " + payroll->token;
        auto admin = clients.create(NewClient{"root", ScopeSet::of({Scope::admin})});
        ASSERT_TRUE(admin.ok());
        admin_token = "Bearer " + admin->token;
    }

    HttpAnswer call(AuthenticatingHandler& handler, HttpRequestView request) {
        std::optional<HttpAnswer> answer;
        handler.handle(request, [&](HttpAnswer given) { answer = std::move(given); });
        EXPECT_TRUE(answer.has_value()) << "never answered";
        return answer.value_or(HttpAnswer{});
    }
    HttpAnswer call(std::string_view method, std::string_view target, std::string_view authorization) {
        HttpRequestView request{method, target, "application/json", "{}"};
        request.authorization = authorization;
        return call(handler, request);
    }
    void expect_refused(const HttpAnswer& answer, unsigned status, std::string_view code) {
        EXPECT_EQ(answer.status, status);
        EXPECT_EQ(answer.code, code);
        EXPECT_EQ(answer.content_type, "application/problem+json");
        EXPECT_EQ(inner.calls, 0) << "a refused request must not reach the handlers";
    }

    fakes::InMemoryClientStore store;
    fakes::FakeTokenAuthority tokens;
    fakes::FakeClock clock;
    ClientDirectory directory{store, tokens};
    ClientService clients{store, tokens, clock, &directory};
    RecordingHandler inner;
    AuthenticatingHandler handler{inner, AuthMode::on, directory, nullptr};
    std::string payroll_token;
    std::string admin_token;
};

TEST_F(AuthenticatingHandlerTest, AKnownTokenWithTheScopeReachesTheHandlerAsItsClient) {
    const HttpAnswer answer = call("POST", "/v1/transfers", payroll_token);
    EXPECT_EQ(answer.status, 200u);
    EXPECT_EQ(inner.caller, "payroll");
    EXPECT_EQ(answer.client, "payroll");
}

TEST_F(AuthenticatingHandlerTest, EveryBadCredentialIs401WithWwwAuthenticate) {
    for (const std::string_view bad : {"", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer token-1 extra",
                                       "Bearer token-999", "Bearertoken-1", "Bearer t\xc3\xa9", "token-1"}) {
        const HttpAnswer answer = call("GET", "/v1/accounts/1", bad);
        expect_refused(answer, 401, "unauthenticated");
        EXPECT_EQ(header(answer, "WWW-Authenticate").rfind("Bearer realm=\"transfers\"", 0), 0u) << bad;
        EXPECT_EQ(answer.body.find("token-"), std::string::npos) << "a token must never be echoed: " << answer.body;
    }
}

TEST_F(AuthenticatingHandlerTest, TheSchemeIsCaseInsensitive) {
    EXPECT_EQ(call("GET", "/v1/accounts/1", "bearer token-1").status, 200u);
    EXPECT_EQ(call("GET", "/v1/accounts/1", "BEARER token-1").status, 200u);
}

TEST_F(AuthenticatingHandlerTest, ARepeatedAuthorizationHeaderIs401) {
    HttpRequestView request{"GET", "/v1/accounts/1", "", ""};
    request.authorization = payroll_token;
    request.authorization_repeated = true;
    expect_refused(call(handler, request), 401, "unauthenticated");
}

TEST_F(AuthenticatingHandlerTest, ARevokedTokenIs401AtOnce) {
    ASSERT_TRUE(clients.revoke("payroll").ok());
    expect_refused(call("POST", "/v1/transfers", payroll_token), 401, "unauthenticated");
}

TEST_F(AuthenticatingHandlerTest, AMissingScopeIs403NamingIt) {
    const HttpAnswer answer = call("POST", "/v1/accounts", payroll_token);
    expect_refused(answer, 403, "forbidden");
    EXPECT_NE(answer.body.find("accounts:write"), std::string::npos) << answer.body;
    expect_refused(call("GET", "/v1/transfers/x", payroll_token), 403, "forbidden");
    expect_refused(call("GET", "/v1/accounts/1/transfers", payroll_token), 403, "forbidden");
    expect_refused(call("GET", "/v1/clients", payroll_token), 403, "forbidden");
    expect_refused(call("POST", "/v1/clients", payroll_token), 403, "forbidden");
    expect_refused(call("DELETE", "/v1/clients/root", payroll_token), 403, "forbidden");
}

TEST_F(AuthenticatingHandlerTest, AdminMayCallEveryRoute) {
    for (const auto& [method, target] : std::vector<std::pair<std::string_view, std::string_view>>{
             {"POST", "/v1/accounts"}, {"GET", "/v1/accounts/1"}, {"GET", "/v1/accounts/1/transfers"},
             {"POST", "/v1/transfers"}, {"GET", "/v1/transfers/x"}, {"GET", "/v1/clients"},
             {"POST", "/v1/clients"}, {"DELETE", "/v1/clients/payroll"}, {"GET", "/v1/openapi.yaml"}}) {
        EXPECT_EQ(call(method, target, admin_token).status, 200u) << method << " " << target;
    }
}

TEST_F(AuthenticatingHandlerTest, HealthAndMetricsStayOpen) {
    EXPECT_EQ(call("GET", "/v1/health", "").status, 200u);
    EXPECT_EQ(call("GET", "/metrics", "").status, 200u);
    EXPECT_EQ(call("GET", "/metrics", "Bearer nonsense").status, 200u);
    inner.calls = 0;
    expect_refused(call("GET", "/v1/openapi.yaml", ""), 401, "unauthenticated");
    expect_refused(call("GET", "/v1/no-such-route", ""), 401, "unauthenticated");
}

TEST_F(AuthenticatingHandlerTest, AClientCertificateBoundToAClientAuthenticatesWithoutAToken) {
    const NewClient bound{"edge", ScopeSet::of({Scope::accounts_read}), std::nullopt, std::string("CN=edge,O=Acme")};
    ASSERT_TRUE(clients.create(bound).ok());
    HttpRequestView request{"GET", "/v1/accounts/1", "", ""};
    request.client_certificate_subject = "CN=edge,O=Acme";
    EXPECT_EQ(call(handler, request).status, 200u);
    EXPECT_EQ(inner.caller, "edge");
    request.client_certificate_subject = "CN=stranger,O=Acme";
    inner.calls = 0;
    expect_refused(call(handler, request), 401, "unauthenticated");
}

TEST_F(AuthenticatingHandlerTest, WithAuthOffEveryRequestIsAnonymousButClientsCannotBeManaged) {
    AuthenticatingHandler open{inner, AuthMode::off, directory, nullptr};
    HttpRequestView transfer{"POST", "/v1/transfers", "application/json", "{}"};
    EXPECT_EQ(call(open, transfer).status, 200u);
    EXPECT_EQ(inner.caller, "anonymous");
    inner.calls = 0;
    HttpRequestView create_client{"POST", "/v1/clients", "application/json", "{}"};
    expect_refused(call(open, create_client), 403, "forbidden");
}

TEST_F(AuthenticatingHandlerTest, OverItsRateLimitAClientGets429WithRetryAfterAndOthersAreNotAffected) {
    fakes::FakeMonotonicClock monotonic;
    RateLimiter limiter(RateLimit{0.5, 2}, monotonic);
    AuthenticatingHandler limited{inner, AuthMode::on, directory, &limiter};
    HttpRequestView request{"GET", "/v1/accounts/1", "", ""};
    request.authorization = payroll_token;
    EXPECT_EQ(call(limited, request).status, 200u);
    EXPECT_EQ(call(limited, request).status, 200u);
    inner.calls = 0;
    const HttpAnswer refused = call(limited, request);
    expect_refused(refused, 429, "rate_limited");
    EXPECT_EQ(header(refused, "Retry-After"), "2");
    request.authorization = admin_token;
    EXPECT_EQ(call(limited, request).status, 200u);
}

}  // namespace
}  // namespace transfers::http
