// Scope: one thing a client may do. A client holds a set of them; `admin` holds them all.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "domain/result.hpp"

namespace transfers {

enum class Scope : std::uint8_t {
    accounts_read = 1U << 0,    // read balances
    accounts_write = 1U << 1,   // open accounts
    transfers_read = 1U << 2,   // read transfers and account histories
    transfers_write = 1U << 3,  // move money
    admin = 1U << 4,            // manage clients; implies every other scope
};

// The scope's name as the API and the command line spell it ("transfers:write").
std::string_view scope_name(Scope scope);

class ScopeSet {
public:
    ScopeSet() = default;
    static ScopeSet of(std::initializer_list<Scope> scopes);
    // "transfers:write,accounts:read": comma-separated names, at least one, no repeats.
    static Result<ScopeSet, Error> parse(std::string_view names, std::string_view field);
    // `admin` grants every scope.
    bool grants(Scope scope) const;
    bool empty() const { return bits_ == 0; }
    // The names in a fixed order, comma-separated (the form parse reads back).
    std::string format() const;
    std::uint8_t bits() const { return bits_; }
    bool operator==(const ScopeSet&) const = default;

private:
    explicit ScopeSet(std::uint8_t bits) : bits_(bits) {}
    std::uint8_t bits_ = 0;
};

std::optional<Scope> scope_from_name(std::string_view name);

}  // namespace transfers
