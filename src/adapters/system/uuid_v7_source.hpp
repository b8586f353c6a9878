// UuidV7Source: transfer ids as RFC 9562 version 7 UUIDs (time-ordered, 74 random bits).
#pragma once

#include "ports/transfer_id_source.hpp"

namespace transfers {

// Stateless; each calling thread draws from its own random engine.
class UuidV7Source final : public TransferIdSource {
public:
    TransferId next() override;
};

}  // namespace transfers
