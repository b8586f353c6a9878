"""Concurrent transfers keep every invariant: conservation, no negative balance, a ledger that
adds up, one record per acknowledged transfer, and no deadlock on a hot pair."""
import collections
import random
import threading
import unittest

import harness
from harness import money

service = None

# 16 x 150 keeps the run well under a minute on a 2-core machine.
threads_count = 16
requests_per_thread = 150
accounts_count = 30
timeout_join_s = 300  # bounded: a deadlock fails the test instead of hanging it


def setUpModule():
    global service
    harness.require_environment()
    service = harness.Service().start()


def tearDownModule():
    if service is not None:
        service.stop()


def decimal_text(value):
    return format(value, "f")


def random_amount(rng, whole_max):
    """A positive amount with 0 to 18 fraction digits, at most `whole_max`."""
    scale = rng.randint(0, 18)
    units = rng.randint(1, whole_max * 10 ** scale)
    return money(units).scaleb(-scale)


Outcome = collections.namedtuple("Outcome", "source destination amount status body")


def run_in_threads(work, count):
    """Runs work(index, start) in `count` threads released together; returns their results."""
    start = threading.Barrier(count)
    results = [None] * count
    errors = []

    def body(index):
        try:
            results[index] = work(index, start)
        except BaseException as error:  # reported below, never lost in a thread
            errors.append(f"thread {index}: {error!r}")

    threads = [threading.Thread(target=body, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout_join_s)
    stuck = sum(thread.is_alive() for thread in threads)
    if stuck:
        raise AssertionError(f"{stuck} thread(s) still waiting after {timeout_join_s} s: deadlock?")
    if errors:
        raise AssertionError("\n".join(errors))
    return results


def send_transfers(plan, start):
    """Sends each (source, destination, amount) of `plan` on one keep-alive connection."""
    outcomes = []
    with harness.Client(service.port) as client:
        start.wait()
        for source, destination, amount in plan:
            answer = client.post("/v1/transfers", {"source_account_id": source,
                                                   "destination_account_id": destination,
                                                   "amount": decimal_text(amount)})
            outcomes.append(Outcome(source, destination, amount, answer.status, answer.json()))
    return outcomes


class ConcurrentTransfers(unittest.TestCase):
    def open_accounts(self, balances):
        for account_id, balance in balances.items():
            service.open_account(account_id, decimal_text(balance))

    def api_balances(self, account_ids):
        return {account_id: service.balance(account_id) for account_id in account_ids}

    def assertLedgerAddsUp(self, initial, outcomes):
        """Balances (API and stored) equal the initial ones plus the acknowledged transfers."""
        expected = dict(initial)
        acknowledged = {}
        for outcome in outcomes:
            if outcome.status != 201:
                continue
            expected[outcome.source] -= outcome.amount  # exact: the harness's decimal context traps rounding
            expected[outcome.destination] += outcome.amount
            record = outcome.body
            self.assertEqual((record["source_account_id"], record["destination_account_id"]),
                             (outcome.source, outcome.destination))
            self.assertEqual(money(record["amount"]), outcome.amount)
            acknowledged[record["transaction_id"]] = (outcome.source, outcome.destination, outcome.amount)
        self.assertEqual(len(acknowledged), sum(o.status == 201 for o in outcomes), "duplicate ids")

        balances = self.api_balances(initial)
        self.assertEqual(sum(balances.values()), sum(initial.values()), "money was created or lost")
        for account_id, balance in balances.items():
            self.assertGreaterEqual(balance, 0, f"account {account_id} is negative")
        self.assertEqual(balances, expected)
        self.assertEqual(harness.stored_balances(initial), expected)
        self.assertEqual(harness.stored_transfers(initial), acknowledged)
        self.assertEqual(harness.stored_transfer_count(initial), len(acknowledged))
        return acknowledged

    def assertRecordsReadBack(self, outcomes):
        records = [o.body for o in outcomes if o.status == 201]

        def read(index, start):
            with harness.Client(service.port) as client:
                start.wait()
                for record in records[index::threads_count]:
                    answer = client.get(f"/v1/transfers/{record['transaction_id']}")
                    if answer.status != 200 or answer.json() != record:
                        raise AssertionError(f"record {record} reads back as {answer}")

        run_in_threads(read, threads_count)

    def test_random_transfers_in_all_directions_keep_every_invariant(self):
        rng = random.Random()
        account_ids = harness.new_ids(accounts_count)
        initial = {account_id: random_amount(rng, 100) for account_id in account_ids}
        self.open_accounts(initial)
        overdraft = sum(initial.values()) + 1  # more than all these accounts hold together

        plans = []
        for _ in range(threads_count):
            plan = []
            for _ in range(requests_per_thread):
                source, destination = rng.sample(account_ids, 2)
                amount = overdraft if rng.random() < 0.1 else random_amount(rng, 20)
                plan.append((source, destination, amount))
            plans.append(plan)
        outcomes = [o for result in run_in_threads(lambda i, start: send_transfers(plans[i], start),
                                                   threads_count) for o in result]

        refused = [o for o in outcomes if o.status != 201]
        for outcome in refused:
            self.assertEqual((outcome.status, outcome.body.get("code")), (422, "insufficient_funds"), outcome)
        for outcome in outcomes:
            if outcome.amount == overdraft:
                self.assertEqual(outcome.status, 422, outcome)
        self.assertGreater(len(outcomes) - len(refused), 0)
        self.assertLedgerAddsUp(initial, outcomes)
        self.assertRecordsReadBack(outcomes)

    def test_opposite_transfers_on_one_hot_pair_neither_deadlock_nor_fail(self):
        first, second = harness.new_ids(2)
        initial = {first: money("1000"), second: money("1000")}
        self.open_accounts(initial)
        amount = money("1.000000000000000001")
        per_thread = 50

        def hammer(index, start):
            source, destination = (first, second) if index % 2 == 0 else (second, first)
            return send_transfers([(source, destination, amount)] * per_thread, start)

        outcomes = [o for result in run_in_threads(hammer, threads_count) for o in result]

        self.assertEqual([o for o in outcomes if o.status != 201], [])
        self.assertEqual(len(outcomes), threads_count * per_thread)
        self.assertLedgerAddsUp(initial, outcomes)
        self.assertEqual(self.api_balances(initial), initial)  # as many each way

    def test_racing_withdrawals_never_spend_the_same_money_twice(self):
        account_ids = harness.new_ids(threads_count + 1)
        drained, receivers = account_ids[0], account_ids[1:]
        initial = {account_id: money("0") for account_id in receivers}
        initial[drained] = money("10.000000000000000001")
        self.open_accounts(initial)
        amount = money("1.000000000000000001")  # fits 9 times, leaving 0.999999999999999992

        def withdraw(index, start):
            return send_transfers([(drained, receivers[index], amount)] * 5, start)

        outcomes = [o for result in run_in_threads(withdraw, threads_count) for o in result]

        statuses = collections.Counter(o.status for o in outcomes)
        self.assertEqual(statuses, {201: 9, 422: threads_count * 5 - 9})
        self.assertLedgerAddsUp(initial, outcomes)
        self.assertEqual(service.balance(drained), money("0.999999999999999992"))


if __name__ == "__main__":
    unittest.main()
