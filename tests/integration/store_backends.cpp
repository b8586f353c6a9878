#include "integration/store_backends.hpp"

#include <cstdlib>
#include <filesystem>
#include <unistd.h>

#include "adapters/mariadb/mariadb_ledger_store.hpp"
#include "adapters/sqlite/sqlite_ledger_store.hpp"

namespace transfers::testing {

std::unique_ptr<mariadb::MariaDbLedgerStore> open_test_mariadb(const mariadb::StoreOptions& options) {
    const char* url = std::getenv("TRANSFERS_TEST_MARIADB_URL");
    if (url == nullptr) {
        ADD_FAILURE() << "TRANSFERS_TEST_MARIADB_URL is not set: run the tests through scripts/test";
        return nullptr;
    }
    auto settings = mariadb::parse_mariadb_url(url);
    if (!settings) {
        ADD_FAILURE() << settings.error();
        return nullptr;
    }
    auto store = mariadb::MariaDbLedgerStore::open(*settings, options);
    if (!store) {
        ADD_FAILURE() << store.error();
        return nullptr;
    }
    return std::move(*store);
}

namespace {

std::unique_ptr<LedgerStore> open_mariadb() { return open_test_mariadb(mariadb::StoreOptions{}); }

// A fresh file per test in a directory of its own, removed when the process ends.
std::unique_ptr<LedgerStore> open_sqlite() {
    static const std::filesystem::path directory = [] {
        std::string pattern = (std::filesystem::temp_directory_path() / "transfers-sqlite.XXXXXX").string();
        const char* made = mkdtemp(pattern.data());
        EXPECT_NE(made, nullptr);
        std::atexit([] { std::filesystem::remove_all(directory); });
        return std::filesystem::path(pattern);
    }();
    static int files = 0;
    const auto path = directory / ("ledger-" + std::to_string(++files) + ".db");
    auto store = sqlite::SqliteLedgerStore::open(path.string(), std::chrono::milliseconds(5000));
    if (!store) {
        ADD_FAILURE() << store.error();
        return nullptr;
    }
    return std::move(*store);
}

}  // namespace

std::unique_ptr<LedgerStore> open_backend(const std::string& backend) {
    if (backend == "mariadb") return open_mariadb();
    if (backend == "sqlite") return open_sqlite();
    ADD_FAILURE() << "unknown backend " << backend;
    return nullptr;
}

}  // namespace transfers::testing
