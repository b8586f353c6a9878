#include "domain/scope.hpp"

#include <array>

namespace transfers {
namespace {

constexpr std::array all_scopes{Scope::accounts_read, Scope::accounts_write, Scope::transfers_read,
                                Scope::transfers_write, Scope::admin};

}  // namespace

std::string_view scope_name(Scope scope) {
    switch (scope) {
        case Scope::accounts_read: return "accounts:read";
        case Scope::accounts_write: return "accounts:write";
        case Scope::transfers_read: return "transfers:read";
        case Scope::transfers_write: return "transfers:write";
        case Scope::admin: return "admin";
    }
    return "unknown";
}

std::optional<Scope> scope_from_name(std::string_view name) {
    for (const Scope scope : all_scopes) {
        if (scope_name(scope) == name) return scope;
    }
    return std::nullopt;
}

ScopeSet ScopeSet::of(std::initializer_list<Scope> scopes) {
    std::uint8_t bits = 0;
    for (const Scope scope : scopes) bits |= static_cast<std::uint8_t>(scope);
    return ScopeSet(bits);
}

Result<ScopeSet, Error> ScopeSet::parse(std::string_view names, std::string_view field) {
    std::uint8_t bits = 0;
    const auto wrong = [field](std::string why) {
        return fail(Error{ErrorCode::invalid_request, std::string(field) + ": " + why});
    };
    if (names.empty()) return wrong("at least one scope is required");
    while (true) {
        const auto comma = names.find(',');
        const std::string_view name = names.substr(0, comma);
        const auto scope = scope_from_name(name);
        if (!scope) {
            return wrong("unknown scope \"" + std::string(name) +
                         "\" (accounts:read, accounts:write, transfers:read, transfers:write, admin)");
        }
        const auto bit = static_cast<std::uint8_t>(*scope);
        if ((bits & bit) != 0) return wrong("scope " + std::string(name) + " is given twice");
        bits |= bit;
        if (comma == std::string_view::npos) break;
        names.remove_prefix(comma + 1);
    }
    return ScopeSet(bits);
}

bool ScopeSet::grants(Scope scope) const {
    const auto admin = static_cast<std::uint8_t>(Scope::admin);
    return (bits_ & (static_cast<std::uint8_t>(scope) | admin)) != 0;
}

std::string ScopeSet::format() const {
    std::string names;
    for (const Scope scope : all_scopes) {
        if ((bits_ & static_cast<std::uint8_t>(scope)) == 0) continue;
        if (!names.empty()) names += ',';
        names += scope_name(scope);
    }
    return names;
}

}  // namespace transfers
