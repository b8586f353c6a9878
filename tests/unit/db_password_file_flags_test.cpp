// The command line of `transfers serve`: the database password read from a file.
#include "adapters/cli/service_config.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace transfers::cli {
namespace {

const std::string mariadb_url = "mariadb://transfers@127.0.0.1:3306/transfers";

// A file of the test's own, mode 0600, removed afterwards.
class SecretFile {
public:
    explicit SecretFile(const std::string& contents)
        : path_((std::filesystem::temp_directory_path() /
                 ("transfers-secret-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++)))
                    .string()) {
        std::ofstream(path_, std::ios::binary) << contents;
        ::chmod(path_.c_str(), 0600);
    }
    ~SecretFile() { std::filesystem::remove(path_); }
    const std::string& path() const { return path_; }

private:
    static inline int counter_ = 0;
    std::string path_;
};

Result<CommandLine, std::string> parse(std::vector<std::string> args) {
    args.insert(args.begin(), {"transfers", "serve"});
    std::vector<const char*> argv;
    for (const std::string& arg : args) argv.push_back(arg.c_str());
    return parse_command_line(static_cast<int>(argv.size()), argv.data());
}

ServiceConfig config_of(std::vector<std::string> args) {
    auto parsed = parse(std::move(args));
    EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error());
    if (!parsed.ok()) return {};
    return std::get<ServiceConfig>(*parsed);
}

std::string refusal(std::vector<std::string> args) {
    auto parsed = parse(std::move(args));
    EXPECT_FALSE(parsed.ok()) << "expected a refusal";
    return parsed.ok() ? "" : parsed.error();
}

TEST(DbPasswordFile, IsAbsentByDefault) {
    EXPECT_EQ(config_of({"--db", mariadb_url}).database_password, std::nullopt);
}

TEST(DbPasswordFile, ReadsThePasswordWithoutItsTrailingNewline) {
    const SecretFile file("s3cret:with@odd/chars\n");

    const ServiceConfig config = config_of({"--db", mariadb_url, "--db-password-file", file.path()});

    EXPECT_EQ(config.database_password, "s3cret:with@odd/chars");
    EXPECT_EQ(config.database_url, mariadb_url);
}

TEST(DbPasswordFile, StripsOneNewlineOnlyAndKeepsEveryOtherByte) {
    EXPECT_EQ(config_of({"--db", mariadb_url, "--db-password-file", SecretFile("pw\n\n").path()}).database_password,
              "pw\n");
    EXPECT_EQ(config_of({"--db", mariadb_url, "--db-password-file", SecretFile(" pw ").path()}).database_password,
              " pw ");
}

TEST(DbPasswordFile, IsReadFromTheEnvironmentToo) {
    const SecretFile file("from-env");
    ::setenv("TRANSFERS_DB_PASSWORD_FILE", file.path().c_str(), 1);
    const ServiceConfig config = config_of({"--db", mariadb_url});
    ::unsetenv("TRANSFERS_DB_PASSWORD_FILE");

    EXPECT_EQ(config.database_password, "from-env");
}

TEST(DbPasswordFile, RefusesAnUnreadableFileNamingThePath) {
    const std::string missing = "/nonexistent/transfers-password";
    EXPECT_EQ(refusal({"--db", mariadb_url, "--db-password-file", missing}),
              "cannot read the password file " + missing + ": No such file or directory");
    const std::string directory = std::filesystem::temp_directory_path().string();
    EXPECT_EQ(refusal({"--db", mariadb_url, "--db-password-file", directory}),
              "cannot read the password file " + directory + ": Is a directory");
}

TEST(DbPasswordFile, RefusesAnEmptyFile) {
    for (const std::string contents : {"", "\n"}) {
        const SecretFile file(contents);
        EXPECT_EQ(refusal({"--db", mariadb_url, "--db-password-file", file.path()}),
                  "the password file " + file.path() + " is empty");
    }
}

TEST(DbPasswordFile, RefusesAFileTooLargeToBeAPasswordWithoutShowingIt) {
    const SecretFile file(std::string(4097, 'x'));

    const std::string error = refusal({"--db", mariadb_url, "--db-password-file", file.path()});

    EXPECT_EQ(error, "the password file " + file.path() + " is larger than 4096 bytes: not a password file");
    EXPECT_EQ(config_of({"--db", mariadb_url, "--db-password-file", SecretFile(std::string(4096, 'x')).path()})
                  .database_password->size(),
              4096u);
}

TEST(DbPasswordFile, IsRefusedWithSqlite) {
    const SecretFile file("pw");
    for (const std::string db : {"sqlite:ledger.db", "sqlite:/tmp/x.db"}) {
        EXPECT_EQ(refusal({"--db", db, "--db-password-file", file.path()}),
                  "--db-password-file needs a mariadb:// --db URL (SQLite has no password)");
    }
    EXPECT_EQ(refusal({"--db-password-file", file.path()}),
              "--db-password-file needs a mariadb:// --db URL (SQLite has no password)")
        << "the default database is SQLite";
}

TEST(DbPasswordFile, NeverPutsThePasswordInAnError) {
    const SecretFile file("hunter2-secret\n");
    const std::string error = refusal({"--db", "sqlite:x.db", "--db-password-file", file.path()});
    EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
}

}  // namespace
}  // namespace transfers::cli
