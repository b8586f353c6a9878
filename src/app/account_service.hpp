// AccountService: the use cases that open accounts and read their balances.
#pragma once

#include "domain/account.hpp"
#include "domain/error.hpp"
#include "domain/result.hpp"
#include "ports/ledger_store.hpp"

namespace transfers {

struct OpenAccountCommand {
    AccountId id;
    Money initial_balance;
};

// Stateless apart from its store reference; safe to call from any thread.
class AccountService {
public:
    explicit AccountService(LedgerStore& store) : store_(store) {}

    Result<Account, Error> open_account(const OpenAccountCommand& command);
    Result<Account, Error> get_account(AccountId id);

private:
    LedgerStore& store_;
};

}  // namespace transfers
