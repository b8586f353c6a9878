// History query: the `limit` and `after` parameters of GET /v1/accounts/{id}/transfers, and the
// opaque cursor that `after` carries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/account_id.hpp"
#include "domain/error.hpp"
#include "domain/result.hpp"

namespace transfers::http {

struct HistoryQuery {
    std::optional<std::int64_t> before;  // from the cursor; absent for the first page
    std::size_t limit = 0;
};

// Reads `limit` and `after` from the query of `target` (decode_query: percent-decoded, any other
// parameter or a repeated one refused). A cursor is valid only for the account it was issued
// for, and any edit to it is detected (it carries a checksum), so it cannot be forged by hand.
Result<HistoryQuery, Error> decode_history_query(std::string_view target, AccountId account);

// The cursor of the page that starts below sequence `before` of `account`.
std::string encode_history_cursor(AccountId account, std::int64_t before);

}  // namespace transfers::http
