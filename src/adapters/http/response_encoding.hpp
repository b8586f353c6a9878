// Response encoding: accounts and transfers as the API shows them (the seed's field names).
#pragma once

#include <string>

#include "domain/account.hpp"
#include "domain/transfer.hpp"

namespace transfers::http {

std::string encode_account(const Account& account);
std::string encode_transfer(const Transfer& transfer);

}  // namespace transfers::http
