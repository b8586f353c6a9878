#include "app/readiness.hpp"

namespace transfers {

std::vector<DependencyStatus> Readiness::check() {
    auto database = store_.ping();
    return {database ? DependencyStatus{"database", true, ""}
                     : DependencyStatus{"database", false, database.error().message}};
}

}  // namespace transfers
