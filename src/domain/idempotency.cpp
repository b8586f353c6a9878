#include "domain/idempotency.hpp"

#include <algorithm>

namespace transfers {

bool is_valid_idempotency_key(std::string_view key) {
    return !key.empty() && key.size() <= idempotency_key_length_max &&
           std::all_of(key.begin(), key.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

namespace {

std::string signed_by(std::string_view client) {
    std::string suffix;
    if (client != anonymous_client_name) suffix.append("@").append(client);  // append: GCC 12 misreports "@" + string
    return suffix;
}

}  // namespace

std::string fingerprint_of_transfer(AccountId source, AccountId target, const Money& amount, std::string_view client) {
    return std::to_string(source.value) + ">" + std::to_string(target.value) + ":" + amount.to_string() +
           signed_by(client);
}

std::string fingerprint_of_account(AccountId id, const Money& initial_balance, std::string_view client) {
    return std::to_string(id.value) + "=" + initial_balance.to_string() + signed_by(client);
}

}  // namespace transfers
