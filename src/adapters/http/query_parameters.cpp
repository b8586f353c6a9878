#include "adapters/http/query_parameters.hpp"

#include <algorithm>

#include "adapters/system/percent_decoding.hpp"

namespace transfers::http {
namespace {

Error invalid(std::string detail) { return Error{ErrorCode::invalid_request, std::move(detail)}; }

constexpr std::string_view malformed_escape = "malformed percent-encoding ('%' must be followed by two hex digits)";

bool is_visible_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

// A name as the detail shows it: decoded when that is plain visible ASCII, otherwise as sent with
// every other byte percent-encoded, so that the problem document stays valid, readable JSON.
std::string shown(std::string_view raw, const std::optional<std::string>& decoded) {
    if (decoded && is_visible_ascii(*decoded)) return *decoded;
    constexpr std::string_view hex = "0123456789ABCDEF";
    std::string out;
    for (char c : raw) {
        const auto byte = static_cast<unsigned char>(c);
        if (c > ' ' && c < 0x7f) {
            out.push_back(c);
        } else {
            out += {'%', hex[byte >> 4], hex[byte & 0xf]};
        }
    }
    return out;
}

}  // namespace

std::optional<std::string_view> QueryParameters::find(std::string_view name) const {
    for (const auto& [key, value] : pairs) {
        if (key == name) return std::string_view(value);
    }
    return std::nullopt;
}

Result<QueryParameters, Error> decode_query(std::string_view target, std::initializer_list<std::string_view> known) {
    QueryParameters query;
    const auto mark = target.find('?');
    std::string_view rest = mark == std::string_view::npos ? std::string_view{} : target.substr(mark + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        if (pair.empty()) continue;
        const auto equals = pair.find('=');
        const std::string_view raw_name = pair.substr(0, equals);
        if (raw_name.empty()) return fail(invalid("query: a parameter without a name"));
        auto name = percent_decode(raw_name);
        if (!name) return fail(invalid(shown(raw_name, name) + ": " + std::string(malformed_escape)));
        if (std::find(known.begin(), known.end(), *name) == known.end()) {
            return fail(invalid(shown(raw_name, name) + ": unknown query parameter"));
        }
        // Known names are plain ASCII from here on: they can be shown as they are.
        if (query.find(*name)) return fail(invalid(*name + ": given more than once"));
        auto value = percent_decode(equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1));
        if (!value) return fail(invalid(*name + ": " + std::string(malformed_escape)));
        query.pairs.emplace_back(std::move(*name), std::move(*value));
    }
    return query;
}

}  // namespace transfers::http
