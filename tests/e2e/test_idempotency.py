"""Idempotency-Key on POST /v1/accounts and POST /v1/transfers: a retry with the same key and
body gets the same status and body and never a second effect (at once, after a restart, after
a cut connection, while the first attempt is still in flight); the same key with another body
is 409 idempotency_key_reused. Every case runs on MariaDB and on SQLite."""
import datetime
import json
import select
import socket
import sqlite3
import struct
import threading
import time
import unittest
import uuid

import harness
import openapi_check
from harness import PROBLEM_TYPE, money

storm_threads = 32
batch_keys = 48



def setUpModule():
    harness.require_environment()


def new_key():
    return "e2e-" + uuid.uuid4().hex


def keyed(key):
    return {"Idempotency-Key": key}


def transfer_body(source, destination, amount):
    return {"source_account_id": source, "destination_account_id": destination, "amount": amount}


def account_body(account_id, initial_balance):
    return {"account_id": account_id, "initial_balance": initial_balance}


def post_keyed(client, path, body, key):
    """POSTs with the key. Two requests with one key that meet in the database deadlock; the
    loser is retried inside the service, so no client ever sees a 503 for it."""
    return client.post(path, body, keyed(key))


def raw_post(path, body, key, token):
    data = json.dumps(body).encode()
    return (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {token}\r\n"
            f"Idempotency-Key: {key}\r\nContent-Length: {len(data)}\r\n\r\n").encode() + data


