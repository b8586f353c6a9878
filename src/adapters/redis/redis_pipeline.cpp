#include "adapters/redis/redis_pipeline.hpp"

#include <sys/time.h>

#include "adapters/system/thread_name.hpp"

namespace transfers::redis {
namespace {

// After a failed connect, commands fail fast for this long instead of each paying a timeout.
constexpr std::chrono::milliseconds reconnect_interval_min{100};

timeval to_timeval(std::chrono::milliseconds duration) {
    return timeval{static_cast<time_t>(duration.count() / 1000),
                   static_cast<suseconds_t>((duration.count() % 1000) * 1000)};
}

RedisReply convert(const redisReply& reply) {
    switch (reply.type) {
        case REDIS_REPLY_STRING: return {RedisReply::Kind::string, std::string(reply.str, reply.len), 0};
        case REDIS_REPLY_STATUS: return {RedisReply::Kind::status, std::string(reply.str, reply.len), 0};
        case REDIS_REPLY_ERROR: return {RedisReply::Kind::error, std::string(reply.str, reply.len), 0};
        case REDIS_REPLY_INTEGER: return {RedisReply::Kind::integer, {}, reply.integer};
        case REDIS_REPLY_NIL: return {RedisReply::Kind::nil, {}, 0};
        default: return {RedisReply::Kind::other, {}, 0};
    }
}

}  // namespace

void RedisPipeline::fail_all(std::vector<Pending>& batch, const std::string& why) {
    for (Pending& pending : batch) pending.handler(fail(why));
    batch.clear();
}

RedisPipeline::RedisPipeline(RedisSettings settings) : settings_(std::move(settings)) {
    thread_ = std::thread([this] {
        name_this_thread("redis-pipeline");
        run();
    });
}

RedisPipeline::~RedisPipeline() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
    disconnect();
}

bool RedisPipeline::submit(RedisCommand command, ReplyHandler handler) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || queue_.size() >= queue_depth_max) return false;
        queue_.push_back(Pending{std::move(command), std::move(handler)});
    }
    wake_.notify_one();
    return true;
}

void RedisPipeline::run() {
    std::vector<Pending> batch;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            // Commands still queued at shutdown are answered, as errors, below.
            if (stopping_ && queue_.empty()) return;
            while (!queue_.empty() && batch.size() < batch_commands_max) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        exchange(batch);
    }
}

// Sends the whole batch, then reads the replies in order: one round trip for many commands.
void RedisPipeline::exchange(std::vector<Pending>& batch) {
    if (auto connected = connect(); !connected) return fail_all(batch, connected.error());
    for (const Pending& pending : batch) {
        std::vector<const char*> argv;
        std::vector<size_t> lengths;
        for (const std::string& part : pending.command) {
            argv.push_back(part.data());
            lengths.push_back(part.size());
        }
        redisAppendCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data());
    }
    std::size_t answered = 0;
    for (; answered < batch.size(); ++answered) {
        void* raw = nullptr;
        if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) break;
        const RedisReply reply = convert(*static_cast<redisReply*>(raw));
        freeReplyObject(raw);
        batch[answered].handler(reply);
    }
    if (answered < batch.size()) {
        const std::string why = std::string("redis: ") + (context_->err ? context_->errstr : "no reply");
        batch.erase(batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(answered));
        disconnect();  // the stream position is unknown after an error: never reuse it
        return fail_all(batch, why);
    }
    batch.clear();
}

Result<void, std::string> RedisPipeline::connect() {
    if (context_ != nullptr) return {};
    const auto now = std::chrono::steady_clock::now();
    if (now - last_connect_attempt_ < reconnect_interval_min) return fail(std::string("redis: reconnecting"));
    last_connect_attempt_ = now;
    context_ = redisConnectWithTimeout(settings_.host.c_str(), settings_.port, to_timeval(settings_.timeout_connect));
    if (context_ == nullptr || context_->err) {
        const std::string why = std::string("redis: cannot connect: ") + (context_ ? context_->errstr : "out of memory");
        disconnect();
        return fail(why);
    }
    redisSetTimeout(context_, to_timeval(settings_.timeout_io));
    if (settings_.database != 0) {
        auto* reply = static_cast<redisReply*>(redisCommand(context_, "SELECT %d", settings_.database));
        const bool selected = reply != nullptr && reply->type == REDIS_REPLY_STATUS;
        if (reply != nullptr) freeReplyObject(reply);
        if (!selected) {
            disconnect();
            return fail(std::string("redis: cannot select database ") + std::to_string(settings_.database));
        }
    }
    return {};
}

void RedisPipeline::disconnect() {
    if (context_ != nullptr) redisFree(context_);
    context_ = nullptr;
}

}  // namespace transfers::redis
