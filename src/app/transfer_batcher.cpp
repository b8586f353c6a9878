#include "app/transfer_batcher.hpp"

#include <cassert>
#include <memory>
#include <vector>

namespace transfers {

TransferBatcher::TransferBatcher(TransferService& transfers, BalanceCache& cache, CommitCounter& commits,
                                 TaskRunner& runner, BatchLimits limits)
    : transfers_(transfers), cache_(cache), commits_(commits), runner_(runner), limits_(limits) {
    assert(limits_.batch_transfers_max > 0);
    assert(limits_.executors_max > 0);
}

void TransferBatcher::submit(const TransferCommand& command, Reply<Transfer> reply) {
    std::unique_lock lock(mutex_);
    if (queue_.size() >= limits_.queue_depth_max) {
        lock.unlock();
        return reply(fail(queue_full_error()));
    }
    queue_.push_back(Queued{command, std::move(reply)});
    if (executors_active_ >= limits_.executors_max) return;
    ++executors_active_;
    lock.unlock();
    if (runner_.post([this] { drain(); })) return;
    // No thread for a new executor. If others are running they take the transfer; if none is,
    // the queue holds only this transfer (an empty queue is what let the last executor end).
    lock.lock();
    --executors_active_;
    if (executors_active_ > 0) return;
    Queued refused = std::move(queue_.back());
    queue_.pop_back();
    assert(queue_.empty());
    lock.unlock();
    refused.reply(fail(queue_full_error()));
}

std::deque<TransferBatcher::Queued> TransferBatcher::take_batch() {
    std::lock_guard lock(mutex_);
    std::deque<Queued> batch;
    while (!queue_.empty() && batch.size() < limits_.batch_transfers_max) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
    }
    if (batch.empty()) --executors_active_;  // this executor ends: nothing is left to take
    return batch;
}

void TransferBatcher::drain() {
    for (;;) {
        std::deque<Queued> batch = take_batch();
        if (batch.empty()) return;
        execute(std::move(batch));
    }
}

void TransferBatcher::execute(std::deque<Queued> batch) {
    std::vector<TransferCommand> commands;
    commands.reserve(batch.size());
    for (const Queued& queued : batch) commands.push_back(queued.command);
    auto outcome = std::make_shared<BatchOutcome>(transfers_.commit_batch(commands));
    auto waiting = std::make_shared<std::deque<Queued>>(std::move(batch));
    auto answer_all = [outcome, waiting] {
        for (std::size_t i = 0; i < waiting->size(); ++i) (*waiting)[i].reply(std::move(outcome->results[i]));
    };
    if (outcome->accounts_after.empty()) return answer_all();
    commits_.advance();
    cache_.store_committed(outcome->accounts_after, answer_all);
}

}  // namespace transfers
