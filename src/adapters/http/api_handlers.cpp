#include "adapters/http/api_handlers.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <string>

#include "adapters/http/problem.hpp"
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

HttpAnswer json_answer(unsigned status, std::string body) {
    return HttpAnswer{status, "application/json", std::move(body), {}};
}

}  // namespace

HttpAnswer ApiHandlers::handle(const HttpRequestView& request) {
    const RouteMatch match = match_route(request.method, request.target);
    if (match.route == Route::none) {
        if (!match.path_known) return problem_answer(404, "Not found", "not_found", "no such route");
        HttpAnswer answer = problem_answer(405, "Method not allowed", "method_not_allowed",
                                           "this route accepts " + std::string(match.allow));
        answer.headers.emplace_back("Allow", std::string(match.allow));
        return answer;
    }
    if (request.method == "POST" && !is_json_media_type(request.content_type)) {
        return problem_answer(415, "Unsupported media type", "unsupported_media_type",
                              "the body must be sent as application/json");
    }
    switch (match.route) {
        case Route::open_account: return open_account(request);
        case Route::get_account: return get_account(match.id);
        case Route::create_transfer: return create_transfer(request);
        case Route::get_transfer: return get_transfer(match.id);
        case Route::health: return health();
        case Route::none: break;
    }
    return problem_answer(404, "Not found", "not_found", "no such route");
}

HttpAnswer ApiHandlers::open_account(const HttpRequestView& request) {
    auto command = decode_open_account(request.body);
    if (!command) return problem_answer(command.error());
    auto account = accounts_.open_account(*command);
    if (!account) return problem_answer(account.error());
    return json_answer(201, encode_account(*account));
}

HttpAnswer ApiHandlers::get_account(std::string_view id) {
    auto account_id = decode_account_id_segment(id);
    if (!account_id) return problem_answer(account_id.error());
    auto account = accounts_.get_account(*account_id);
    if (!account) return problem_answer(account.error());
    return json_answer(200, encode_account(*account));
}

HttpAnswer ApiHandlers::create_transfer(const HttpRequestView& request) {
    auto command = decode_transfer(request.body);
    if (!command) return problem_answer(command.error());
    auto transfer = transfers_.transfer(*command);
    if (!transfer) return problem_answer(transfer.error());
    return json_answer(201, encode_transfer(*transfer));
}

HttpAnswer ApiHandlers::get_transfer(std::string_view id) {
    auto transfer_id = decode_transfer_id_segment(id);
    if (!transfer_id) return problem_answer(transfer_id.error());
    auto transfer = transfers_.get_transfer(*transfer_id);
    if (!transfer) return problem_answer(transfer.error());
    return json_answer(200, encode_transfer(*transfer));
}

HttpAnswer ApiHandlers::health() {
    boost::json::object checks;
    bool all_up = true;
    for (const DependencyStatus& dependency : readiness_.check()) {
        checks[dependency.name] = dependency.up ? "up" : "down";
        all_up = all_up && dependency.up;
    }
    boost::json::object body;
    body["status"] = all_up ? "ok" : "unavailable";
    body["checks"] = std::move(checks);
    HttpAnswer answer = json_answer(all_up ? 200 : 503, boost::json::serialize(body));
    if (!all_up) {
        answer.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds_unavailable));
    }
    return answer;
}

}  // namespace transfers::http
