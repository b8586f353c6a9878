// Idempotency: what is remembered of a request sent with an Idempotency-Key, so that its
// retries get the same answer and never a second effect.
#pragma once

#include <compare>
#include <optional>
#include <string>

#include "domain/error.hpp"
#include "domain/timestamp.hpp"
#include "domain/transfer.hpp"

namespace transfers {

struct IdempotencyKey {
    std::string scope;  // the route: "transfers" or "accounts"
    std::string key;    // as the client sent it
    auto operator<=>(const IdempotencyKey&) const = default;
};

// At most this many characters, all visible ASCII: keys are stored and compared byte for byte.
constexpr std::size_t idempotency_key_length_max = 255;
bool is_valid_idempotency_key(std::string_view key);

struct IdempotencyRecord {
    IdempotencyKey key;
    // The request in canonical form (e.g. "1001>2002:150"): a retry must match it exactly.
    std::string fingerprint;
    std::optional<TransferId> transfer;  // the transfer it committed, if any
    std::optional<Error> refusal;        // the refusal it was answered with, if any
    Timestamp created_at;
};

// The canonical request forms that fingerprints compare. They name the client that sent the
// request (unless anonymous, which keeps the form keys had before clients existed): keys are
// shared by all clients, and a key one client used is refused to another (409
// idempotency_key_reused) instead of answering it the first client's transfer.
std::string fingerprint_of_transfer(AccountId source, AccountId target, const Money& amount,
                                    std::string_view client = anonymous_client_name);
std::string fingerprint_of_account(AccountId id, const Money& initial_balance,
                                   std::string_view client = anonymous_client_name);

}  // namespace transfers