class IdempotencyContract(openapi_check.OnBackend):
    # --- helpers ---------------------------------------------------------------------------

    def open_accounts(self, *balances):
        ids = harness.new_ids(len(balances))
        for account, balance in zip(ids, balances):
            self.service.open_account(account, balance)
        return ids

    def concurrently(self, works):
        """Runs each work(client) on its own thread and connection, released together; returns
        their results in order."""
        results, errors = [None] * len(works), []
        start = threading.Barrier(len(works))

        def run(index):
            try:
                with harness.Client(self.service.port) as client:
                    start.wait(timeout=harness.timeout_request_s)
                    results[index] = works[index](client)
            except BaseException as error:  # reported below, never lost in a thread
                errors.append(f"thread {index}: {error!r}")

        threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(works))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=2 * harness.timeout_request_s)
        self.assertFalse(any(thread.is_alive() for thread in threads), "a client hung")
        self.assertEqual(errors, [])
        return results

    def assertProblem(self, answer, status, code):
        self.assertEqual((answer.status, answer.headers.get("content-type")), (status, PROBLEM_TYPE), answer)
        problem = answer.json()
        self.assertEqual((problem["status"], problem["code"]), (status, code), answer)
        self.assertEqual(set(problem), {"type", "title", "status", "code", "detail"})

    def assertBalances(self, expected):
        self.assertEqual({account: self.service.balance(account) for account in expected},
                         {account: money(balance) for account, balance in expected.items()})

    def assertEffects(self, accounts, count):
        self.assertEqual(self.backend.transfer_count(accounts), count, "stored transfer rows")

    def assertSameAnswer(self, answer, first):
        self.assertEqual((answer.status, answer.headers.get("content-type"), answer.body),
                         (first.status, first.headers.get("content-type"), first.body))

    # --- transfers -------------------------------------------------------------------------

    def test_a_retry_storm_on_one_key_has_one_effect_and_one_answer(self):
        source, destination = self.open_accounts("100", "0")
        key, body = new_key(), transfer_body(source, destination, "7")
        answers = self.concurrently([lambda c: post_keyed(c, "/v1/transfers", body, key)] * storm_threads)
        self.assertEqual({answer.status for answer in answers}, {201}, answers[:3])
        self.assertEqual(len({answer.body for answer in answers}), 1, "retries answered differently")
        record = answers[0].json()
        self.assertEqual(self.service.get(f"/v1/transfers/{record['transaction_id']}").json(), record)
        self.assertEffects([source, destination], 1)
        self.assertBalances({source: "93", destination: "7"})

    def test_one_key_raced_with_two_bodies_executes_exactly_one_of_them(self):
        source, destination = self.open_accounts("100", "0")
        key, half = new_key(), storm_threads // 2
        works = ([lambda c: post_keyed(c, "/v1/transfers", transfer_body(source, destination, "1"), key)] * half
                 + [lambda c: post_keyed(c, "/v1/transfers", transfer_body(source, destination, "2"), key)] * half)
        answers = self.concurrently(works)
        accepted = [answer for answer in answers if answer.status == 201]
        self.assertEqual(len({answer.body for answer in accepted}), 1, "two different answers were accepted")
        self.assertEqual(len(accepted), half, "every request with the winning body is answered 201")
        for answer in answers:
            if answer.status != 201:
                self.assertProblem(answer, 409, "idempotency_key_reused")
        moved = money(accepted[0].json()["amount"])
        winner, loser = ("1", "2") if moved == 1 else ("2", "1")
        self.assertSameAnswer(self.service.post("/v1/transfers", transfer_body(source, destination, winner),
                                                keyed(key)), accepted[0])
        self.assertProblem(self.service.post("/v1/transfers", transfer_body(source, destination, loser),
                                             keyed(key)), 409, "idempotency_key_reused")
        self.assertEffects([source, destination], 1)
        self.assertBalances({source: 100 - moved, destination: moved})

    def test_the_same_key_with_another_body_is_409_and_changes_nothing(self):
        source, destination, other = self.open_accounts("100", "0", "0")
        key = new_key()
        first = self.service.post("/v1/transfers", transfer_body(source, destination, "10"), keyed(key))
        self.assertEqual(first.status, 201, first)
        for body in [transfer_body(source, destination, "11"), transfer_body(source, other, "10"),
                     transfer_body(destination, source, "10"), transfer_body(other, destination, "10")]:
            with self.subTest(body=body):
                self.assertProblem(self.service.post("/v1/transfers", body, keyed(key)), 409,
                                   "idempotency_key_reused")
        self.assertSameAnswer(self.service.post("/v1/transfers", transfer_body(source, destination, "10"),
                                                keyed(key)), first)
        self.assertEffects([source, destination, other], 1)
        self.assertBalances({source: "90", destination: "10", other: "0"})

    def test_a_retry_after_a_restart_gets_the_same_answer(self):
        source, destination = self.open_accounts("50", "0")
        (opened,) = harness.new_ids(1)
        transfer_key, account_key = new_key(), new_key()
        transfer = transfer_body(source, destination, "0.5")
        first_transfer = self.service.post("/v1/transfers", transfer, keyed(transfer_key))
        first_open = self.service.post("/v1/accounts", account_body(opened, "3"), keyed(account_key))
        self.assertEqual((first_transfer.status, first_open.status), (201, 201))
        self.restart_service()
        self.assertSameAnswer(self.service.post("/v1/transfers", transfer, keyed(transfer_key)), first_transfer)
        self.assertSameAnswer(self.service.post("/v1/accounts", account_body(opened, "3"), keyed(account_key)),
                              first_open)
        self.assertProblem(self.service.post("/v1/transfers", transfer_body(source, destination, "1"),
                                             keyed(transfer_key)), 409, "idempotency_key_reused")
        self.assertEffects([source, destination], 1)
        self.assertBalances({source: "49.5", destination: "0.5", opened: "3"})

    def test_a_retry_while_the_first_attempt_is_in_flight_waits_for_it(self):
        source, destination = self.open_accounts("100", "0")
        key, body = new_key(), json.dumps(transfer_body(source, destination, "4"))
        headers = {"Content-Type": "application/json", "Idempotency-Key": key,
                   "Authorization": f"Bearer {self.service.token}"}
        first, retry = harness.Client(self.service.port), harness.Client(self.service.port)
        self.addCleanup(lambda: (first.close(), retry.close()))
        release = self.hold_writes(source)  # the first attempt cannot commit until released
        try:
            first.connection.request("POST", "/v1/transfers", body=body, headers=headers)
            self.wait_for_writers_waiting(source, 1)
            retry.connection.request("POST", "/v1/transfers", body=body, headers=headers)
            # The retry waits behind the first attempt (in the service: a batch in flight holds
            # its accounts), and is not answered before it.
            waited = select.select([retry.connection.sock], [], [], 1.0)[0]
            self.assertEqual(waited, [], "the retry was answered while the first attempt was held")
        finally:
            release()
        answers = []
        for client in (first, retry):
            response = client.connection.getresponse()
            answers.append(harness.Answer(response.status, {}, response.read().decode()))
        self.assertEqual([answer.status for answer in answers], [201, 201], answers)
        self.assertEqual(answers[0].body, answers[1].body)
        self.assertEffects([source, destination], 1)
        self.assertBalances({source: "96", destination: "4"})

    def hold_writes(self, account):
        """Blocks the service's writes touching `account` from outside; returns the release."""
        if self.backend.name == "mariadb":
            lock = harness.RowLock(account)
            return lock.release
        holder = sqlite3.connect(self.backend.path, timeout=harness.timeout_sql_s, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # the file's write lock; the service waits up to 10 s
        return lambda: (holder.execute("ROLLBACK"), holder.close())

    def wait_for_writers_waiting(self, account, count):
        """MariaDB shows the lock waits; SQLite cannot, there the request was only sent. Read
        at most every 0.25 s: InnoDB refreshes its lock tables only if they were not read in the
        last 0.1 s, so faster polling (harness.wait_until) would see a stale picture forever."""
        deadline = time.monotonic() + harness.timeout_request_s
        while self.backend.name == "mariadb" and harness.lock_waits(account) < count:
            self.assertLess(time.monotonic(), deadline, f"{count} transaction(s) to wait for {account}")
            time.sleep(0.25)

    def test_a_connection_cut_right_after_sending_then_a_retry_has_exactly_one_effect(self):
        source, destination = self.open_accounts("100", "0")
        for cuts in (1, 5):
            with self.subTest(cuts=cuts):
                key, body = new_key(), transfer_body(source, destination, "1")
                for index in range(cuts):
                    with socket.create_connection(("127.0.0.1", self.service.port), timeout=10) as raw:
                        if index % 2:  # every other one ends with a reset instead of a FIN
                            raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        raw.sendall(raw_post("/v1/transfers", body, key, self.service.token))
                retried = post_keyed(self.service.client(), "/v1/transfers", body, key)
                self.assertEqual(retried.status, 201, retried)
                record = retried.json()
                self.assertEqual(self.service.get(f"/v1/transfers/{record['transaction_id']}").json(), record)
        self.assertEffects([source, destination], 2)
        self.assertBalances({source: "98", destination: "2"})

    def test_many_keys_in_one_batch_each_execute_once(self):
        source, destination = self.open_accounts("1000", "0")
        keys = [new_key() for _ in range(batch_keys)]
        body = transfer_body(source, destination, "1")
        sends = [lambda c, k=k: post_keyed(c, "/v1/transfers", body, k) for k in keys for _ in range(2)]
        first = self.concurrently(sends)
        self.assertEqual({answer.status for answer in first}, {201})
        for index in range(batch_keys):
            self.assertEqual(first[2 * index].body, first[2 * index + 1].body, "one key, two answers")
        self.assertEqual(len({answer.json()["transaction_id"] for answer in first}), batch_keys)
        again = self.concurrently(sends)
        self.assertEqual([answer.body for answer in again], [answer.body for answer in first])
        self.assertEffects([source, destination], batch_keys)
        self.assertBalances({source: 1000 - batch_keys, destination: batch_keys})

    def test_a_refusal_is_remembered_and_answered_again_after_things_changed(self):
        poor, rich, destination = self.open_accounts("5", "100", "0")
        (missing,) = harness.new_ids(1)
        short_key, missing_key = new_key(), new_key()
        short = self.service.post("/v1/transfers", transfer_body(poor, destination, "10"), keyed(short_key))
        self.assertProblem(short, 422, "insufficient_funds")
        lost = self.service.post("/v1/transfers", transfer_body(poor, missing, "1"), keyed(missing_key))
        self.assertProblem(lost, 404, "account_not_found")
        self.assertEqual(self.service.transfer(rich, poor, "50").status, 201)  # now it could pay
        self.service.open_account(missing, "0")  # and the account exists
        self.assertSameAnswer(self.service.post("/v1/transfers", transfer_body(poor, destination, "10"),
                                                keyed(short_key)), short)
        self.assertSameAnswer(self.service.post("/v1/transfers", transfer_body(poor, missing, "1"),
                                                keyed(missing_key)), lost)
        self.assertBalances({poor: "55", destination: "0", missing: "0"})
        # Without a key the same requests now succeed.
        self.assertEqual(self.service.transfer(poor, destination, "10").status, 201)
        self.assertEqual(self.service.transfer(poor, missing, "1").status, 201)
        self.assertBalances({poor: "44", destination: "10", missing: "1"})

    def test_a_400_is_not_remembered(self):
        source, destination = self.open_accounts("100", "0")
        key = new_key()
        for bad in ['{"source_account_id":1}', json.dumps(transfer_body(source, destination, "-1")),
                    json.dumps(transfer_body(source, source, "1"))]:
            self.assertProblem(self.service.post("/v1/transfers", bad, keyed(key)), 400, "invalid_request")
        answer = self.service.post("/v1/transfers", transfer_body(source, destination, "1"), keyed(key))
        self.assertEqual(answer.status, 201, answer)
        self.assertEffects([source, destination], 1)

    # --- accounts --------------------------------------------------------------------------

    def test_opening_an_account_with_a_key_answers_every_retry_alike(self):
        account, other = harness.new_ids(2)
        key = new_key()
        first = self.service.post("/v1/accounts", account_body(account, "12.5"), keyed(key))
        self.assertEqual((first.status, first.json()), (201, {"account_id": account, "balance": "12.5"}))
        retry = account_body(account, "12.5")
        answers = self.concurrently([lambda c: c.post("/v1/accounts", retry, keyed(key))] * storm_threads)
        for answer in answers:
            self.assertSameAnswer(answer, first)
        for body in [account_body(account, "13"), account_body(other, "12.5")]:
            with self.subTest(body=body):
                self.assertProblem(self.service.post("/v1/accounts", body, keyed(key)), 409,
                                   "idempotency_key_reused")
        self.assertBalances({account: "12.5"})
        self.assertProblem(self.service.get(f"/v1/accounts/{other}"), 404, "account_not_found")

    def test_a_storm_of_one_key_opens_a_new_account_once(self):
        (account,) = harness.new_ids(1)
        key = new_key()
        body = account_body(account, "8")
        answers = self.concurrently([lambda c: c.post("/v1/accounts", body, keyed(key))] * storm_threads)
        self.assertEqual({(answer.status, answer.body) for answer in answers},
                         {(201, json.dumps({"account_id": account, "balance": "8"}, separators=(",", ":")))})
        self.assertBalances({account: "8"})

    def test_a_keyed_open_of_an_existing_account_is_409_account_exists_every_time(self):
        (account,) = harness.new_ids(1)
        self.service.open_account(account, "1")
        key = new_key()
        first = self.service.post("/v1/accounts", account_body(account, "2"), keyed(key))
        self.assertProblem(first, 409, "account_exists")
        self.assertSameAnswer(self.service.post("/v1/accounts", account_body(account, "2"), keyed(key)), first)
        self.assertBalances({account: "1"})

    # --- keys --------------------------------------------------------------------------------

    def test_invalid_keys_are_400_and_change_nothing(self):
        source, destination = self.open_accounts("100", "0")
        (fresh,) = harness.new_ids(1)
        invalid = ["", "x" * 256, "a b", "a\tb", "caf\u00e9", "caf\u00c3\u00a9", "\u00ff" * 10]
        malformed = ["\x7f", "a\x01b"]  # control characters: not even a valid HTTP header
        for path, body in [("/v1/transfers", transfer_body(source, destination, "1")),
                           ("/v1/accounts", account_body(fresh, "1"))]:
            for key in invalid + malformed:
                with self.subTest(path=path, key=key[:20]):
                    answer = self.service.post(path, body, keyed(key))
                    if key in invalid:
                        self.assertProblem(answer, 400, "invalid_request")
                        self.assertIn("Idempotency-Key", answer.json()["detail"])
                    else:
                        self.assertProblem(answer, 400, "malformed_http")
        self.assertEffects([source, destination], 0)
        self.assertBalances({source: "100", destination: "0"})
        self.assertProblem(self.service.get(f"/v1/accounts/{fresh}"), 404, "account_not_found")

    def test_keys_are_exact_byte_strings_of_up_to_255_visible_characters(self):
        source, destination = self.open_accounts("100", "0")
        every_visible = "".join(chr(c) for c in range(33, 127))  # quotes, backslash, %, ', ...
        unique = uuid.uuid4().hex[:8]  # the MariaDB is shared with other runs
        keys = [unique + suffix for suffix in ["x" * (255 - len(unique)), "", every_visible, every_visible.lower(),
                                               "Key-A", "key-a", "key-a\\", "key-a%"]]
        answers = {}
        for key in keys:
            with self.subTest(key=key[:30]):
                answers[key] = self.service.post("/v1/transfers", transfer_body(source, destination, "1"), keyed(key))
                self.assertEqual(answers[key].status, 201, answers[key])
        self.assertEqual(len({answer.body for answer in answers.values()}), len(set(keys)), "keys were confused")
        for key in keys:
            self.assertSameAnswer(self.service.post("/v1/transfers", transfer_body(source, destination, "1"),
                                                    keyed(key)), answers[key])
        self.assertEffects([source, destination], len(set(keys)))

    def test_a_key_is_scoped_to_its_route(self):
        source, destination = self.open_accounts("100", "0")
        (opened,) = harness.new_ids(1)
        key = new_key()
        account = self.service.post("/v1/accounts", account_body(opened, "5"), keyed(key))
        transfer = self.service.post("/v1/transfers", transfer_body(source, destination, "5"), keyed(key))
        self.assertEqual((account.status, transfer.status), (201, 201), (account, transfer))
        self.assertSameAnswer(self.service.post("/v1/accounts", account_body(opened, "5"), keyed(key)), account)
        self.assertSameAnswer(self.service.post("/v1/transfers", transfer_body(source, destination, "5"),
                                                keyed(key)), transfer)
        self.assertEffects([source, destination], 1)
        self.assertBalances({opened: "5", source: "95", destination: "5"})

    def test_keys_are_kept_for_24_hours(self):
        """The key's row is made 23 h 50 min old, another one 7 days old; once the periodic
        purge has forgotten the old one, the young one still answers its retry."""
        source, destination = self.open_accounts("100", "0")
        young, old = new_key(), new_key()
        body = transfer_body(source, destination, "1")
        first = self.service.post("/v1/transfers", body, keyed(young))
        self.assertEqual(self.service.post("/v1/transfers", body, keyed(old)).status, 201)

        def age_the_keys():
            self.backend.set_key_age("transfers", young, datetime.timedelta(hours=23, minutes=50))
            self.backend.set_key_age("transfers", old, datetime.timedelta(days=7))

        self.restart_service(between=age_the_keys)
        harness.wait_until(lambda: self.backend.key_count("transfers", old) == 0, 180,
                           "the purge to forget a key 7 days old")
        self.assertEqual(self.backend.key_count("transfers", young), 1)
        self.assertSameAnswer(self.service.post("/v1/transfers", body, keyed(young)), first)
        self.assertEffects([source, destination], 2)


class IdempotencyOnMariaDb(IdempotencyContract, unittest.TestCase):
    backend_name = "mariadb"


class IdempotencyOnSqlite(IdempotencyContract, unittest.TestCase):
    backend_name = "sqlite"


if __name__ == "__main__":
    unittest.main()
