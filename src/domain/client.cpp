#include "domain/client.hpp"

#include <algorithm>
#include <cctype>

namespace transfers {

Result<void, Error> check_client_name(std::string_view name, std::string_view field) {
    const auto wrong = [field](std::string why) {
        return fail(Error{ErrorCode::invalid_request, std::string(field) + ": " + why});
    };
    constexpr std::size_t length_max = 64;
    if (name.empty() || name.size() > length_max) return wrong("must be 1 to 64 characters");
    const auto allowed = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
    };
    if (!std::all_of(name.begin(), name.end(), allowed) || !std::isalnum(static_cast<unsigned char>(name.front()))) {
        return wrong("letters, digits, '.', '_' and '-' only, starting with a letter or digit");
    }
    if (name == anonymous_client_name) return wrong("\"anonymous\" names requests made with --auth off");
    return {};
}

}  // namespace transfers
