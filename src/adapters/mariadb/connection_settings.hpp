// ConnectionSettings: where a MariaDB server is and how to log in, parsed from a mariadb:// URL.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace transfers::mariadb {

struct ConnectionSettings {
    std::string user;
    std::string password;
    std::string host;
    std::uint16_t port = 3306;
    std::string database;
};

// "mariadb://USER[:PASS]@HOST:PORT/DBNAME"; USER and PASS may be percent-encoded.
// The error names what is wrong without repeating the password.
Result<ConnectionSettings, std::string> parse_mariadb_url(std::string_view url);

// The same for "mariadb://USER@HOST:PORT/DBNAME" with the password given apart (read from a file,
// so that it stays off the command line). A URL that carries a password too is refused: with two,
// a reader would have to guess which one is used.
Result<ConnectionSettings, std::string> parse_mariadb_url(std::string_view url, std::string password);

}  // namespace transfers::mariadb
