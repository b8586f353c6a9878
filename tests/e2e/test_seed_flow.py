"""The seed's end-to-end flow, and exact decimal money, against the built binary."""
import datetime
import unittest

import harness
from harness import RFC3339_UTC, UUID_LOWER, money

service = None


def setUpModule():
    global service
    harness.require_environment()
    service = harness.Service().start()


def tearDownModule():
    if service is not None:
        service.stop()


class SeedFlow(unittest.TestCase):
    def test_create_transfer_and_read_back_as_the_seed_does(self):
        source, destination = harness.new_ids(2)

        created = service.post("/v1/accounts", {"account_id": source, "initial_balance": "500"})
        self.assertEqual(created.status, 201, created)
        self.assertEqual(created.headers["content-type"], "application/json")
        self.assertEqual(created.json(), {"account_id": source, "balance": "500"})
        created = service.post("/v1/accounts", {"account_id": destination, "initial_balance": "200"})
        self.assertEqual(created.status, 201, created)
        self.assertEqual(created.json(), {"account_id": destination, "balance": "200"})

        moved = service.transfer(source, destination, "150")
        self.assertEqual(moved.status, 201, moved)
        self.assertEqual(moved.headers["content-type"], "application/json")
        record = moved.json()
        self.assertEqual(set(record), {"transaction_id", "source_account_id",
                                       "destination_account_id", "amount", "created_at", "created_by"})
        self.assertRegex(record["transaction_id"], UUID_LOWER)
        self.assertEqual(record["source_account_id"], source)
        self.assertEqual(record["destination_account_id"], destination)
        self.assertEqual(record["amount"], "150")
        self.assertRegex(record["created_at"], RFC3339_UTC)

        for account_id in (source, destination):
            read = service.get(f"/v1/accounts/{account_id}")
            self.assertEqual(read.status, 200, read)
            self.assertEqual(read.headers["content-type"], "application/json")
            self.assertEqual(read.json(), {"account_id": account_id, "balance": "350"})

    def test_a_transfer_record_reads_back_unchanged_by_its_id(self):
        source, destination = harness.new_ids(2)
        service.open_account(source, "10")
        service.open_account(destination, "0")
        moved = service.transfer(source, destination, "2.5")
        self.assertEqual(moved.status, 201, moved)

        read = service.get(f"/v1/transfers/{moved.json()['transaction_id']}")
        self.assertEqual(read.status, 200, read)
        self.assertEqual(read.headers["content-type"], "application/json")
        self.assertEqual(read.json(), moved.json())

    def test_created_at_is_the_current_utc_time(self):
        source, destination = harness.new_ids(2)
        service.open_account(source, "1")
        service.open_account(destination, "0")
        before = datetime.datetime.now(datetime.timezone.utc)
        moved = service.transfer(source, destination, "1")
        after = datetime.datetime.now(datetime.timezone.utc)
        created_at = datetime.datetime.fromisoformat(moved.json()["created_at"].replace("Z", "+00:00"))
        # Generous slack: this checks the time zone and the clock, not the speed of the request.
        slack = datetime.timedelta(seconds=60)
        self.assertLessEqual(before - slack, created_at)
        self.assertLessEqual(created_at, after + slack)

    def test_each_transfer_gets_its_own_id(self):
        source, destination = harness.new_ids(2)
        service.open_account(source, "3")
        service.open_account(destination, "0")
        ids = {service.transfer(source, destination, "1").json()["transaction_id"] for _ in range(3)}
        self.assertEqual(len(ids), 3)
        self.assertEqual(service.balance(source), 0)
        self.assertEqual(service.balance(destination), 3)

    def test_health_answers_200(self):
        health = service.get("/v1/health")
        self.assertEqual(health.status, 200, health)
        self.assertEqual(health.headers["content-type"], "application/json")
        self.assertIsInstance(health.json(), dict)

    def test_the_stored_rows_match_the_answers(self):
        source, destination = harness.new_ids(2)
        service.open_account(source, "500")
        service.open_account(destination, "200")
        moved = service.transfer(source, destination, "150").json()

        self.assertEqual(harness.stored_balances([source, destination]),
                         {source: money("350"), destination: money("350")})
        self.assertEqual(harness.stored_transfers([source, destination]),
                         {moved["transaction_id"]: (source, destination, money("150"))})


