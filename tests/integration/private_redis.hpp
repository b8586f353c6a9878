// PrivateRedis: a redis-server of the test's own, which the test may kill, pause and restart.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace transfers::testing {

// Owned by the test's main thread. The server listens on 127.0.0.1 on a free port, keeps
// nothing on disk, and is killed when the object goes away.
class PrivateRedis {
public:
    PrivateRedis();
    ~PrivateRedis();
    PrivateRedis(const PrivateRedis&) = delete;
    PrivateRedis& operator=(const PrivateRedis&) = delete;

    std::uint16_t port() const { return port_; }
    void kill_hard();  // SIGKILL, and wait for the process to end
    void pause();      // SIGSTOP: connections stay open, nothing answers
    void resume();     // SIGCONT
    void start();      // a fresh, empty server on the same port
    // Runs redis-cli against it and answers its output (trimmed).
    std::string cli(const std::string& arguments) const;

private:
    std::uint16_t port_;
    pid_t pid_ = -1;
};

}  // namespace transfers::testing
