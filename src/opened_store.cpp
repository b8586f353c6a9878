#include "opened_store.hpp"

#include "adapters/mariadb/mariadb_ledger_store.hpp"
#include "adapters/sqlite/sqlite_ledger_store.hpp"

namespace transfers {

Result<OpenedStore, std::string> open_store(const std::string& url, const std::optional<std::string>& password,
                                            std::size_t connections_max, std::chrono::milliseconds timeout_db) {
    if (url.rfind("mariadb://", 0) == 0) {
        auto settings = password ? mariadb::parse_mariadb_url(url, *password) : mariadb::parse_mariadb_url(url);
        if (!settings) return fail(settings.error());
        mariadb::StoreOptions options;
        options.connections_max = static_cast<int>(connections_max);
        options.timeout_db = timeout_db;
        auto store = mariadb::MariaDbLedgerStore::open(*settings, options);
        if (!store) return fail(store.error());
        auto* mariadb_store = store->get();
        return OpenedStore{std::move(*store), mariadb_store, "mariadb", settings->database,
                           [mariadb_store] { return mariadb_store->pool_counts(); }};
    }
    if (url.rfind("sqlite:", 0) == 0 && url.size() > 7) {
        auto store = sqlite::SqliteLedgerStore::open(url.substr(7), timeout_db);
        if (!store) return fail(store.error());
        auto* sqlite_store = store->get();
        return OpenedStore{std::move(*store), sqlite_store, "sqlite", url.substr(7), nullptr};
    }
    return fail("unsupported --db " + url + " (expected mariadb://USER[:PASS]@HOST:PORT/DBNAME or sqlite:PATH)");
}

}  // namespace transfers
