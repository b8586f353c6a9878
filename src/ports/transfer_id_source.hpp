// TransferIdSource: hands out new, never repeated transfer ids. Safe to call from any thread.
#pragma once

#include "domain/transfer.hpp"

namespace transfers {

class TransferIdSource {
public:
    virtual ~TransferIdSource() = default;
    virtual TransferId next() = 0;
};

}  // namespace transfers
