#include "adapters/http/connection_table.hpp"

#include <cassert>
#include <utility>

namespace transfers::http {

ConnectionTable::ConnectionTable(std::size_t connections_max) : connections_max_(connections_max) {
    assert(connections_max_ > 0);
}

std::optional<ConnectionTable::Id> ConnectionTable::admit(Close close) {
    std::optional<Close> make_room;
    Id id = 0;
    {
        std::lock_guard lock(mutex_);
        if (entries_.size() >= connections_max_) {
            make_room = take_longest_idle();
            if (!make_room) {
                ++refused_for_limit_;
                return std::nullopt;
            }
        }
        id = next_id_++;
        idle_.push_back(id);
        entries_.emplace(id, Entry{std::prev(idle_.end()), true, std::move(close)});
        assert(entries_.size() <= connections_max_);
    }
    if (make_room) (*make_room)();  // outside the lock: it posts to another strand
    return id;
}

// Under mutex_: forgets the connection idle the longest and answers how to close it.
std::optional<ConnectionTable::Close> ConnectionTable::take_longest_idle() {
    if (idle_.empty()) return std::nullopt;
    const Id oldest = idle_.front();
    idle_.pop_front();
    auto entry = entries_.find(oldest);
    assert(entry != entries_.end());
    assert(entry->second.idle);
    Close close = std::move(entry->second.close);
    entries_.erase(entry);
    ++closed_idle_for_limit_;
    return close;
}

bool ConnectionTable::mark_busy(Id id) {
    std::lock_guard lock(mutex_);
    auto entry = entries_.find(id);
    if (entry == entries_.end()) return false;  // closed for the limit
    if (entry->second.idle) {
        busy_.splice(busy_.end(), idle_, entry->second.position);
        entry->second.idle = false;
    }
    return true;
}

void ConnectionTable::mark_idle(Id id) {
    std::lock_guard lock(mutex_);
    auto entry = entries_.find(id);
    if (entry == entries_.end()) return;
    // Idle again: to the back, so that the connections idle the longest are closed first.
    auto& from = entry->second.idle ? idle_ : busy_;
    idle_.splice(idle_.end(), from, entry->second.position);
    entry->second.idle = true;
}

void ConnectionTable::remove(Id id) {
    std::lock_guard lock(mutex_);
    auto entry = entries_.find(id);
    if (entry == entries_.end()) return;
    (entry->second.idle ? idle_ : busy_).erase(entry->second.position);
    entries_.erase(entry);
}

ConnectionTable::Counts ConnectionTable::counts() const {
    std::lock_guard lock(mutex_);
    return {entries_.size(), idle_.size(), closed_idle_for_limit_, refused_for_limit_};
}

}  // namespace transfers::http
