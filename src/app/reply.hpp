// Reply<T>: how an asynchronous use case hands back its result, exactly once, on any thread.
#pragma once

#include <functional>

#include "domain/error.hpp"
#include "domain/result.hpp"

namespace transfers {

template <typename T>
using Reply = std::function<void(Result<T, Error>)>;

inline Error queue_full_error() {
    return Error{ErrorCode::unavailable, "the service is at capacity: its work queue is full"};
}

}  // namespace transfers
