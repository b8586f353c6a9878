"""The Redis cache end to end: reads see every acknowledged transfer, and Redis dying in the
middle of the traffic costs the clients nothing."""
import random
import threading
import time
import unittest

import harness
from harness import money

threads_count = 8
rounds_per_thread = 60


class CachedService(unittest.TestCase):
    def setUp(self):
        harness.require_environment()
        self.redis = harness.PrivateRedis()
        self.addCleanup(self.redis.stop)
        port = harness.free_port()
        self.service = harness.Service(port=port, args=[
            "serve", "--listen", f"127.0.0.1:{port}", "--db", harness.database_url(),
            "--cache", self.redis.url]).start()
        self.addCleanup(self.service.stop)

    def run_clients(self, work):
        errors = []

        def body(index):
            try:
                work(index)
            except BaseException as error:  # reported below, never lost in a thread
                errors.append(f"client {index}: {error!r}")

        threads = [threading.Thread(target=body, args=(i,), daemon=True) for i in range(threads_count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        self.assertFalse(any(thread.is_alive() for thread in threads), "a client hung")
        self.assertEqual(errors, [])

    def read_your_writes_client(self, accounts, rounds, on_round=None):
        """Each client moves money between its own two accounts and reads both right after
        every 201: with no other writer, the answer must be exactly what it computed."""
        def work(index):
            source, destination = accounts[2 * index], accounts[2 * index + 1]
            expected = {source: money("1000"), destination: money("0")}
            rng = random.Random(index)
            for round_number in range(rounds):
                if on_round:
                    on_round(index, round_number)
                if rng.random() < 0.5:
                    source, destination = destination, source
                amount = money(rng.randint(1, 5000)).scaleb(-rng.randint(0, 18))
                answer = self.service.transfer(source, destination, format(amount, "f"))
                if answer.status == 201:
                    expected[source] -= amount
                    expected[destination] += amount
                else:
                    self.assertEqual((answer.status, answer.json()["code"]), (422, "insufficient_funds"))
                for account in (source, destination):
                    self.assertEqual(self.service.balance(account), expected[account],
                                     f"a read after round {round_number} missed an acknowledged transfer")
        return work

    def open_accounts(self):
        accounts = harness.new_ids(2 * threads_count)
        for index, account in enumerate(accounts):
            self.service.open_account(account, "1000" if index % 2 == 0 else "0")
        return accounts

    def assert_conserved(self, accounts):
        stored = harness.stored_balances(accounts)
        self.assertEqual(sum(stored.values()), money("1000") * threads_count)
        self.assertTrue(all(balance >= 0 for balance in stored.values()))
        for account in accounts:
            self.assertEqual(self.service.balance(account), stored[account])

    def test_every_read_after_a_201_shows_that_transfer(self):
        accounts = self.open_accounts()
        self.run_clients(self.read_your_writes_client(accounts, rounds_per_thread))
        self.assert_conserved(accounts)
        self.assertGreater(self.redis.stat("keyspace_hits"), 0, "the cache was never used")

    def test_redis_killed_mid_traffic_costs_clients_nothing_and_is_used_again_after_restart(self):
        accounts = self.open_accounts()
        killed = threading.Event()

        def kill_once(index, round_number):
            if index == 0 and round_number == rounds_per_thread // 3 and not killed.is_set():
                self.redis.kill_hard()
                killed.set()
            if index == 0 and round_number == 2 * rounds_per_thread // 3 and killed.is_set():
                self.redis.start()

        self.run_clients(self.read_your_writes_client(accounts, rounds_per_thread, kill_once))
        self.assertTrue(killed.is_set())
        self.assert_conserved(accounts)
        # Once the breaker has closed again, reads are answered from Redis.
        harness.wait_until(lambda: self.service.get("/v1/health").json()["checks"].get("cache") == "up",
                           10, "the cache to be used again")
        hits_before = self.redis.stat("keyspace_hits")
        for account in accounts:
            self.service.balance(account)
            self.service.balance(account)
        self.assertGreater(self.redis.stat("keyspace_hits"), hits_before)


if __name__ == "__main__":
    unittest.main()
