// CapturedTransferAnswer: what a batcher answered one transfer, and how many times.
#pragma once

#include <optional>

#include "app/reply.hpp"
#include "domain/error.hpp"
#include "domain/result.hpp"
#include "domain/transfer.hpp"

namespace transfers::test {

struct CapturedTransferAnswer {
    int calls = 0;
    std::optional<Result<Transfer, Error>> result;

    // The reply to hand the batcher; `this` must outlive it.
    Reply<Transfer> reply() {
        return [this](Result<Transfer, Error> given) {
            ++calls;
            result.emplace(std::move(given));
        };
    }
};

}  // namespace transfers::test
