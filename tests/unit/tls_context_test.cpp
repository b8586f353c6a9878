// TlsContext: loads a certificate and its key (and a client CA), refuses files it cannot use
// with a message that names them, and a reload replaces the context only when it succeeds.
#include "adapters/http/tls_context.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

namespace transfers::http {
namespace {

namespace fs = std::filesystem;

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Certificate = std::unique_ptr<X509, decltype(&X509_free)>;

Key new_key() {
    Key key(EVP_EC_gen("P-256"), &EVP_PKEY_free);
    if (!key) throw std::runtime_error("EVP_EC_gen failed");
    return key;
}

// A self-signed certificate for `key`, valid for a day.
Certificate self_signed(EVP_PKEY* key, const char* common_name, long serial) {
    Certificate certificate(X509_new(), &X509_free);
    X509_set_version(certificate.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), serial);
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), 0);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 24 * 3600);
    X509_set_pubkey(certificate.get(), key);
    X509_NAME* name = X509_get_subject_name(certificate.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1, -1,
                               0);
    X509_set_issuer_name(certificate.get(), name);
    if (X509_sign(certificate.get(), key, EVP_sha256()) == 0) throw std::runtime_error("X509_sign failed");
    return certificate;
}

class TlsFilesFixture : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("transfers-tls-test-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    // Writes NAME.pem and NAME.key: a fresh key and its self-signed certificate.
    void write_pair(const std::string& name, const char* common_name, long serial) {
        const Key key = new_key();
        const Certificate certificate = self_signed(key.get(), common_name, serial);
        write_pem(path(name + ".pem"), [&](FILE* f) { return PEM_write_X509(f, certificate.get()); });
        write_pem(path(name + ".key"), [&](FILE* f) {
            return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
        });
    }

    void write_text(const std::string& name, const std::string& text) const { std::ofstream(path(name)) << text; }

    TlsFiles files(const std::string& certificate, const std::string& key, const std::string& client_ca = "") const {
        return TlsFiles{path(certificate), path(key), client_ca.empty() ? "" : path(client_ca)};
    }

private:
    template <class Write>
    static void write_pem(const std::string& file_path, Write write) {
        FILE* file = std::fopen(file_path.c_str(), "w");
        ASSERT_NE(file, nullptr);
        const int written = write(file);
        std::fclose(file);
        ASSERT_EQ(written, 1);
    }

    fs::path dir_;
};

TEST_F(TlsFilesFixture, AMatchingCertificateAndKeyLoad) {
    write_pair("server", "localhost", 1);
    const auto loaded = TlsContext::load(files("server.pem", "server.key"));
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    EXPECT_NE((*loaded)->current(), nullptr);
    EXPECT_FALSE((*loaded)->requires_client_certificate());
}

TEST_F(TlsFilesFixture, AClientCaRequiresClientCertificates) {
    write_pair("server", "localhost", 1);
    write_pair("ca", "client CA", 2);
    const auto loaded = TlsContext::load(files("server.pem", "server.key", "ca.pem"));
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    EXPECT_TRUE((*loaded)->requires_client_certificate());
}

TEST_F(TlsFilesFixture, AMissingCertificateIsNamed) {
    write_pair("server", "localhost", 1);
    const auto loaded = TlsContext::load(files("absent.pem", "server.key"));
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.error(), "cannot read the certificate " + path("absent.pem") + ": No such file or directory");
}

TEST_F(TlsFilesFixture, AKeyThatDoesNotMatchTheCertificateIsRefused) {
    write_pair("server", "localhost", 1);
    write_pair("other", "someone else", 2);
    const auto loaded = TlsContext::load(files("server.pem", "other.key"));
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.error().find(path("other.key")), std::string::npos) << loaded.error();
}

TEST_F(TlsFilesFixture, AGarbageCertificateIsRefused) {
    write_pair("server", "localhost", 1);
    write_text("garbage.pem", "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n");
    const auto loaded = TlsContext::load(files("garbage.pem", "server.key"));
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.error().rfind("invalid certificate " + path("garbage.pem"), 0), 0u) << loaded.error();
}

TEST_F(TlsFilesFixture, AClientCaFileWithoutACertificateIsRefused) {
    write_pair("server", "localhost", 1);
    write_text("empty-ca.pem", "no certificate here\n");
    const auto loaded = TlsContext::load(files("server.pem", "server.key", "empty-ca.pem"));
    EXPECT_FALSE(loaded.ok());
}

TEST_F(TlsFilesFixture, ASuccessfulReloadGivesNewConnectionsANewContextAndLeavesTheOldOneUsable) {
    write_pair("server", "localhost", 1);
    auto loaded = TlsContext::load(files("server.pem", "server.key"));
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    const auto before = (*loaded)->current();
    write_pair("server", "localhost renewed", 2);
    const auto reloaded = (*loaded)->reload();
    ASSERT_TRUE(reloaded.ok()) << reloaded.error();
    EXPECT_NE((*loaded)->current(), before);
    EXPECT_NE(SSL_CTX_get0_certificate(before->native_handle()), nullptr);  // still whole for its connections
}

TEST_F(TlsFilesFixture, AFailedReloadKeepsTheCurrentContext) {
    write_pair("server", "localhost", 1);
    auto loaded = TlsContext::load(files("server.pem", "server.key"));
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    const auto before = (*loaded)->current();
    write_pair("other", "someone else", 2);
    fs::copy_file(path("other.key"), path("server.key"), fs::copy_options::overwrite_existing);
    const auto reloaded = (*loaded)->reload();
    EXPECT_FALSE(reloaded.ok());
    EXPECT_EQ((*loaded)->current(), before);
}

}  // namespace
}  // namespace transfers::http
