#include "adapters/http/json_fields.hpp"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>

namespace transfers::http {
namespace {

using boost::json::error_code;
using boost::json::string_view;
using Kind = JsonScalar::Kind;

// SAX handler that records the members of the top-level object only. Request bodies are tiny,
// so there is no DOM: one pass, no allocations beyond the member names and strings.
struct FlatObjectHandler {
    static constexpr std::size_t max_object_size = 64;
    static constexpr std::size_t max_array_size = 64;
    static constexpr std::size_t max_key_size = 256;
    static constexpr std::size_t max_string_size = 4096;

    std::vector<JsonFields::Member> members;
    std::string pending;  // key or string pieces delivered before the last piece
    int depth = 0;
    bool top_is_object = false;
    std::optional<std::string> duplicate;

    // Values directly inside the top-level object; a top-level array has no members.
    bool at_member_value() const { return depth == 1 && top_is_object; }

    void add(JsonScalar value) {
        if (at_member_value()) members.back().value = std::move(value);
    }
    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_array_begin(error_code&) {
        add(JsonScalar{Kind::nested, {}, 0});
        ++depth;
        return true;
    }
    bool on_array_end(std::size_t, error_code&) {
        --depth;
        return true;
    }
    bool on_object_begin(error_code&) {
        if (depth == 0) top_is_object = true;
        add(JsonScalar{Kind::nested, {}, 0});
        ++depth;
        return true;
    }
    bool on_object_end(std::size_t, error_code&) {
        --depth;
        return true;
    }
    bool on_string_part(string_view s, std::size_t, error_code&) {
        pending.append(s.data(), s.size());
        return true;
    }
    bool on_string(string_view s, std::size_t, error_code&) {
        pending.append(s.data(), s.size());
        add(JsonScalar{Kind::string, std::move(pending), 0});
        pending.clear();
        return true;
    }
    bool on_key_part(string_view s, std::size_t, error_code&) {
        pending.append(s.data(), s.size());
        return true;
    }
    bool on_key(string_view s, std::size_t, error_code&) {
        pending.append(s.data(), s.size());
        if (depth == 1) on_top_level_key(std::move(pending));
        pending.clear();
        return true;
    }
    void on_top_level_key(std::string name) {
        const bool seen = std::any_of(members.begin(), members.end(),
                                      [&](const JsonFields::Member& m) { return m.name == name; });
        if (seen && !duplicate) duplicate = name;
        members.push_back({std::move(name), {}});
    }
    bool on_number_part(string_view, error_code&) { return true; }
    bool on_int64(std::int64_t i, string_view, error_code&) {
        add(JsonScalar{Kind::integer, {}, i});
        return true;
    }
    bool on_uint64(std::uint64_t, string_view, error_code&) {
        // Only values above INT64_MAX arrive here: no account id is that large.
        add(JsonScalar{Kind::integer_out_of_range, {}, 0});
        return true;
    }
    bool on_double(double, string_view text, error_code&) {
        // Integers too large even for uint64 also arrive as doubles: tell them apart by their text.
        const bool integral = text.find_first_of(".eE") == string_view::npos;
        add(JsonScalar{integral ? Kind::integer_out_of_range : Kind::fractional_number, {}, 0});
        return true;
    }
    bool on_bool(bool, error_code&) {
        add(JsonScalar{Kind::boolean, {}, 0});
        return true;
    }
    bool on_null(error_code&) {
        add(JsonScalar{Kind::null, {}, 0});
        return true;
    }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }
};

Error invalid(std::string detail) { return Error{ErrorCode::invalid_request, std::move(detail)}; }

std::string_view kind_name(Kind kind) {
    switch (kind) {
        case Kind::string: return "a string";
        case Kind::integer:
        case Kind::integer_out_of_range: return "an integer";
        case Kind::fractional_number: return "a fractional number";
        case Kind::boolean: return "a boolean";
        case Kind::null: return "null";
        case Kind::nested: return "an object or array";
    }
    return "a value";
}

}  // namespace

Result<JsonFields, Error> JsonFields::parse(std::string_view body) {
    boost::json::parse_options options;
    options.max_depth = 8;  // a flat request needs 1; a little slack keeps errors precise
    boost::json::basic_parser<FlatObjectHandler> parser(options);
    error_code ec;
    const std::size_t used = parser.write_some(false, body.data(), body.size(), ec);
    if (ec) return fail(invalid("body: malformed JSON (" + ec.message() + ")"));
    if (used != body.size()) return fail(invalid("body: malformed JSON (data after the object)"));
    FlatObjectHandler& handler = parser.handler();
    if (!handler.top_is_object) return fail(invalid("body: must be a JSON object"));
    if (handler.duplicate) return fail(invalid(*handler.duplicate + ": field given more than once"));
    JsonFields fields;
    fields.members = std::move(handler.members);
    return fields;
}

Result<void, Error> JsonFields::only(std::initializer_list<std::string_view> allowed) const {
    for (const Member& member : members) {
        if (std::find(allowed.begin(), allowed.end(), member.name) == allowed.end()) {
            return fail(invalid(member.name + ": unknown field"));
        }
    }
    return {};
}

const JsonScalar* JsonFields::find(std::string_view name) const {
    for (const Member& member : members) {
        if (member.name == name) return &member.value;
    }
    return nullptr;
}

Result<std::int64_t, Error> JsonFields::positive_integer(std::string_view name) const {
    const JsonScalar* value = find(name);
    const std::string field(name);
    if (value == nullptr) return fail(invalid(field + ": is required"));
    if (value->kind == Kind::integer_out_of_range ||
        (value->kind == Kind::integer && value->integer <= 0)) {
        return fail(invalid(field + ": must be an integer from 1 to 9223372036854775807"));
    }
    if (value->kind != Kind::integer) {
        return fail(invalid(field + ": must be an integer, not " + std::string(kind_name(value->kind))));
    }
    return value->integer;
}

Result<std::string, Error> JsonFields::string(std::string_view name) const {
    const JsonScalar* value = find(name);
    const std::string field(name);
    if (value == nullptr) return fail(invalid(field + ": is required"));
    if (value->kind != Kind::string) {
        return fail(invalid(field + ": must be a decimal string, not " +
                            std::string(kind_name(value->kind))));
    }
    return value->text;
}

}  // namespace transfers::http
