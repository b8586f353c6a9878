#include "adapters/http/history_query.hpp"

#include <array>
#include <charconv>

#include "adapters/http/query_parameters.hpp"
#include "app/account_service.hpp"

namespace transfers::http {
namespace {

constexpr std::string_view base64url_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// account (8 bytes) + sequence (8) + checksum (4) = 20 bytes = 27 base64url characters.
constexpr std::size_t cursor_bytes = 20;
constexpr std::size_t cursor_text_length = 27;

Error invalid(std::string detail) { return Error{ErrorCode::invalid_request, std::move(detail)}; }

// FNV-1a over the payload, salted: detects edits and truncation. It is not a secret: a cursor
// only ever names a position the client could reach by paging anyway.
std::uint32_t checksum(const std::uint8_t* bytes, std::size_t size) {
    std::uint32_t hash = 2166136261u ^ 0x7472616eu;
    for (std::size_t i = 0; i < size; ++i) hash = (hash ^ bytes[i]) * 16777619u;
    return hash;
}

void put(std::uint8_t* out, std::uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) out[i] = static_cast<std::uint8_t>(value >> (8 * (bytes - 1 - i)));
}

std::uint64_t get(const std::uint8_t* in, int bytes) {
    std::uint64_t value = 0;
    for (int i = 0; i < bytes; ++i) value = (value << 8) | in[i];
    return value;
}

std::string base64url(const std::uint8_t* bytes, std::size_t size) {
    std::string text;
    for (std::size_t bit = 0; bit < size * 8; bit += 6) {
        unsigned sextet = 0;
        for (std::size_t b = bit; b < bit + 6; ++b) {
            const unsigned value = b < size * 8 ? (bytes[b / 8] >> (7 - b % 8)) & 1u : 0u;
            sextet = (sextet << 1) | value;
        }
        text.push_back(base64url_alphabet[sextet]);
    }
    return text;
}

std::optional<std::array<std::uint8_t, cursor_bytes>> from_base64url(std::string_view text) {
    if (text.size() != cursor_text_length) return std::nullopt;
    std::array<std::uint8_t, cursor_bytes> bytes{};
    std::size_t bit = 0;
    for (char c : text) {
        const auto value = base64url_alphabet.find(c);
        if (value == std::string_view::npos) return std::nullopt;
        for (int b = 5; b >= 0; --b, ++bit) {
            const unsigned one = (value >> b) & 1u;
            if (bit < cursor_bytes * 8) bytes[bit / 8] |= static_cast<std::uint8_t>(one << (7 - bit % 8));
            else if (one) return std::nullopt;  // padding bits must be zero: one text per cursor
        }
    }
    return bytes;
}

Result<std::int64_t, Error> decode_cursor(std::string_view text, AccountId account) {
    const Error wrong = invalid("after: not a cursor this service issued for this account");
    auto bytes = from_base64url(text);
    if (!bytes) return fail(wrong);
    if (get(bytes->data() + 16, 4) != checksum(bytes->data(), 16)) return fail(wrong);
    if (static_cast<std::int64_t>(get(bytes->data(), 8)) != account.value) return fail(wrong);
    const auto before = static_cast<std::int64_t>(get(bytes->data() + 8, 8));
    if (before <= 0) return fail(wrong);
    return before;
}

Result<std::size_t, Error> decode_limit(std::string_view text) {
    std::size_t limit = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || limit < 1 ||
        limit > history_page_max) {
        return fail(invalid("limit: must be an integer from 1 to " + std::to_string(history_page_max)));
    }
    return limit;
}

}  // namespace

std::string encode_history_cursor(AccountId account, std::int64_t before) {
    std::array<std::uint8_t, cursor_bytes> bytes{};
    put(bytes.data(), static_cast<std::uint64_t>(account.value), 8);
    put(bytes.data() + 8, static_cast<std::uint64_t>(before), 8);
    put(bytes.data() + 16, checksum(bytes.data(), 16), 4);
    return base64url(bytes.data(), bytes.size());
}

Result<HistoryQuery, Error> decode_history_query(std::string_view target, AccountId account) {
    auto parameters = decode_query(target, {"limit", "after"});
    if (!parameters) return fail(parameters.error());
    HistoryQuery query{std::nullopt, history_page_default};
    if (auto limit_text = parameters->find("limit")) {
        auto limit = decode_limit(*limit_text);
        if (!limit) return fail(limit.error());
        query.limit = *limit;
    }
    if (auto cursor = parameters->find("after")) {
        auto before = decode_cursor(*cursor, account);
        if (!before) return fail(before.error());
        query.before = *before;
    }
    return query;
}

}  // namespace transfers::http
