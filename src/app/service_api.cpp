#include "app/service_api.hpp"

namespace transfers {

template <typename T>
void ServiceApi::run_blocking(std::function<void()> task, const Reply<T>& reply) {
    if (!parts_.runner.post(std::move(task))) reply(fail(queue_full_error()));
}

void ServiceApi::open_account(const OpenAccountCommand& command, Reply<Account> reply) {
    run_blocking<Account>([this, command, reply] { reply(parts_.accounts.open_account(command)); }, reply);
}

void ServiceApi::get_account(AccountId id, Reply<Account> reply) {
    parts_.cache.lookup(id, [this, id, reply = std::move(reply)](std::optional<Account> cached) mutable {
        if (cached) return reply(*cached);
        auto flight = flights_.join(id, std::move(reply));
        if (flight) read_through(id, std::move(flight));
    });
}

void ServiceApi::read_through(AccountId id, std::shared_ptr<AccountReadFlights::Flight> flight) {
    const bool queued = parts_.runner.post([this, id, flight] {
        flights_.start_reading(id, flight);
        const std::uint64_t epoch = parts_.cache.epoch();
        auto account = parts_.accounts.get_account(id);
        if (account) parts_.cache.fill(*account, epoch);
        flights_.land(id, flight, account);
    });
    if (!queued) flights_.land(id, flight, fail(queue_full_error()));
}

void ServiceApi::transfer(const TransferCommand& command, Reply<Transfer> reply) {
    parts_.batcher.submit(command, std::move(reply));
}

void ServiceApi::get_transfer(const TransferId& id, Reply<Transfer> reply) {
    run_blocking<Transfer>([this, id, reply] { reply(parts_.transfers.get_transfer(id)); }, reply);
}

void ServiceApi::history(AccountId id, std::optional<std::int64_t> before, std::size_t limit,
                         Reply<HistoryPage> reply) {
    run_blocking<HistoryPage>([this, id, before, limit, reply] { reply(parts_.accounts.history(id, before, limit)); },
                              reply);
}

void ServiceApi::check_readiness(std::function<void(std::vector<DependencyStatus>)> reply) {
    const bool queued = parts_.runner.post([this, reply] { reply(parts_.readiness.check()); });
    if (!queued) reply({DependencyStatus{"workers", false, true, "work queue full"}});
}

}  // namespace transfers
