// RedisPipeline: one Redis connection shared by all requests, sending the commands that queue
// up while a round trip is in flight together (pipelining), on a thread of its own.
#pragma once

#include <hiredis/hiredis.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "adapters/redis/redis_settings.hpp"
#include "domain/result.hpp"

namespace transfers::redis {

struct RedisReply {
    enum class Kind { string, integer, nil, status, error, other };
    Kind kind = Kind::nil;
    std::string text;  // for string, status and error replies
    long long integer = 0;
};

using RedisCommand = std::vector<std::string>;
// Runs on the pipeline's thread, exactly once per submitted command; must not block.
using ReplyHandler = std::function<void(Result<RedisReply, std::string>)>;

// Thread-safe submit; everything else belongs to the pipeline thread: context_ and
// last_connect_attempt_ are touched only there. queue_ and stopping_ are guarded by mutex_.
class RedisPipeline {
public:
    static constexpr std::size_t queue_depth_max = 16384;
    static constexpr std::size_t batch_commands_max = 1024;

    explicit RedisPipeline(RedisSettings settings);
    ~RedisPipeline();
    RedisPipeline(const RedisPipeline&) = delete;
    RedisPipeline& operator=(const RedisPipeline&) = delete;

    // Queues a command. False, without calling the handler, when the queue is full: the cache
    // is then slower than the traffic, and the caller treats it as a cache error.
    bool submit(RedisCommand command, ReplyHandler handler);

private:
    struct Pending {
        RedisCommand command;
        ReplyHandler handler;
    };

    void run();
    void exchange(std::vector<Pending>& batch);
    Result<void, std::string> connect();
    void disconnect();
    static void fail_all(std::vector<Pending>& batch, const std::string& why);

    const RedisSettings settings_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Pending> queue_;
    bool stopping_ = false;
    redisContext* context_ = nullptr;
    std::chrono::steady_clock::time_point last_connect_attempt_{};
    std::thread thread_;
};

}  // namespace transfers::redis
