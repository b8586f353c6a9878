#include "integration/private_redis.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

extern char** environ;

namespace transfers::testing {
namespace {

std::uint16_t free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    close(fd);
    return ntohs(address.sin_port);
}

}  // namespace

PrivateRedis::PrivateRedis() : port_(free_port()) { start(); }

PrivateRedis::~PrivateRedis() {
    if (pid_ > 0) {
        resume();
        kill_hard();
    }
}

void PrivateRedis::start() {
    const std::string port = std::to_string(port_);
    std::vector<std::string> args{"redis-server", "--bind", "127.0.0.1", "--port", port, "--save", "",
                                  "--appendonly", "no", "--logfile", "/dev/null"};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    ASSERT_EQ(posix_spawnp(&pid_, "redis-server", nullptr, nullptr, argv.data(), environ), 0);
    for (int attempt = 0; attempt < 100; ++attempt) {
        if (cli("PING") == "PONG") return;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "redis-server did not start on port " << port_;
}

void PrivateRedis::kill_hard() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
}

void PrivateRedis::pause() { ::kill(pid_, SIGSTOP); }
void PrivateRedis::resume() { ::kill(pid_, SIGCONT); }

std::string PrivateRedis::cli(const std::string& arguments) const {
    const std::string command = "redis-cli -h 127.0.0.1 -p " + std::to_string(port_) + " " + arguments + " 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    std::string output;
    std::array<char, 256> chunk{};
    while (pipe && fgets(chunk.data(), chunk.size(), pipe.get()) != nullptr) output += chunk.data();
    while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
    return output;
}

}  // namespace transfers::testing
