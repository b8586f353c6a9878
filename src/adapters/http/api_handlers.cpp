#include "adapters/http/api_handlers.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <string>

#include "domain/idempotency.hpp"

#include "adapters/http/history_query.hpp"
#include "adapters/http/openapi_document.hpp"
#include "adapters/http/problem.hpp"
#include "adapters/http/query_parameters.hpp"
#include "adapters/http/request_decoding.hpp"
#include "adapters/http/response_encoding.hpp"

namespace transfers::http {
namespace {

// "application/json", any case, optionally followed by parameters such as "; charset=utf-8".
bool is_json_media_type(std::string_view content_type) {
    constexpr std::string_view json = "application/json";
    if (content_type.size() < json.size()) return false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(content_type[i])) != json[i]) return false;
    }
    std::string_view rest = content_type.substr(json.size());
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    return rest.empty() || rest.front() == ';';
}

// Turns a use-case result into the answer: `encode` for success, a problem document otherwise.
template <typename T, typename Encode>
auto answer_with(unsigned status, Respond respond, Encode encode) {
    return [status, respond = std::move(respond), encode](Result<T, Error> result) {
        respond(result ? json_answer(status, encode(*result)) : problem_answer(result.error()));
    };
}

HttpAnswer health_answer(const std::vector<DependencyStatus>& dependencies) {
    boost::json::object checks;
    boost::json::object ages;
    bool ready = true;
    bool degraded = false;
    for (const DependencyStatus& dependency : dependencies) {
        checks[dependency.name] = dependency.up ? "up" : "down";
        if (dependency.checked_ms_ago) ages[dependency.name] = *dependency.checked_ms_ago;
        ready = ready && (dependency.up || !dependency.required);
        degraded = degraded || !dependency.up;
    }
    boost::json::object body;
    body["status"] = !ready ? "unavailable" : degraded ? "degraded" : "ok";
    body["checks"] = std::move(checks);
    if (!ages.empty()) body["checked_ms_ago"] = std::move(ages);
    HttpAnswer answer = json_answer(ready ? 200 : 503, boost::json::serialize(body));
    if (!ready) answer.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds_unavailable));
    return answer;
}

// The name written into records as created_by: the authenticated client's, or anonymous when
// the API is open.
std::string client_name(const HttpRequestView& request) {
    return request.client != nullptr ? request.client->name : std::string(anonymous_client_name);
}

}  // namespace

void ApiHandlers::handle(const HttpRequestView& request, Respond respond) {
    const RouteMatch match = route_of(request);
    if (match.path_malformed) {
        return respond(problem_answer(Error{ErrorCode::invalid_request,
                                            "path: malformed percent-encoding ('%' must be followed by two hex digits)"}));
    }
    if (match.route == Route::none) {
        if (!match.path_known) return respond(problem_answer(404, "Not found", "not_found", "no such route"));
        HttpAnswer answer = problem_answer(405, "Method not allowed", "method_not_allowed",
                                           "this route accepts " + std::string(match.allow));
        answer.headers.emplace_back("Allow", std::string(match.allow));
        return respond(std::move(answer));
    }
    // Every route takes only the query parameters it lists, as every body only its fields. Only
    // history lists any, and reads them itself (decode_history_query); the others list none.
    if (match.route != Route::account_history) {
        if (auto query = decode_query(request.target, {}); !query) return respond(problem_answer(query.error()));
    }
    if (request.method == "POST" && !is_json_media_type(request.content_type)) {
        return respond(problem_answer(415, "Unsupported media type", "unsupported_media_type",
                                      "the body must be sent as application/json"));
    }
    if (request.idempotency_key && !is_valid_idempotency_key(*request.idempotency_key)) {
        return respond(problem_answer(Error{ErrorCode::invalid_request,
                                            "Idempotency-Key: must be 1 to 255 visible ASCII characters"}));
    }
    switch (match.route) {
        case Route::open_account: return open_account(request, std::move(respond));
        case Route::get_account: return get_account(match.id, std::move(respond));
        case Route::account_history: return account_history(match.id, request.target, std::move(respond));
        case Route::openapi: return openapi(std::move(respond));
        case Route::metrics: return metrics(std::move(respond));
        case Route::create_transfer: return create_transfer(request, std::move(respond));
        case Route::get_transfer: return get_transfer(match.id, std::move(respond));
        case Route::health: return health(std::move(respond));
        case Route::list_clients: return clients_.list(std::move(respond));
        case Route::create_client: return clients_.create(request, std::move(respond));
        case Route::revoke_client: return clients_.revoke(match.id, std::move(respond));
        case Route::none: break;
    }
    respond(problem_answer(404, "Not found", "not_found", "no such route"));
}

void ApiHandlers::open_account(const HttpRequestView& request, Respond respond) {
    auto command = decode_open_account(request.body);
    if (!command) return respond(problem_answer(command.error()));
    if (request.idempotency_key) command->idempotency_key = std::string(*request.idempotency_key);
    command->client = client_name(request);
    api_.open_account(*command, answer_with<Account>(201, std::move(respond), encode_account));
}

void ApiHandlers::get_account(std::string_view id, Respond respond) {
    auto account_id = decode_account_id_segment(id);
    if (!account_id) return respond(problem_answer(account_id.error()));
    api_.get_account(*account_id, answer_with<Account>(200, std::move(respond), encode_account));
}

void ApiHandlers::account_history(std::string_view id, std::string_view target, Respond respond) {
    auto account_id = decode_account_id_segment(id);
    if (!account_id) return respond(problem_answer(account_id.error()));
    auto query = decode_history_query(target, *account_id);
    if (!query) return respond(problem_answer(query.error()));
    api_.history(*account_id, query->before, query->limit,
                 [account = *account_id, respond = std::move(respond)](Result<HistoryPage, Error> page) {
                     if (!page) return respond(problem_answer(page.error()));
                     std::optional<std::string> cursor;
                     if (page->next_before) cursor = encode_history_cursor(account, *page->next_before);
                     respond(json_answer(200, encode_history(page->transfers, cursor)));
                 });
}

void ApiHandlers::openapi(Respond respond) {
    respond(HttpAnswer{200, "application/yaml", std::string(openapi_document()), {}});
}

void ApiHandlers::metrics(Respond respond) {
    respond(HttpAnswer{200, "text/plain; version=0.0.4; charset=utf-8", metrics_page_(), {}});
}

void ApiHandlers::create_transfer(const HttpRequestView& request, Respond respond) {
    auto command = decode_transfer(request.body);
    if (!command) return respond(problem_answer(command.error()));
    // Checked before anything runs: a refused debit leaves no trace but the request log.
    if (request.client != nullptr && !request.client->may_debit(command->source)) {
        return respond(problem_answer(Error{ErrorCode::forbidden, "this client may not debit account " +
                                                                      std::to_string(command->source.value)}));
    }
    if (request.idempotency_key) command->idempotency_key = std::string(*request.idempotency_key);
    command->client = client_name(request);
    api_.transfer(*command, answer_with<Transfer>(201, std::move(respond), encode_transfer));
}

void ApiHandlers::get_transfer(std::string_view id, Respond respond) {
    auto transfer_id = decode_transfer_id_segment(id);
    if (!transfer_id) return respond(problem_answer(transfer_id.error()));
    api_.get_transfer(*transfer_id, answer_with<Transfer>(200, std::move(respond), encode_transfer));
}

void ApiHandlers::health(Respond respond) {
    api_.check_readiness([respond = std::move(respond)](std::vector<DependencyStatus> dependencies) {
        respond(health_answer(dependencies));
    });
}

}  // namespace transfers::http
