// ConnectionTable: the open connections, which of them are idle, and the bound on how many may
// be open, with the choice of which idle connection to close when a new one needs room.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace transfers::http {

// Thread-safe: the acceptor admits from its strand while every connection marks itself idle or
// busy from its own; mutex_ guards everything below it. Free of sockets, so that the choice of
// whom to close can be tested alone: a connection is named by its id and closed through the
// callback it was admitted with.
class ConnectionTable {
public:
    using Id = std::uint64_t;
    // Asks a connection to close. Called once, from the thread that admitted the newcomer, with
    // no lock held: it must only hand the request over (post to the connection's strand).
    using Close = std::function<void()>;

    struct Counts {
        std::size_t open = 0;
        std::size_t idle = 0;
        std::uint64_t closed_idle_for_limit = 0;  // idle connections closed to admit a new one
        std::uint64_t refused_for_limit = 0;      // new connections refused: none was idle
    };

    explicit ConnectionTable(std::size_t connections_max);

    // Admits a new connection, idle until it calls mark_busy. At the limit, the connection idle
    // the longest is closed to make room (its request, if one races in, is not read: a client
    // must expect a keep-alive connection to be closed between requests, RFC 9112 9.3.1); with
    // none idle the newcomer is refused (nullopt) and the caller answers it 503.
    std::optional<Id> admit(Close close);
    // The first bytes of a request arrived. False when the connection was closed for the limit
    // meanwhile: the caller must then close it without reading on.
    bool mark_busy(Id id);
    // The answer is written and the connection waits for the next request: it may be closed
    // for the limit from now on, the longest idle first.
    void mark_idle(Id id);
    // The connection is closed (a no-op for one already closed for the limit).
    void remove(Id id);

    std::size_t connections_max() const { return connections_max_; }
    Counts counts() const;

private:
    struct Entry {
        std::list<Id>::iterator position;  // in idle_ or busy_
        bool idle = true;
        Close close;
    };

    std::optional<Close> take_longest_idle();

    const std::size_t connections_max_;
    mutable std::mutex mutex_;
    Id next_id_ = 1;
    // Oldest first: mark_idle appends, so idle_.front() has been idle the longest. A connection
    // moves between the two lists by splice, which neither allocates nor invalidates positions.
    std::list<Id> idle_;
    std::list<Id> busy_;
    std::unordered_map<Id, Entry> entries_;
    std::uint64_t closed_idle_for_limit_ = 0;
    std::uint64_t refused_for_limit_ = 0;
};

}  // namespace transfers::http
