#include "adapters/cli/secret_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace transfers::cli {
namespace {

std::string cannot_read(const std::string& path, int error) {
    return "cannot read the password file " + path + ": " + std::strerror(error);
}

// Closes the descriptor on every path out of read_secret_file.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }

private:
    int fd_;
};

}  // namespace

Result<std::string, std::string> read_secret_file(const std::string& path) {
    const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (file.get() < 0) return fail(cannot_read(path, errno));
    std::string secret;
    std::array<char, 1024> chunk{};
    for (;;) {
        const ssize_t got = ::read(file.get(), chunk.data(), chunk.size());
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return fail(cannot_read(path, errno));
        if (got == 0) break;
        secret.append(chunk.data(), static_cast<std::size_t>(got));
        if (secret.size() > secret_file_bytes_max) {
            return fail("the password file " + path + " is larger than " + std::to_string(secret_file_bytes_max) +
                        " bytes: not a password file");
        }
    }
    if (!secret.empty() && secret.back() == '\n') secret.pop_back();
    if (secret.empty()) return fail("the password file " + path + " is empty");
    return secret;
}

}  // namespace transfers::cli
