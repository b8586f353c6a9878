#include "adapters/http/response_encoding.hpp"

#include <fmt/format.h>

namespace transfers::http {

// Built as text rather than through a JSON DOM: every value is a number, a canonical decimal,
// a UUID or a timestamp, none of which can hold a character that needs escaping.
std::string encode_account(const Account& account) {
    return fmt::format(R"({{"account_id":{},"balance":"{}"}})", account.id.value,
                       account.balance.to_string());
}

std::string encode_transfer(const Transfer& transfer) {
    return fmt::format(
        R"({{"transaction_id":"{}","source_account_id":{},"destination_account_id":{},"amount":"{}","created_at":"{}","created_by":"{}"}})",
        transfer.id.value, transfer.source.value, transfer.target.value, transfer.amount.to_string(),
        format_rfc3339(transfer.created_at), transfer.created_by);  // client names need no JSON escaping
}

std::string encode_history(const std::vector<Transfer>& transfers, const std::optional<std::string>& next_cursor) {
    std::string body = R"({"transfers":[)";
    for (std::size_t i = 0; i < transfers.size(); ++i) {
        if (i > 0) body += ',';
        body += encode_transfer(transfers[i]);
    }
    body += ']';
    // The cursor is base64url text: nothing in it needs escaping either.
    if (next_cursor) body += R"(,"next_cursor":")" + *next_cursor + '"';
    body += '}';
    return body;
}

}  // namespace transfers::http
