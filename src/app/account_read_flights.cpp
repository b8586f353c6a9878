#include "app/account_read_flights.hpp"

namespace transfers {

std::shared_ptr<AccountReadFlights::Flight> AccountReadFlights::join(AccountId id, Reply<Account> reply) {
    std::lock_guard lock(mutex_);
    auto& slot = flights_[id.value];
    const bool joinable = slot && (!slot->reading || slot->commits_at_read == commits_.now());
    if (joinable) {
        slot->waiters.push_back(std::move(reply));
        return nullptr;
    }
    // A flight that may be stale for this caller keeps answering its own waiters; new arrivals
    // gather on a fresh one.
    slot = std::make_shared<Flight>();
    slot->waiters.push_back(std::move(reply));
    return slot;
}

void AccountReadFlights::start_reading(AccountId, const std::shared_ptr<Flight>& flight) {
    std::lock_guard lock(mutex_);
    flight->reading = true;
    flight->commits_at_read = commits_.now();
}

void AccountReadFlights::land(AccountId id, const std::shared_ptr<Flight>& flight,
                              const Result<Account, Error>& result) {
    std::vector<Reply<Account>> waiters;
    {
        std::lock_guard lock(mutex_);
        waiters.swap(flight->waiters);
        if (auto slot = flights_.find(id.value); slot != flights_.end() && slot->second == flight) {
            flights_.erase(slot);
        }
    }
    for (auto& waiter : waiters) waiter(result);
}

}  // namespace transfers
