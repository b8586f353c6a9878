// Request decoding: from JSON bodies and path segments to use-case commands, strictly.
#pragma once

#include <string_view>

#include "app/account_service.hpp"
#include "app/transfer_service.hpp"
#include "domain/error.hpp"
#include "domain/result.hpp"

namespace transfers::http {

Result<OpenAccountCommand, Error> decode_open_account(std::string_view body);
Result<TransferCommand, Error> decode_transfer(std::string_view body);

// The {id} of /v1/accounts/{id}, percent-decoded: decimal digits only, 1 .. 2^63-1.
Result<AccountId, Error> decode_account_id_segment(std::string_view segment);
// The {id} of /v1/transfers/{id}, percent-decoded: a UUID in its canonical lowercase text form.
Result<TransferId, Error> decode_transfer_id_segment(std::string_view segment);

}  // namespace transfers::http
