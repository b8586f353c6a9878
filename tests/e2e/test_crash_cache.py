"""A crash never makes a balance read go back in time.

The service runs with Redis in front of reads and is killed with SIGKILL at exact points around
a batch's COMMIT (the failpoints of the test binary: after the cache marks and before COMMIT;
after COMMIT and before the cache update), while clients send transfers with Idempotency-Keys
and another instance reads the same accounts. Then every account's balance is read through a
second instance that never crashed, through the crashed one restarted, and straight from Redis,
and each must agree with the database.
"""
import os
import random
import subprocess
import threading
import unittest
import uuid

import harness
from harness import money

accounts_count = 6
initial_balance = "1000"
writer_threads = 4


def failpoints_binary():
    path = os.environ.get("TRANSFERS_FAILPOINTS_BINARY")
    if not path:
        raise unittest.SkipTest("needs TRANSFERS_FAILPOINTS_BINARY (run scripts/test)")
    return path


class CrashBetweenCommitAndCache(unittest.TestCase):
    def setUp(self):
        harness.require_environment()
        self.failpoints = failpoints_binary()
        self.redis = harness.PrivateRedis()
        self.addCleanup(self.redis.stop)
        self.steady = self.service()  # shares the database and Redis, and never crashes
        self.addCleanup(self.steady.stop)

    def service(self, executable=None, env=None):
        port = harness.free_port()
        service = harness.Service(port=port, executable=executable, env=env, args=[
            "serve", "--listen", f"127.0.0.1:{port}", "--db", harness.database_url(),
            "--cache", self.redis.url])
        return service.start()

    def open_accounts(self):
        accounts = harness.new_ids(accounts_count)
        for account in accounts:
            self.steady.open_account(account, initial_balance)
            self.steady.balance(account)  # cached before the crash: the entry a crash could leave stale
        return accounts

    def load_until_killed(self, doomed, accounts):
        """Transfers with keys on `doomed` from several clients, and reads of the same accounts on
        the steady instance (fills racing the commits), until `doomed` dies. Answers every key
        that was sent, with its body."""
        sent = {}
        sent_lock = threading.Lock()
        stop = threading.Event()
        errors = []

        run = uuid.uuid4().hex  # keys of one scenario only: the database outlives the test

        def writer(index):
            rng = random.Random(index)
            client = harness.Client(doomed.port, timeout_s=10)
            try:
                for round_number in range(100_000):
                    if stop.is_set():
                        return
                    source, destination = rng.sample(accounts, 2)
                    body = {"source_account_id": source, "destination_account_id": destination,
                            "amount": f"{rng.randint(1, 9999)}.{rng.randint(0, 99):02d}"}
                    key = f"crash-{run}-{index}-{round_number}"
                    with sent_lock:
                        sent[key] = body
                    try:
                        answer = client.post("/v1/transfers", body, {"Idempotency-Key": key})
                    except OSError:
                        return  # the process died under this request
                    if answer.status not in (201, 422):
                        errors.append(f"writer {index}: {answer}")
                        return
            except BaseException as error:  # reported by the test, never lost in a thread
                errors.append(f"writer {index}: {error!r}")
            finally:
                client.close()

        def reader():
            rng = random.Random(99)
            client = harness.Client(self.steady.port)
            try:
                while not stop.is_set():
                    answer = client.get(f"/v1/accounts/{rng.choice(accounts)}")
                    if answer.status != 200:
                        errors.append(f"reader: {answer}")
                        return
            except BaseException as error:
                errors.append(f"reader: {error!r}")
            finally:
                client.close()

        threads = [threading.Thread(target=writer, args=(i,), daemon=True) for i in range(writer_threads)]
        threads.append(threading.Thread(target=reader, daemon=True))
        for thread in threads:
            thread.start()
        try:
            code = doomed.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            doomed.process.kill()
            code = doomed.process.wait()
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=30)
        self.assertEqual(errors, [])
        self.assertEqual(code, -9, "the failpoint did not kill the service:\n" + doomed.output_text()[-3000:])
        self.assertFalse(any(thread.is_alive() for thread in threads), "a client hung")
        return sent

    def assert_reads_match_the_database(self, service, accounts, who):
        rows = harness.sql("SELECT id, balance, version FROM accounts "
                           f"WHERE id IN ({harness.id_list(accounts)})")
        stored = {int(row[0]): (money(row[1]), int(row[2])) for row in rows}
        self.assertEqual(sum(balance for balance, _ in stored.values()),
                         money(initial_balance) * accounts_count, "money was created or destroyed")
        for account in accounts:
            balance, version = stored[account]
            self.assertEqual(service.balance(account), balance,
                             f"{who} read account {account} back in time (database at version {version})")
            entry = self.redis.cli("GET", f"transfers:account:{account}")
            cached_version, _, cached_balance = entry.partition(":")
            if cached_balance:  # a state; not a miss, nor a pending mark ("VERSION:")
                self.assertEqual((int(cached_version), money(cached_balance)), (version, balance),
                                 f"Redis holds a state of account {account} other than the committed one")

    def crash_at(self, point, hit):
        accounts = self.open_accounts()
        doomed = self.service(self.failpoints, env=dict(os.environ, TRANSFERS_FAILPOINT=f"{point}:{hit}"))
        self.addCleanup(doomed.output.close)
        sent = self.load_until_killed(doomed, accounts)
        # The crashed instance never comes back: the others must not read the past.
        self.assert_reads_match_the_database(self.steady, accounts, "an instance that never crashed")
        # It comes back: every key gets its outcome, and reads still match.
        restarted = self.service()
        try:
            client = harness.Client(restarted.port)
            for key, body in sent.items():
                answer = client.post("/v1/transfers", body, {"Idempotency-Key": key})
                self.assertIn(answer.status, (201, 422), f"retry of {key}: {answer}")
            client.close()
            self.assert_reads_match_the_database(restarted, accounts, "the restarted instance")
        finally:
            restarted.stop()

    def test_killed_after_commit_before_the_cache_update(self):
        for hit in (1, 3, 8):
            with self.subTest(hit=hit):
                self.crash_at("after_commit", hit)

    def test_killed_after_the_cache_marks_before_commit(self):
        for hit in (1, 5):
            with self.subTest(hit=hit):
                self.crash_at("before_commit", hit)


