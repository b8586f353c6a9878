// The real ledger stores the contract suite runs against, each opened fresh for a test.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>

#include "adapters/mariadb/mariadb_ledger_store.hpp"
#include "ports/ledger_store.hpp"

namespace transfers::testing {

// Opens the named backend ("mariadb" or "sqlite") against the servers scripts/test started.
// Fails the test (never skips it) when the server it needs was not provided.
std::unique_ptr<LedgerStore> open_backend(const std::string& backend);

// The MariaDB store on the server scripts/test started, with `options`; fails the test (and
// answers nullptr) when there is none.
std::unique_ptr<mariadb::MariaDbLedgerStore> open_test_mariadb(const mariadb::StoreOptions& options);

// Account ids no other test or earlier run uses: tests share one database.
inline std::int64_t fresh_account_base() {
    static std::mt19937_64 random{std::random_device{}()};
    return static_cast<std::int64_t>(random() % (std::int64_t{1} << 40)) * 10000 + 1;
}

inline Money money(const char* text) { return Money::parse(text).value(); }

}  // namespace transfers::testing
