#include "first_admin.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace transfers {
namespace {

std::string system_error_text(int error) { return std::strerror(error); }

// Written to a new file in the same directory, synced, then renamed over `path`: a reader sees
// the old token or the new one, never a part of it, and nobody else can open it meanwhile.
Result<void, std::string> write_secret_file(const std::string& path, const std::string& content) {
    const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return fail("cannot create " + temporary + ": " + system_error_text(errno));
    std::size_t written = 0;
    int error = 0;
    while (written < content.size() && error == 0) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno != EINTR) error = errno;
        if (n > 0) written += static_cast<std::size_t>(n);
    }
    if (error == 0 && ::fsync(fd) != 0) error = errno;
    if (::close(fd) != 0 && error == 0) error = errno;
    if (error == 0 && ::rename(temporary.c_str(), path.c_str()) != 0) error = errno;
    if (error != 0) {
        ::unlink(temporary.c_str());
        return fail("cannot write " + path + ": " + system_error_text(error));
    }
    return {};
}

}  // namespace

std::string admin_token_path(const std::string& database_url, const std::string& flag) {
    if (!flag.empty()) return flag;
    constexpr std::string_view sqlite_scheme = "sqlite:";
    if (database_url.rfind(sqlite_scheme, 0) == 0) return database_url.substr(sqlite_scheme.size()) + ".admin-token";
    return "transfers-admin.token";
}

Result<void, std::string> create_first_admin_if_none(ClientService& clients, const std::string& path) {
    auto created = clients.create_first_admin();
    if (!created) return fail("cannot create the first admin client: " + created.error().detail);
    if (!*created) return {};
    if (auto written = write_secret_file(path, (*created)->token + "\n"); !written) {
        return fail("created the first admin client, but " + written.error() +
                    "; revoke it (transfers clients revoke admin) and create another (transfers clients create)");
    }
    spdlog::info("no client existed: created the client \"admin\" (scope admin); its token is in {} (readable by this "
                 "user only). Send it as Authorization: Bearer <token>",
                 path);
    return {};
}

}  // namespace transfers