class CrashWhileRedisStalls(unittest.TestCase):
    """Redis stops answering (SIGSTOP: it keeps its entries) while an instance commits
    transfers, so its marks cannot reach Redis; then it dies before Redis answers again. The
    accounts it could not mark were recorded with its commits, and another instance marks them
    before serving them from Redis again, as does the crashed one when it comes back."""

    def setUp(self):
        harness.require_environment()
        self.redis = harness.PrivateRedis()
        self.addCleanup(self.redis.stop)

    def service(self):
        port = harness.free_port()
        service = harness.Service(port=port, args=[
            "serve", "--listen", f"127.0.0.1:{port}", "--db", harness.database_url(), "--cache", self.redis.url])
        return service.start()

    def recorded_repairs(self, accounts):
        return int(harness.sql("SELECT COUNT(*) FROM cache_repairs "
                               f"WHERE account_id IN ({harness.id_list(accounts)})")[0][0])

    def test_accounts_committed_without_marks_are_marked_by_another_instance(self):
        steady = self.service()
        self.addCleanup(steady.stop)
        accounts = harness.new_ids(4)
        for account in accounts:
            steady.open_account(account, "1000")
            steady.balance(account)  # cached: the entries the stall will leave behind
        doomed = self.service()
        self.addCleanup(doomed.output.close)
        self.redis.pause()
        try:
            client = harness.Client(doomed.port)
            for round_number in range(12):
                source, destination = accounts[round_number % 4], accounts[(round_number + 1) % 4]
                answer = client.post("/v1/transfers", {"source_account_id": source,
                                                       "destination_account_id": destination, "amount": "7.5"},
                                     {"Idempotency-Key": f"stall-{uuid.uuid4().hex}"})
                self.assertEqual(answer.status, 201, answer)
            client.close()
            self.assertGreater(self.recorded_repairs(accounts), 0, "the unmarked commits were not recorded")
            doomed.process.kill()  # dies with Redis still stopped: its own memory of them is gone
            doomed.process.wait()
        finally:
            self.redis.resume()
        harness.wait_until(lambda: self.recorded_repairs(accounts) == 0, 15,
                           "another instance to mark the recorded accounts")
        self.assert_reads_match_the_database(steady, accounts)
        restarted = self.service()
        try:
            self.assert_reads_match_the_database(restarted, accounts)
        finally:
            restarted.stop()

    def assert_reads_match_the_database(self, service, accounts):
        rows = harness.sql(f"SELECT id, balance, version FROM accounts WHERE id IN ({harness.id_list(accounts)})")
        stored = {int(row[0]): (money(row[1]), int(row[2])) for row in rows}
        self.assertEqual(sum(balance for balance, _ in stored.values()), money("4000"))
        for account in accounts:
            balance, version = stored[account]
            self.assertEqual(service.balance(account), balance, f"account {account} read back in time")
            cached_version, _, cached_balance = self.redis.cli("GET", f"transfers:account:{account}").partition(":")
            if cached_balance:
                self.assertEqual((int(cached_version), money(cached_balance)), (version, balance))


if __name__ == "__main__":
    unittest.main()
