// TransferService: the use cases that move money between accounts and read transfer records.
#pragma once

#include <array>
#include <optional>

#include "domain/error.hpp"
#include "domain/result.hpp"
#include "domain/transfer.hpp"
#include "ports/clock.hpp"
#include "ports/ledger_store.hpp"
#include "ports/transfer_id_source.hpp"

namespace transfers {

// A committed transfer with the account states it produced (for the cache).
struct CommittedTransfer {
    Transfer record;
    std::array<Account, 2> accounts_after;
};

struct TransferCommand {
    AccountId source;
    AccountId target;
    Money amount;
};

// Stateless apart from its port references; safe to call from any thread.
class TransferService {
public:
    TransferService(LedgerStore& store, Clock& clock, TransferIdSource& ids)
        : store_(store), clock_(clock), ids_(ids) {}

    // Blocking: runs the transfer's database transaction. The caller is on a runner thread.
    Result<CommittedTransfer, Error> commit(const TransferCommand& command);
    Result<Transfer, Error> transfer(const TransferCommand& command);
    Result<Transfer, Error> get_transfer(const TransferId& id);

private:
    // One run of the transfer's database transaction; `refusal` says why it rolled back.
    StoreResult<TransactionEnd> execute(LedgerTransaction& transaction, CommittedTransfer& outcome,
                                        std::optional<Error>& refusal);
    // After a COMMIT whose outcome was lost: reads back whether `record` was written.
    Result<bool, Error> committed(const Transfer& record);

    LedgerStore& store_;
    Clock& clock_;
    TransferIdSource& ids_;
};

}  // namespace transfers
