#include "adapters/http/client_handlers.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "adapters/http/json_fields.hpp"
#include "adapters/http/problem.hpp"
#include "app/reply.hpp"

namespace transfers::http {
namespace {

boost::json::object client_object(const Client& client) {
    boost::json::object object;
    object["name"] = client.name;
    object["scopes"] = client.scopes.format();
    if (client.debit_accounts) object["debit_accounts"] = client.debit_accounts->format();
    if (client.certificate_subject) object["certificate_subject"] = *client.certificate_subject;
    object["created_at"] = format_rfc3339(client.created_at);
    if (client.revoked_at) object["revoked_at"] = format_rfc3339(*client.revoked_at);
    return object;
}

// An optional string member: absent (nullopt), or a string (a JSON null or another type fails).
Result<std::optional<std::string>, Error> optional_string(const JsonFields& fields, std::string_view name) {
    for (const auto& member : fields.members) {
        if (member.name != name) continue;
        auto text = fields.string(name);
        if (!text) return fail(text.error());
        return std::optional<std::string>{std::move(*text)};
    }
    return std::optional<std::string>{};
}

}  // namespace

Result<NewClient, Error> decode_new_client(std::string_view body) {
    auto fields = JsonFields::parse(body);
    if (!fields) return fail(fields.error());
    if (auto known = fields->only({"name", "scopes", "debit_accounts", "certificate_subject"}); !known) {
        return fail(known.error());
    }
    auto name = fields->string("name");
    if (!name) return fail(name.error());
    if (auto valid = check_client_name(*name, "name"); !valid) return fail(valid.error());
    auto scopes_text = fields->string("scopes");
    if (!scopes_text) return fail(scopes_text.error());
    auto scopes = ScopeSet::parse(*scopes_text, "scopes");
    if (!scopes) return fail(scopes.error());
    NewClient wanted{std::move(*name), *scopes};
    auto debit = optional_string(*fields, "debit_accounts");
    if (!debit) return fail(debit.error());
    if (*debit) {
        auto ranges = AccountRanges::parse(**debit, "debit_accounts");
        if (!ranges) return fail(ranges.error());
        wanted.debit_accounts = std::move(*ranges);
    }
    auto subject = optional_string(*fields, "certificate_subject");
    if (!subject) return fail(subject.error());
    constexpr std::size_t subject_length_max = 1024;
    if (*subject && ((*subject)->empty() || (*subject)->size() > subject_length_max)) {
        return fail(Error{ErrorCode::invalid_request, "certificate_subject: must be 1 to 1024 characters"});
    }
    wanted.certificate_subject = std::move(*subject);
    return wanted;
}

std::string encode_client(const Client& client, const std::string* token) {
    boost::json::object object = client_object(client);
    if (token != nullptr) object["token"] = *token;
    return boost::json::serialize(object);
}

void ClientHandlers::run(std::function<HttpAnswer()> work, Respond respond) {
    // `respond` is shared: the task gets it if queued, this frame keeps it if not.
    auto shared = std::make_shared<Respond>(std::move(respond));
    if (!runner_.post([work = std::move(work), shared] { (*shared)(work()); })) {
        (*shared)(problem_answer(queue_full_error()));
    }
}

void ClientHandlers::list(Respond respond) {
    run([this] {
            auto clients = clients_.list();
            if (!clients) return problem_answer(clients.error());
            boost::json::array items;
            for (const Client& client : *clients) items.push_back(client_object(client));
            return json_answer(200, boost::json::serialize(boost::json::object{{"clients", std::move(items)}}));
        },
        std::move(respond));
}

void ClientHandlers::create(const HttpRequestView& request, Respond respond) {
    auto wanted = decode_new_client(request.body);
    if (!wanted) return respond(problem_answer(wanted.error()));
    run([this, wanted = std::move(*wanted)] {
            auto created = clients_.create(wanted);
            if (!created) return problem_answer(created.error());
            HttpAnswer answer = json_answer(201, encode_client(created->client, &created->token));
            answer.headers.emplace_back("Cache-Control", "no-store");  // the token is shown this once
            return answer;
        },
        std::move(respond));
}

void ClientHandlers::revoke(std::string_view name, Respond respond) {
    run([this, name = std::string(name)] {
            auto revoked = clients_.revoke(name);
            if (!revoked) return problem_answer(revoked.error());
            return json_answer(200, encode_client(*revoked));
        },
        std::move(respond));
}

}  // namespace transfers::http
