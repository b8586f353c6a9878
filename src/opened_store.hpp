// Opening the store a --db URL names, for `serve` and `clients` alike (composition root).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "adapters/mariadb/connection_pool.hpp"
#include "domain/result.hpp"
#include "ports/client_store.hpp"
#include "ports/ledger_store.hpp"

namespace transfers {

// The ledger store the URL names, its client store (the same object), and what tracing and
// metrics need to know about it.
struct OpenedStore {
    std::unique_ptr<LedgerStore> store;
    ClientStore* clients = nullptr;  // owned by `store`
    std::string system;
    std::string database;
    std::function<mariadb::PoolCounts()> pool_counts;  // MariaDB only
};

// Connects (MariaDB: at most `connections_max` connections) and migrates the schema; the error
// is one line for stderr.
// `password` (from --db-password-file) is used for a MariaDB URL that carries none.
Result<OpenedStore, std::string> open_store(const std::string& url, const std::optional<std::string>& password,
                                            std::size_t connections_max, std::chrono::milliseconds timeout_db);

}  // namespace transfers
