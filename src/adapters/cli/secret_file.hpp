// Secret files: a password read from a file, so that it never appears on a command line (`ps`).
#pragma once

#include <string>

#include "domain/result.hpp"

namespace transfers::cli {

// The largest secret file read; a bigger one is not a password file (a wrong path, most likely).
constexpr std::size_t secret_file_bytes_max = 4096;

// The file's contents with one trailing "\n" removed (what `echo secret > file` leaves). Refused,
// in one line naming `path` and never the contents: a file that cannot be read, one larger than
// secret_file_bytes_max, and an empty one (nothing, or a lone newline): an empty secret file is
// far more likely a secret that was not written or mounted yet than a deliberately empty
// password, which a URL without a password already expresses.
Result<std::string, std::string> read_secret_file(const std::string& path);

}  // namespace transfers::cli
