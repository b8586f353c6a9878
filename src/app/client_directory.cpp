#include "app/client_directory.hpp"

namespace transfers {
namespace {

// Tokens are found by the first characters of their digest, then the whole digest is compared
// in constant time: the lookup's timing depends only on what an attacker cannot choose.
constexpr std::size_t digest_prefix_length = 16;

std::string_view prefix_of(std::string_view digest) { return digest.substr(0, digest_prefix_length); }

}  // namespace

struct ClientDirectory::Snapshot {
    struct Entry {
        std::string digest;
        std::shared_ptr<const Client> client;
    };
    std::unordered_map<std::string, std::vector<Entry>> by_digest_prefix;
    std::unordered_map<std::string, std::shared_ptr<const Client>> by_subject;
    std::size_t known = 0;

    void insert(const ClientRecord& record) {
        ++known;
        if (record.client.revoked()) return;
        auto client = std::make_shared<const Client>(record.client);
        by_digest_prefix[std::string(prefix_of(record.token_digest))].push_back({record.token_digest, client});
        if (client->certificate_subject) by_subject[*client->certificate_subject] = client;
    }
};

std::shared_ptr<const ClientDirectory::Snapshot> ClientDirectory::snapshot() const {
    return snapshot_.load(std::memory_order_acquire);
}

Result<void, StoreFailure> ClientDirectory::reload() {
    auto records = store_.list_clients();
    if (!records) return fail(records.error());
    auto fresh = std::make_shared<Snapshot>();
    for (const ClientRecord& record : *records) fresh->insert(record);
    std::lock_guard lock(swap_mutex_);
    snapshot_.store(std::move(fresh), std::memory_order_release);
    return {};
}

void ClientDirectory::add(const ClientRecord& record) {
    std::lock_guard lock(swap_mutex_);
    const auto current = snapshot();
    auto next = current ? std::make_shared<Snapshot>(*current) : std::make_shared<Snapshot>();
    next->insert(record);
    snapshot_.store(std::move(next), std::memory_order_release);
}

void ClientDirectory::forget(const std::string& name) {
    std::lock_guard lock(swap_mutex_);
    const auto current = snapshot();
    if (!current) return;
    auto next = std::make_shared<Snapshot>(*current);
    for (auto& [prefix, entries] : next->by_digest_prefix) {
        std::erase_if(entries, [&name](const Snapshot::Entry& entry) { return entry.client->name == name; });
    }
    std::erase_if(next->by_subject, [&name](const auto& item) { return item.second->name == name; });
    snapshot_.store(std::move(next), std::memory_order_release);
}

std::shared_ptr<const Client> ClientDirectory::by_token(std::string_view token) const {
    const auto current = snapshot();
    if (!current) return nullptr;
    const std::string digest = tokens_.digest(token);
    const auto bucket = current->by_digest_prefix.find(std::string(prefix_of(digest)));
    if (bucket == current->by_digest_prefix.end()) return nullptr;
    for (const auto& entry : bucket->second) {
        if (tokens_.digests_equal(entry.digest, digest)) return entry.client;
    }
    return nullptr;
}

std::shared_ptr<const Client> ClientDirectory::by_certificate_subject(std::string_view subject) const {
    const auto current = snapshot();
    if (!current) return nullptr;
    const auto found = current->by_subject.find(std::string(subject));
    return found == current->by_subject.end() ? nullptr : found->second;
}

std::size_t ClientDirectory::clients_known() const {
    const auto current = snapshot();
    return current ? current->known : 0;
}

}  // namespace transfers
