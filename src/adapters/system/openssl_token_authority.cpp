#include "adapters/system/openssl_token_authority.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <system_error>

namespace transfers {
namespace {

constexpr std::size_t token_random_bytes = 32;  // 256 bits
constexpr std::string_view token_prefix = "tr_";

void fill_random(std::span<std::uint8_t> bytes) {
    std::size_t filled = 0;
    while (filled < bytes.size()) {
        const ssize_t got = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
        if (got < 0 && errno == EINTR) continue;
        // Without the kernel's random source no token can be safe: that is not an error to serve around.
        if (got < 0) throw std::system_error(errno, std::generic_category(), "getrandom");
        filled += static_cast<std::size_t>(got);
    }
}

std::string base64url(std::span<const std::uint8_t> bytes) {
    constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string text;
    std::uint32_t bits = 0;
    int held = 0;
    for (const std::uint8_t byte : bytes) {
        bits = (bits << 8) | byte;
        held += 8;
        while (held >= 6) {
            held -= 6;
            text += alphabet[(bits >> held) & 0x3f];
        }
    }
    if (held > 0) text += alphabet[(bits << (6 - held)) & 0x3f];
    return text;
}

}  // namespace

std::string OpenSslTokenAuthority::issue() {
    std::array<std::uint8_t, token_random_bytes> bytes{};
    fill_random(bytes);
    return std::string(token_prefix) + base64url(bytes);
}

std::string OpenSslTokenAuthority::digest(std::string_view token) const {
    std::array<unsigned char, EVP_MAX_MD_SIZE> hash{};
    unsigned int length = 0;
    if (EVP_Digest(token.data(), token.size(), hash.data(), &length, EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("SHA-256 failed");  // only with a broken OpenSSL: a programming error
    }
    constexpr std::string_view hex = "0123456789abcdef";
    std::string text;
    text.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
        text += hex[hash[i] >> 4];
        text += hex[hash[i] & 0xf];
    }
    return text;
}

bool OpenSslTokenAuthority::digests_equal(std::string_view a, std::string_view b) const {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace transfers
