// The service's failpoints: none. Production binaries link this file.
#include "app/failpoint.hpp"

namespace transfers {

void failpoint(std::string_view) {}

}  // namespace transfers
