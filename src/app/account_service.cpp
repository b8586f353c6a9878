#include "app/account_service.hpp"

#include <string>

#include "app/store_errors.hpp"
#include "domain/transfer_rules.hpp"

namespace transfers {

Result<Account, Error> AccountService::open_account(const OpenAccountCommand& command) {
    if (auto valid = check_initial_balance(command.initial_balance); !valid) {
        return fail(valid.error());
    }
    const Account account{command.id, command.initial_balance, 0};
    auto inserted = store_.insert_account(account);
    if (inserted) return account;
    if (inserted.error().kind == StoreFailure::Kind::duplicate) {
        return fail(Error{ErrorCode::account_exists,
                          "account " + std::to_string(command.id.value) + " already exists"});
    }
    return fail(unavailable_because(inserted.error()));
}

Result<Account, Error> AccountService::get_account(AccountId id) {
    auto found = store_.find_account(id);
    if (!found) return fail(unavailable_because(found.error()));
    if (!found->has_value()) {
        return fail(Error{ErrorCode::account_not_found,
                          "account " + std::to_string(id.value) + " does not exist"});
    }
    return **found;
}

}  // namespace transfers
