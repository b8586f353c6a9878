// The mariadb:// URL: where the server is and how to log in, with the password in it or apart.
#include "adapters/mariadb/connection_settings.hpp"

#include <gtest/gtest.h>

#include <string>

namespace transfers::mariadb {
namespace {

TEST(ParseMariadbUrl, ReadsEveryPartAndDecodesTheCredentials) {
    auto settings = parse_mariadb_url("mariadb://us%40er:p%3Ass@db.internal:3307/ledger");

    ASSERT_TRUE(settings.ok()) << settings.error();
    EXPECT_EQ(settings->user, "us@er");
    EXPECT_EQ(settings->password, "p:ss");
    EXPECT_EQ(settings->host, "db.internal");
    EXPECT_EQ(settings->port, 3307);
    EXPECT_EQ(settings->database, "ledger");
}

TEST(ParseMariadbUrl, TakesAPasswordGivenApartForAUrlWithoutOne) {
    auto settings = parse_mariadb_url("mariadb://transfers@127.0.0.1:3306/transfers", "from:file@");

    ASSERT_TRUE(settings.ok()) << settings.error();
    EXPECT_EQ(settings->user, "transfers");
    EXPECT_EQ(settings->password, "from:file@");
    EXPECT_EQ(settings->database, "transfers");
}

TEST(ParseMariadbUrl, RefusesAPasswordGivenApartForAUrlThatHasOneWithoutShowingEither) {
    for (const std::string url : {"mariadb://transfers:in-url@127.0.0.1:3306/transfers",
                                  "mariadb://transfers:@127.0.0.1:3306/transfers"}) {
        auto settings = parse_mariadb_url(url, "from-file");

        ASSERT_FALSE(settings.ok()) << url;
        EXPECT_EQ(settings.error(),
                  "the database URL carries a password and a password file gives one too: leave :PASS out of the URL");
    }
}

TEST(ParseMariadbUrl, RefusesABadUrlWhetherOrNotThePasswordIsApart) {
    EXPECT_FALSE(parse_mariadb_url("mariadb://127.0.0.1:3306/transfers", "pw").ok());
    EXPECT_FALSE(parse_mariadb_url("mysql://u@127.0.0.1:3306/transfers", "pw").ok());
    EXPECT_FALSE(parse_mariadb_url("mariadb://u@127.0.0.1/transfers", "pw").ok());
}

}  // namespace
}  // namespace transfers::mariadb
