"""GET /v1/transfers/{id} and GET /v1/accounts/{id}/transfers: an account's transfers newest
first, a page at a time (limit: default 50, at most 500; an opaque `after` cursor), stable while
transfers keep arriving. Every case runs on MariaDB and on SQLite."""
import base64
import random
import threading
import unittest
import uuid

import harness
import openapi_check
from harness import PROBLEM_TYPE

threads_count = 8
cursor_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def setUpModule():
    harness.require_environment()


class HistoryContract(openapi_check.OnBackend):
    # --- helpers ---------------------------------------------------------------------------

    def open_accounts(self, *balances):
        ids = harness.new_ids(len(balances))
        for account, balance in zip(ids, balances):
            self.service.open_account(account, balance)
        return ids

    def transfer(self, source, destination, amount="1", service=None):
        answer = (service or self.service).transfer(source, destination, amount)
        self.assertEqual(answer.status, 201, answer)
        return answer.json()

    def transfers_at_once(self, pairs):
        """Sends the (source, destination) transfers of 1 from `threads_count` threads."""
        errors = []

        def work(share):
            try:
                with harness.Client(self.service.port) as client:
                    for source, destination in share:
                        answer = client.post("/v1/transfers", {"source_account_id": source,
                                                               "destination_account_id": destination,
                                                               "amount": "1"})
                        if answer.status != 201:
                            errors.append(answer)
            except BaseException as error:  # reported below, never lost in a thread
                errors.append(repr(error))

        threads = [threading.Thread(target=work, args=(pairs[i::threads_count],), daemon=True)
                   for i in range(threads_count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        self.assertFalse(any(thread.is_alive() for thread in threads), "a client hung")
        self.assertEqual(errors, [])

    def page(self, account, query=""):
        answer = self.service.get(f"/v1/accounts/{account}/transfers{query}")
        self.assertEqual((answer.status, answer.headers.get("content-type")), (200, "application/json"), answer)
        page = answer.json()
        self.assertLessEqual(set(page), {"transfers", "next_cursor"})
        return page

    def all_pages(self, account, limit, between_pages=None):
        """Pages through the whole history; returns the pages."""
        pages, query = [], f"?limit={limit}"
        while True:
            pages.append(self.page(account, query))
            if "next_cursor" not in pages[-1]:
                return pages
            self.assertLessEqual(len(pages), 10_000, "paging does not end")
            if between_pages:
                between_pages()
            query = f"?limit={limit}&after={pages[-1]['next_cursor']}"

    def assertProblem(self, answer, status, code, field=None):
        self.assertEqual((answer.status, answer.headers.get("content-type")), (status, PROBLEM_TYPE), answer)
        self.assertEqual((answer.json()["status"], answer.json()["code"]), (status, code), answer)
        if field:
            self.assertIn(field, answer.json()["detail"])

    def assertRejected(self, account, query, field):
        self.assertProblem(self.service.get(f"/v1/accounts/{account}/transfers{query}"), 400,
                           "invalid_request", field)

    # --- order and records -----------------------------------------------------------------

    def test_the_history_is_the_stored_records_newest_first_in_both_directions(self):
        account, other, third = self.open_accounts("100", "100", "100")
        records = [self.transfer(account, other, "1.5"), self.transfer(other, account, "0.000000000000000001"),
                   self.transfer(third, account, "20"), self.transfer(account, third, "3"),
                   self.transfer(other, third, "7")]  # not the account's
        mine = [record for record in records if account in (record["source_account_id"],
                                                            record["destination_account_id"])]
        page = self.page(account)
        self.assertEqual(page, {"transfers": mine[::-1]})
        for record in page["transfers"]:
            self.assertEqual(self.service.get(f"/v1/transfers/{record['transaction_id']}").json(), record)
        self.assertEqual(self.page(third)["transfers"], [records[4], records[3], records[2]])

    def test_an_account_without_transfers_has_one_empty_page(self):
        (account,) = self.open_accounts("5")
        self.assertEqual(self.page(account), {"transfers": []})
        self.assertEqual(self.page(account, "?limit=1"), {"transfers": []})

    def test_a_missing_account_is_404(self):
        (missing,) = harness.new_ids(1)
        for query in ["", "?limit=5"]:
            self.assertProblem(self.service.get(f"/v1/accounts/{missing}/transfers{query}"), 404,
                               "account_not_found")
        self.assertProblem(self.service.get(f"/v1/transfers/{uuid.uuid4()}"), 404, "transfer_not_found")

    # --- paging ------------------------------------------------------------------------------

    def test_paging_with_any_limit_yields_every_transfer_exactly_once(self):
        account, other = self.open_accounts("100", "100")
        records = [self.transfer(account, other) if i % 3 else self.transfer(other, account) for i in range(9)]
        newest_first = records[::-1]
        for limit in range(1, len(records) + 2):
            with self.subTest(limit=limit):
                pages = self.all_pages(account, limit)
                self.assertEqual([record for page in pages for record in page["transfers"]], newest_first)
                self.assertEqual([len(page["transfers"]) for page in pages],
                                 [len(newest_first[i:i + limit]) for i in range(0, len(newest_first), limit)])

    def test_the_default_page_is_50_and_the_largest_500(self):
        account, other = self.open_accounts("1000", "1000")
        self.transfers_at_once([(account, other) if i % 2 else (other, account) for i in range(505)])
        default = self.page(account)
        self.assertEqual(len(default["transfers"]), 50)
        self.assertIn("next_cursor", default)
        largest = self.page(account, "?limit=500")
        self.assertEqual(largest["transfers"][:50], default["transfers"])
        self.assertEqual(len(largest["transfers"]), 500)
        rest = self.page(account, f"?limit=500&after={largest['next_cursor']}")
        self.assertEqual((len(rest["transfers"]), "next_cursor" in rest), (5, False))
        ids = [record["transaction_id"] for record in largest["transfers"] + rest["transfers"]]
        self.assertEqual(len(set(ids)), 505)
        self.assertEqual(self.backend.transfer_count([account]), 505)

    def test_pages_are_stable_while_transfers_keep_arriving(self):
        account, other, third = self.open_accounts("1000", "1000", "1000")
        pairs = [(account, other), (other, account), (third, account), (account, third)]
        before = [self.transfer(*pairs[i % 4]) for i in range(40)][::-1]
        inserted, stop, arrived = [], threading.Event(), threading.Condition()
        failures = []

        def keep_inserting():
            with harness.Client(self.service.port) as client:
                while not stop.is_set():
                    source, destination = pairs[len(inserted) % 4]
                    answer = client.post("/v1/transfers", {"source_account_id": source, "amount": "0.01",
                                                           "destination_account_id": destination})
                    if answer.status != 201:
                        failures.append(answer)
                        return
                    with arrived:
                        inserted.append(answer.json())
                        arrived.notify_all()

        def wait_for_one_more():
            with arrived:
                seen = len(inserted)
                self.assertTrue(arrived.wait_for(lambda: len(inserted) > seen or failures,
                                                 harness.timeout_request_s), "no transfer arrived")

        inserter = threading.Thread(target=keep_inserting, daemon=True)
        inserter.start()
        try:
            wait_for_one_more()
            pages = self.all_pages(account, 7, between_pages=wait_for_one_more)
        finally:
            stop.set()
            inserter.join(timeout=harness.timeout_request_s)
        self.assertEqual(failures, [])
        listed = [record for page in pages for record in page["transfers"]]
        ids = [record["transaction_id"] for record in listed]
        self.assertEqual(len(ids), len(set(ids)), "a transfer was listed twice")
        known = {record["transaction_id"] for record in before}
        self.assertEqual([record for record in listed if record["transaction_id"] in known], before,
                         "a transfer that existed before paging was skipped, repeated or moved")
        arrived_ids = {record["transaction_id"] for record in inserted}
        self.assertLessEqual(set(ids), known | arrived_ids)
        self.assertGreaterEqual(len(pages), 6)
        self.assertTrue(any(r["source_account_id"] == account for r in listed))
        self.assertTrue(any(r["destination_account_id"] == account for r in listed))
        # Once quiet, the history holds everything exactly once, newest first.
        everything = [record for page in self.all_pages(account, 500) for record in page["transfers"]]
        self.assertEqual(everything, inserted[::-1] + before)

    def test_a_cursor_keeps_working_after_a_restart(self):
        account, other = self.open_accounts("10", "10")
        records = [self.transfer(account, other) for _ in range(3)]
        cursor = self.page(account, "?limit=1")["next_cursor"]
        self.restart_service()
        self.assertEqual(self.page(account, f"?limit=5&after={cursor}"), {"transfers": records[1::-1]})

    # --- bad queries ---------------------------------------------------------------------

    def test_a_limit_outside_1_to_500_or_not_a_number_is_400(self):
        (account,) = self.open_accounts("1")
        for limit in ["0", "501", "abc", "-1", "", "1.5", "+1", "1e2", "0x10", "%201", "1%20", "99999999999999999999",
                      "18446744073709551617", "5&limit=6"]:
            with self.subTest(limit=limit):
                self.assertRejected(account, f"?limit={limit}", "limit")

    def test_unknown_or_repeated_query_parameters_are_400(self):
        (account,) = self.open_accounts("1")
        for query, field in [("?page=2", "page"), ("?Limit=5", "Limit"), ("?limit=5&foo=bar", "foo"),
                             ("?cursor=abc", "cursor"), ("?offset=0", "offset")]:
            with self.subTest(query=query):
                self.assertRejected(account, query, field)

    def test_a_tampered_cursor_is_400(self):
        account, other = self.open_accounts("100", "100")
        for _ in range(3):
            self.transfer(account, other)
        cursor = self.page(account, "?limit=1")["next_cursor"]
        foreign = self.page(other, "?limit=1")["next_cursor"]
        rng = random.Random(7)
        tampered = {"empty": "", "truncated": cursor[:-1], "first half": cursor[:len(cursor) // 2],
                    "no first character": cursor[1:], "appended": cursor + "A", "padded": cursor + "=",
                    "another account's": foreign, "all A": "A" * len(cursor),
                    "standard base64": base64.b64encode(base64.urlsafe_b64decode(cursor + "=")).decode(),
                    "random": "".join(rng.choice(cursor_alphabet) for _ in cursor)}
        for position in range(len(cursor)):  # every single character changed
            replacement = cursor_alphabet[(cursor_alphabet.index(cursor[position]) + 1) % 64]
            tampered[f"character {position}"] = cursor[:position] + replacement + cursor[position + 1:]
        for name, bad in tampered.items():
            with self.subTest(name, cursor=bad):
                self.assertNotEqual(bad, cursor)
                self.assertRejected(account, f"?after={bad}", "after")
        self.assertRejected(other, f"?after={cursor}", "after")
        self.assertRejected(account, f"?after={cursor}&after={cursor}", "after")
        self.assertEqual(len(self.page(account, f"?after={cursor}")["transfers"]), 2, "the real one still works")


class HistoryOnMariaDb(HistoryContract, unittest.TestCase):
    backend_name = "mariadb"


class HistoryOnSqlite(HistoryContract, unittest.TestCase):
    backend_name = "sqlite"


if __name__ == "__main__":
    unittest.main()
