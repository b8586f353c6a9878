// Response encoding: accounts and transfers as the API shows them (the seed's field names).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/account.hpp"
#include "domain/transfer.hpp"

namespace transfers::http {

std::string encode_account(const Account& account);
std::string encode_transfer(const Transfer& transfer);
// {"transfers":[...],"next_cursor":"..."}, next_cursor absent on the last page.
std::string encode_history(const std::vector<Transfer>& transfers, const std::optional<std::string>& next_cursor);

}  // namespace transfers::http