class ExactMoney(unittest.TestCase):
    def test_the_smallest_unit_moves_exactly(self):
        source, destination = harness.new_ids(2)
        tiny = "0.000000000000000001"
        self.assertEqual(service.open_account(source, tiny).json()["balance"], tiny)
        service.open_account(destination, "0")

        moved = service.transfer(source, destination, tiny)
        self.assertEqual(moved.status, 201, moved)
        self.assertEqual(moved.json()["amount"], tiny)
        self.assertEqual(service.get(f"/v1/accounts/{source}").json()["balance"], "0")
        self.assertEqual(service.get(f"/v1/accounts/{destination}").json()["balance"], tiny)
        self.assertEqual(harness.stored_balances([destination]), {destination: money(tiny)})

    def test_fractions_are_never_rounded(self):
        source, destination = harness.new_ids(2)
        service.open_account(source, "12.5")
        service.open_account(destination, "0.000000000000000001")

        moved = service.transfer(source, destination, "0.333333333333333333")
        self.assertEqual(moved.status, 201, moved)
        self.assertEqual(service.get(f"/v1/accounts/{source}").json()["balance"],
                         "12.166666666666666667")
        self.assertEqual(service.get(f"/v1/accounts/{destination}").json()["balance"],
                         "0.333333333333333334")

    def test_the_largest_balance_is_kept_exactly(self):
        (account,) = harness.new_ids(1)
        largest = "99999999999999999999.999999999999999999"
        self.assertEqual(service.open_account(account, largest).json()["balance"], largest)
        self.assertEqual(service.get(f"/v1/accounts/{account}").json()["balance"], largest)
        self.assertEqual(harness.stored_balances([account]), {account: money(largest)})

    def test_output_is_canonical(self):
        cases = [("10.50", "10.5"), ("007", "7"), ("0.0", "0"), ("0", "0"), ("100.000", "100"),
                 ("000.010", "0.01"), ("1.000000000000000000", "1")]
        for given, canonical in cases:
            with self.subTest(initial_balance=given):
                (account,) = harness.new_ids(1)
                created = service.post("/v1/accounts", {"account_id": account, "initial_balance": given})
                self.assertEqual(created.status, 201, created)
                self.assertEqual(created.json()["balance"], canonical)
                self.assertEqual(service.get(f"/v1/accounts/{account}").json()["balance"], canonical)

    def test_transfer_amounts_are_echoed_canonically(self):
        source, destination = harness.new_ids(2)
        service.open_account(source, "100")
        service.open_account(destination, "0")
        for given, canonical in [("10.50", "10.5"), ("007", "7"), ("0.10", "0.1")]:
            with self.subTest(amount=given):
                moved = service.transfer(source, destination, given)
                self.assertEqual(moved.status, 201, moved)
                self.assertEqual(moved.json()["amount"], canonical)
                read = service.get(f"/v1/transfers/{moved.json()['transaction_id']}")
                self.assertEqual(read.json()["amount"], canonical)
        self.assertEqual(service.get(f"/v1/accounts/{source}").json()["balance"], "82.4")
        self.assertEqual(service.get(f"/v1/accounts/{destination}").json()["balance"], "17.6")

    def test_a_whole_balance_can_be_moved_out(self):
        source, destination = harness.new_ids(2)
        service.open_account(source, "7.000000000000000007")
        service.open_account(destination, "0")
        moved = service.transfer(source, destination, "7.000000000000000007")
        self.assertEqual(moved.status, 201, moved)
        self.assertEqual(service.get(f"/v1/accounts/{source}").json()["balance"], "0")
        self.assertEqual(service.get(f"/v1/accounts/{destination}").json()["balance"],
                         "7.000000000000000007")


if __name__ == "__main__":
    unittest.main()
