// The command line of `transfers serve`: the TLS flags come as a pair, from flags or environment.
#include "adapters/cli/service_config.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>
#include <vector>

namespace transfers::cli {
namespace {

Result<CommandLine, std::string> parse(std::vector<const char*> args) {
    args.insert(args.begin(), {"transfers", "serve"});
    return parse_command_line(static_cast<int>(args.size()), args.data());
}

ServiceConfig config_of(const Result<CommandLine, std::string>& parsed) {
    EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error());
    return std::get<ServiceConfig>(*parsed);
}

// Sets an environment variable for one test and removes it after.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : name_(name) { ::setenv(name, value, 1); }
    ~ScopedEnv() { ::unsetenv(name_); }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* name_;
};

TEST(ServiceConfigTls, WithoutTlsFlagsTheServerIsPlainHttp) {
    EXPECT_FALSE(config_of(parse({})).server.tls.has_value());
}

TEST(ServiceConfigTls, CertificateAndKeyMakeItHttpsWithoutClientCertificates) {
    const ServiceConfig config = config_of(parse({"--tls-cert", "server.pem", "--tls-key", "server.key"}));
    ASSERT_TRUE(config.server.tls.has_value());
    EXPECT_EQ(config.server.tls->certificate_path, "server.pem");
    EXPECT_EQ(config.server.tls->private_key_path, "server.key");
    EXPECT_EQ(config.server.tls->client_ca_path, "");
}

TEST(ServiceConfigTls, ClientCaRequiresClientCertificates) {
    const ServiceConfig config =
        config_of(parse({"--tls-cert", "server.pem", "--tls-key", "server.key", "--tls-client-ca", "ca.pem"}));
    ASSERT_TRUE(config.server.tls.has_value());
    EXPECT_EQ(config.server.tls->client_ca_path, "ca.pem");
}

TEST(ServiceConfigTls, ACertificateWithoutKeyIsRefusedInOneLine) {
    const auto parsed = parse({"--tls-cert", "server.pem"});
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error(), "--tls-cert and --tls-key go together: --tls-key is missing");
}

TEST(ServiceConfigTls, AKeyWithoutCertificateIsRefused) {
    const auto parsed = parse({"--tls-key", "server.key"});
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error(), "--tls-cert and --tls-key go together: --tls-cert is missing");
}

TEST(ServiceConfigTls, AClientCaWithoutCertificateAndKeyIsRefused) {
    const auto parsed = parse({"--tls-client-ca", "ca.pem"});
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error(), "--tls-client-ca needs --tls-cert and --tls-key");
}

TEST(ServiceConfigTls, TheEnvironmentGivesTheFilesToo) {
    const ScopedEnv certificate("TRANSFERS_TLS_CERT", "env.pem");
    const ScopedEnv key("TRANSFERS_TLS_KEY", "env.key");
    const ScopedEnv client_ca("TRANSFERS_TLS_CLIENT_CA", "env-ca.pem");
    const ServiceConfig config = config_of(parse({}));
    ASSERT_TRUE(config.server.tls.has_value());
    EXPECT_EQ(config.server.tls->certificate_path, "env.pem");
    EXPECT_EQ(config.server.tls->private_key_path, "env.key");
    EXPECT_EQ(config.server.tls->client_ca_path, "env-ca.pem");
}

TEST(ServiceConfigTls, AFlagWinsOverItsEnvironmentVariable) {
    const ScopedEnv certificate("TRANSFERS_TLS_CERT", "env.pem");
    const ScopedEnv key("TRANSFERS_TLS_KEY", "env.key");
    const ServiceConfig config = config_of(parse({"--tls-cert", "flag.pem"}));
    ASSERT_TRUE(config.server.tls.has_value());
    EXPECT_EQ(config.server.tls->certificate_path, "flag.pem");
    EXPECT_EQ(config.server.tls->private_key_path, "env.key");
}

TEST(ServiceConfigTls, AKeyFromTheEnvironmentAloneIsRefused) {
    const ScopedEnv key("TRANSFERS_TLS_KEY", "env.key");
    EXPECT_FALSE(parse({}).ok());
}

}  // namespace
}  // namespace transfers::cli
