// AccountService: the use cases that open accounts and read balances and histories.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/account.hpp"
#include "domain/error.hpp"
#include "domain/result.hpp"
#include "ports/clock.hpp"
#include "ports/ledger_store.hpp"

namespace transfers {

struct OpenAccountCommand {
    AccountId id;
    Money initial_balance;
    // With a key, a retry gets the first answer (201 again, not 409 account_exists).
    std::optional<std::string> idempotency_key = std::nullopt;
    // The client that asks for it (its idempotency keys are its own).
    std::string client = std::string(anonymous_client_name);
};

// One page of an account's history, newest first.
struct HistoryPage {
    std::vector<Transfer> transfers;
    std::optional<std::int64_t> next_before;  // where the next page starts; none on the last
};

// Bounds of a history page: what a client may ask for, and what it gets when it does not say.
constexpr std::size_t history_page_default = 50;
constexpr std::size_t history_page_max = 500;

// Stateless apart from its port references; safe to call from any thread. Blocking.
class AccountService {
public:
    AccountService(LedgerStore& store, Clock& clock) : store_(store), clock_(clock) {}

    Result<Account, Error> open_account(const OpenAccountCommand& command);
    Result<Account, Error> get_account(AccountId id);
    // Transfers with a sequence below `before` (the newest when absent), at most `limit`.
    Result<HistoryPage, Error> history(AccountId id, std::optional<std::int64_t> before, std::size_t limit);

private:
    Result<Account, Error> open_once(const OpenAccountCommand& command);

    LedgerStore& store_;
    Clock& clock_;
};

}  // namespace transfers
