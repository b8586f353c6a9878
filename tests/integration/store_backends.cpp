#include "integration/store_backends.hpp"

#include <cstdlib>

#include "adapters/mariadb/mariadb_ledger_store.hpp"

namespace transfers::testing {
namespace {

std::unique_ptr<LedgerStore> open_mariadb() {
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
    auto store = mariadb::MariaDbLedgerStore::open(*settings, mariadb::StoreOptions{});
    if (!store) {
        ADD_FAILURE() << store.error();
        return nullptr;
    }
    return std::move(*store);
}

}  // namespace

std::unique_ptr<LedgerStore> open_backend(const std::string& backend) {
    if (backend == "mariadb") return open_mariadb();
    ADD_FAILURE() << "unknown backend " << backend;
    return nullptr;
}

}  // namespace transfers::testing
