"""Who may move money: bearer tokens, scopes, debit limits, revocation across instances, the
audit trail (created_by), the first start's admin token, client management from the command
line and over HTTP, and the per-client rate limit. Every case runs on MariaDB and on SQLite."""
import os
import re
import stat
import subprocess
import tempfile
import threading
import time
import unittest
import uuid

import harness
import openapi_check
from harness import PROBLEM_TYPE, money

TOKEN_FORMAT = re.compile(r"^tr_[A-Za-z0-9_-]{43}$")


def setUpModule():
    harness.require_environment()


def new_name(prefix="e2e"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def transfer_body(source, destination, amount):
    return {"source_account_id": source, "destination_account_id": destination, "amount": amount}


def refused_metric(service, code):
    """http_server_requests_refused_total{code=...}, read without a token (/metrics is open)."""
    with harness.Client(service.port, token=None) as client:
        text = client.get("/metrics").body
    match = re.search(r'^http_server_requests_refused_total\{code="' + code + r'"\} (\S+)$', text, re.M)
    return float(match.group(1)) if match else 0.0


class AuthContract(openapi_check.OnBackend):
    def setUp(self):
        super().setUp()
        self.admin = self.service.token  # the harness made an admin client for this database

    # --- helpers ---------------------------------------------------------------------------

    def create_client(self, scopes, debit_accounts=None):
        """Created over HTTP by the admin, so that this instance knows it at once (another learns
        of it within a second)."""
        body = {"name": new_name(), "scopes": scopes}
        if debit_accounts:
            body["debit_accounts"] = debit_accounts
        with self.as_client(self.admin) as admin:
            created = admin.post("/v1/clients", body)
        self.assertEqual(created.status, 201, created)
        return body["name"], created.json()["token"]

    def wait_for_log(self, service, pattern):
        """The log is written by a thread of its own: wait (bounded) for a line to reach it."""
        harness.wait_until(lambda: re.search(pattern, service.output_text()), 5, f"a log line matching {pattern}")

    def database(self):
        return self.service.database()

    def as_client(self, token, port=None):
        return harness.Client(port or self.service.port, token=token)

    def open_accounts(self, *balances):
        ids = harness.new_ids(len(balances))
        for account_id, balance in zip(ids, balances):
            self.service.open_account(account_id, balance)
        return ids

    def balances(self, ids):
        return [self.service.balance(account_id) for account_id in ids]

    def assertProblem(self, answer, status, code):
        self.assertEqual(answer.status, status, answer)
        self.assertEqual(answer.headers.get("content-type"), PROBLEM_TYPE, answer)
        self.assertEqual(answer.json()["code"], code, answer)

    # --- 401 ---------------------------------------------------------------------------------

    def test_every_bad_credential_is_401_with_www_authenticate_and_changes_nothing(self):
        source, destination = self.open_accounts("100", "0")
        name, token = self.create_client("transfers:write")
        with self.as_client(self.admin) as admin:
            self.assertEqual(admin.request("DELETE", f"/v1/clients/{name}").status, 200)
        unknown = "tr_" + "A" * 43
        cases = {"missing": None, "empty bearer": "Bearer ", "basic": "Basic dXNlcjpwYXNz",
                 "no scheme": unknown, "garbage": "Bearer !!!", "unknown": f"Bearer {unknown}",
                 "revoked": f"Bearer {token}"}
        with harness.Client(self.service.port, token=None) as anonymous:
            for case, header in cases.items():
                with self.subTest(case=case):
                    answer = anonymous.post("/v1/transfers", transfer_body(source, destination, "1"),
                                            {"Authorization": header})
                    self.assertProblem(answer, 401, "unauthenticated")
                    self.assertTrue(answer.headers.get("www-authenticate", "").startswith("Bearer"), answer.headers)
                    self.assertNotIn(token, answer.body)
                    self.assertEqual(anonymous.get(f"/v1/accounts/{source}").status, 401)
        self.assertEqual(self.balances([source, destination]), [money("100"), money("0")])
        self.assertEqual(self.backend.transfer_count([source]), 0)
        self.assertGreaterEqual(refused_metric(self.service, "unauthenticated"), len(cases))
        self.wait_for_log(self.service, '"status":401,[^\n]*"code":"unauthenticated"')
        log = self.service.output_text()
        self.assertNotIn(token, log)
        self.assertNotIn(unknown, log)

    def test_a_repeated_authorization_header_is_401(self):
        (account,) = self.open_accounts("1")
        raw = (f"GET /v1/accounts/{account} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n").encode() + \
            harness.auth_header(self.admin) + harness.auth_header(self.admin) + b"\r\n"
        data = harness.send_raw(self.service.port, raw)
        self.assertTrue(data.startswith(b"HTTP/1.1 401 "), data[:200])

    def test_health_and_metrics_stay_open_and_the_rest_needs_a_token(self):
        with harness.Client(self.service.port, token=None) as anonymous:
            self.assertEqual(anonymous.get("/v1/health").status, 200)
            self.assertEqual(anonymous.get("/metrics").status, 200)
            for method, path in [("GET", "/v1/openapi.yaml"), ("GET", "/v1/clients"), ("GET", "/v1/accounts/1"),
                                 ("GET", "/v1/accounts/1/transfers"), ("GET", "/v1/no-such-route")]:
                with self.subTest(path=path):
                    self.assertProblem(anonymous.request(method, path), 401, "unauthenticated")

    # --- 403 ---------------------------------------------------------------------------------

    def test_a_missing_scope_is_403_and_changes_nothing(self):
        (source, destination) = self.open_accounts("10", "0")
        _, reader = self.create_client("accounts:read")
        fresh = harness.new_ids(1)[0]
        with self.as_client(reader) as client:
            self.assertEqual(client.get(f"/v1/accounts/{source}").status, 200)
            self.assertProblem(client.post("/v1/accounts", {"account_id": fresh, "initial_balance": "5"}),
                               403, "forbidden")
            answer = client.post("/v1/transfers", transfer_body(source, destination, "1"))
            self.assertProblem(answer, 403, "forbidden")
            self.assertIn("transfers:write", answer.json()["detail"])
            self.assertProblem(client.get(f"/v1/accounts/{source}/transfers"), 403, "forbidden")
            self.assertProblem(client.get("/v1/clients"), 403, "forbidden")
        self.assertEqual(self.service.get(f"/v1/accounts/{fresh}").status, 404)
        self.assertEqual(self.balances([source, destination]), [money("10"), money("0")])
        self.assertGreaterEqual(refused_metric(self.service, "forbidden"), 4)

    def test_a_debit_outside_the_clients_accounts_is_403_and_changes_nothing(self):
        allowed, other, destination = self.open_accounts("10", "10", "0")
        _, payroll = self.create_client("transfers:write", debit_accounts=f"{allowed}-{allowed},1")
        with self.as_client(payroll) as client:
            answer = client.post("/v1/transfers", transfer_body(other, destination, "1"))
            self.assertProblem(answer, 403, "forbidden")
            self.assertIn(str(other), answer.json()["detail"])
            self.assertEqual(client.post("/v1/transfers", transfer_body(allowed, destination, "1")).status, 201)
            # Only the source is limited: debiting the destination instead is refused the same way.
            self.assertProblem(client.post("/v1/transfers", transfer_body(destination, other, "1")), 403, "forbidden")
        self.assertEqual(self.balances([allowed, other, destination]), [money("9"), money("10"), money("1")])

    # --- audit -------------------------------------------------------------------------------

    def test_created_by_names_the_client_in_the_record_and_the_history(self):
        source, destination = self.open_accounts("10", "0")
        name, payroll = self.create_client("transfers:write,transfers:read")
        with self.as_client(payroll) as client:
            record = client.post("/v1/transfers", transfer_body(source, destination, "2.5")).json()
            self.assertEqual(record["created_by"], name)
            self.assertEqual(client.get(f"/v1/transfers/{record['transaction_id']}").json()["created_by"], name)
            history = client.get(f"/v1/accounts/{destination}/transfers").json()["transfers"]
            self.assertEqual([entry["created_by"] for entry in history], [name])
        self.wait_for_log(self.service, r'"route":"/v1/transfers","status":201,[^\n]*"client":"' + re.escape(name) + '"')

    def test_another_clients_idempotency_key_is_refused_not_replayed(self):
        source, destination = self.open_accounts("10", "0")
        _, first = self.create_client("transfers:write")
        _, second = self.create_client("transfers:write")
        key = {"Idempotency-Key": "e2e-" + uuid.uuid4().hex}
        with self.as_client(first) as a, self.as_client(second) as b:
            created = a.post("/v1/transfers", transfer_body(source, destination, "1"), key)
            self.assertEqual(created.status, 201)
            self.assertEqual(a.post("/v1/transfers", transfer_body(source, destination, "1"), key).body, created.body)
            self.assertProblem(b.post("/v1/transfers", transfer_body(source, destination, "1"), key),
                               409, "idempotency_key_reused")
        self.assertEqual(self.balances([source, destination]), [money("9"), money("1")])

    # --- revocation across instances -----------------------------------------------------------

    def test_a_revocation_is_seen_by_a_second_running_instance_within_a_second(self):
        (account,) = self.open_accounts("1")
        other = self.start_service()
        with self.as_client(self.admin) as admin:
            created = admin.post("/v1/clients", {"name": new_name(), "scopes": "accounts:read"})
            self.assertEqual(created.status, 201, created)
            name, token = created.json()["name"], created.json()["token"]
            with self.as_client(token, other.port) as there:
                harness.wait_until(lambda: there.get(f"/v1/accounts/{account}").status == 200, 5,
                                   "the other instance to learn of the new client")
                self.assertEqual(admin.request("DELETE", f"/v1/clients/{name}").status, 200)
                revoked_at = time.monotonic()
                while there.get(f"/v1/accounts/{account}").status == 200:
                    self.assertLess(time.monotonic() - revoked_at, 1.0, "still served more than 1 s after revocation")
                    time.sleep(0.02)
                self.assertProblem(there.get(f"/v1/accounts/{account}"), 401, "unauthenticated")
        with self.as_client(token) as here:  # the instance that revoked refuses at once
            self.assertProblem(here.get(f"/v1/accounts/{account}"), 401, "unauthenticated")

    def test_the_command_line_revocation_reaches_a_running_instance(self):
        (account,) = self.open_accounts("1")
        name = new_name()
        token = harness.create_client(self.database(), name, "accounts:read")
        with self.as_client(token) as client:
            harness.wait_until(lambda: client.get(f"/v1/accounts/{account}").status == 200, 5,
                               "the instance to learn of the new client")
            done = subprocess.run([harness.binary(), "clients", "revoke", name, "--db", self.database()],
                                  capture_output=True, text=True, timeout=harness.timeout_sql_s)
            self.assertEqual(done.returncode, 0, done)
            harness.wait_until(lambda: client.get(f"/v1/accounts/{account}").status == 401, 2,
                               "the revoked token to be refused")

    # --- /v1/clients -------------------------------------------------------------------------

    def test_clients_are_created_listed_and_revoked_over_http_by_an_admin(self):
        name = new_name()
        with self.as_client(self.admin) as admin:
            created = admin.post("/v1/clients", {"name": name, "scopes": "transfers:write,accounts:read",
                                                 "debit_accounts": "2000-2999,1000-1999",
                                                 "certificate_subject": "CN=payroll,O=Acme"})
            self.assertEqual(created.status, 201, created)
            self.assertEqual(created.headers.get("cache-control"), "no-store")
            body = created.json()
            self.assertRegex(body["token"], TOKEN_FORMAT)
            self.assertEqual(body["scopes"], "accounts:read,transfers:write")
            self.assertEqual(body["debit_accounts"], "1000-2999")
            self.assertEqual(body["certificate_subject"], "CN=payroll,O=Acme")
            self.assertNotIn("revoked_at", body)
            listed = {client["name"]: client for client in admin.get("/v1/clients").json()["clients"]}
            self.assertEqual(listed[name], {key: value for key, value in body.items() if key != "token"})
            self.assertNotIn(body["token"], admin.get("/v1/clients").body)
            revoked = admin.request("DELETE", f"/v1/clients/{name}")
            self.assertEqual(revoked.status, 200, revoked)
            self.assertIn("revoked_at", revoked.json())
            again = admin.request("DELETE", f"/v1/clients/{name}")
            self.assertEqual(again.json()["revoked_at"], revoked.json()["revoked_at"])
            self.assertProblem(admin.post("/v1/clients", {"name": name, "scopes": "admin"}), 409, "client_exists")
            self.assertProblem(admin.request("DELETE", f"/v1/clients/{new_name()}"), 404, "client_not_found")

    def test_bad_client_requests_are_400_naming_the_field_and_create_nothing(self):
        name = new_name()
        cases = [({"name": name}, "scopes"),
                 ({"scopes": "admin"}, "name"),
                 ({"name": name, "scopes": "root"}, "scopes"),
                 ({"name": name, "scopes": ""}, "scopes"),
                 ({"name": name, "scopes": ["admin"]}, "scopes"),
                 ({"name": name, "scopes": "admin,admin"}, "scopes"),
                 ({"name": "anonymous", "scopes": "admin"}, "name"),
                 ({"name": "has space", "scopes": "admin"}, "name"),
                 ({"name": "x" * 65, "scopes": "admin"}, "name"),
                 ({"name": name, "scopes": "admin", "debit_accounts": "5-3"}, "debit_accounts"),
                 ({"name": name, "scopes": "admin", "debit_accounts": "0"}, "debit_accounts"),
                 ({"name": name, "scopes": "admin", "debit_accounts": 7}, "debit_accounts"),
                 ({"name": name, "scopes": "admin", "certificate_subject": ""}, "certificate_subject"),
                 ({"name": name, "scopes": "admin", "token": "mine"}, "token")]
        with self.as_client(self.admin) as admin:
            for body, field in cases:
                with self.subTest(body=body):
                    answer = admin.post("/v1/clients", body)
                    self.assertProblem(answer, 400, "invalid_request")
                    self.assertTrue(answer.json()["detail"].startswith(field), answer.json()["detail"])
            self.assertProblem(admin.post("/v1/clients", "{"), 400, "invalid_request")
            self.assertNotIn(name, admin.get("/v1/clients").body)

    # --- the command line --------------------------------------------------------------------

    def test_the_command_line_creates_lists_and_revokes_clients(self):
        name = new_name()
        database = self.database()
        done = subprocess.run([harness.binary(), "clients", "create", "--db", database, "--name", name,
                               "--scopes", "transfers:write,accounts:read", "--debit-accounts", "1000-1999"],
                              capture_output=True, text=True, timeout=harness.timeout_sql_s)
        self.assertEqual(done.returncode, 0, done)
        token = done.stdout.strip()
        self.assertRegex(token, TOKEN_FORMAT)
        listed = subprocess.run([harness.binary(), "clients", "list", "--db", database],
                                capture_output=True, text=True, timeout=harness.timeout_sql_s)
        self.assertEqual(listed.returncode, 0, listed)
        row = next(line.split("\t") for line in listed.stdout.splitlines() if line.startswith(name + "\t"))
        self.assertEqual(row[1:3], ["accounts:read,transfers:write", "1000-1999"])
        self.assertEqual(row[5], "-")
        self.assertNotIn(token, listed.stdout)
        duplicate = subprocess.run([harness.binary(), "clients", "create", "--db", database, "--name", name,
                                    "--scopes", "admin"], capture_output=True, text=True, timeout=harness.timeout_sql_s)
        self.assertEqual(duplicate.returncode, 1, duplicate)
        self.assertEqual(len(duplicate.stderr.splitlines()), 1, duplicate.stderr)
        self.assertEqual(duplicate.stdout, "")
        for bad in [["--scopes", "root"], ["--scopes", "admin", "--debit-accounts", "x"], ["--name", "a b"]]:
            with self.subTest(args=bad):
                args = ["--name", new_name(), "--scopes", "admin"] + bad
                refused = subprocess.run([harness.binary(), "clients", "create", "--db", database] + args,
                                         capture_output=True, text=True, timeout=harness.timeout_sql_s)
                self.assertEqual(refused.returncode, 2, refused)
                self.assertEqual(len(refused.stderr.splitlines()), 1, refused.stderr)
        revoked = subprocess.run([harness.binary(), "clients", "revoke", name, "--db", database],
                                 capture_output=True, text=True, timeout=harness.timeout_sql_s)
        self.assertEqual(revoked.returncode, 0, revoked)
        unknown = subprocess.run([harness.binary(), "clients", "revoke", new_name(), "--db", database],
                                 capture_output=True, text=True, timeout=harness.timeout_sql_s)
        self.assertEqual(unknown.returncode, 1, unknown)

    # --- rate limit --------------------------------------------------------------------------

    def test_a_client_over_its_rate_limit_gets_429_with_retry_after_and_others_do_not(self):
        port = harness.free_port()
        limited = harness.Service(port=port, args=self.backend.service_args(port) +
                                  ["--rate-limit", "2", "--rate-limit-burst", "5"]).start()
        self.addCleanup(limited.stop)
        (account,) = self.open_accounts("1")
        _, greedy = self.create_client("accounts:read")
        _, patient = self.create_client("accounts:read")
        with harness.Client(port, token=greedy) as client:
            harness.wait_until(lambda: client.get(f"/v1/accounts/{account}").status != 401, 5,
                               "the instance to learn of the new client")
            answers = [client.get(f"/v1/accounts/{account}") for _ in range(20)]
        refused = [answer for answer in answers if answer.status == 429]
        self.assertGreaterEqual(len(refused), 10, [answer.status for answer in answers])
        self.assertTrue(all(answer.status in (200, 429) for answer in answers))
        for answer in refused:
            self.assertProblem(answer, 429, "rate_limited")
            self.assertGreaterEqual(int(answer.headers["retry-after"]), 1)
        with harness.Client(port, token=patient) as other:
            harness.wait_until(lambda: other.get(f"/v1/accounts/{account}").status != 401, 5,
                               "the instance to learn of the new client")
            self.assertEqual(other.get(f"/v1/accounts/{account}").status, 200)
        self.assertGreaterEqual(refused_metric(limited, "rate_limited"), len(refused))


class AuthOnMariaDb(AuthContract, unittest.TestCase):
    backend_name = "mariadb"


class AuthOnSqlite(AuthContract, unittest.TestCase):
    backend_name = "sqlite"


class FirstStart(unittest.TestCase):
    """A fresh database with authentication on: the first start creates an admin client and
    writes its token where only the service's user can read it."""

    def setUp(self):
        harness.require_environment()
        scratch = tempfile.TemporaryDirectory(prefix="transfers-e2e-")
        self.addCleanup(scratch.cleanup)
        self.dir = scratch.name

    def start(self, *extra):
        port = harness.free_port()
        service = harness.Service(port=port, args=["serve", "--listen", f"127.0.0.1:{port}",
                                                   "--db", f"sqlite:{self.dir}/ledger.db", *extra])
        service.token = "unused"  # the harness must not create a client: this test is about having none
        service.start()
        self.addCleanup(service.stop)
        return service

    def test_the_first_start_writes_an_admin_token_beside_the_database_readable_by_its_owner_only(self):
        service = self.start()
        path = os.path.join(self.dir, "ledger.db.admin-token")
        mode = stat.S_IMODE(os.stat(path).st_mode)
        self.assertEqual(mode, 0o600, oct(mode))
        with open(path, encoding="ascii") as file:
            token = file.read().strip()
        self.assertRegex(token, TOKEN_FORMAT)
        harness.wait_until(lambda: path in service.output_text(), 5, "the log to say where the token is")
        self.assertNotIn(token, service.output_text())
        with harness.Client(service.port, token=token) as admin:
            (account,) = harness.new_ids(1)
            self.assertEqual(admin.post("/v1/accounts", {"account_id": account, "initial_balance": "1"}).status, 201)
            names = [client["name"] for client in admin.get("/v1/clients").json()["clients"]]
            self.assertEqual(names, ["admin"])
        service.stop()
        os.remove(path)
        self.start()  # a client exists now: no second admin, no new file
        self.assertFalse(os.path.exists(path))

    def test_the_token_file_can_be_named(self):
        path = os.path.join(self.dir, "secrets", "admin.token")
        os.mkdir(os.path.dirname(path), 0o700)
        self.start("--admin-token-file", path)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)

    def test_auth_off_logs_a_warning_and_records_anonymous(self):
        service = self.start("--auth", "off")
        harness.wait_until(lambda: "--auth off" in service.output_text(), 5, "the warning")
        self.assertFalse(os.path.exists(os.path.join(self.dir, "ledger.db.admin-token")))
        with harness.Client(service.port, token=None) as client:
            source, destination = harness.new_ids(2)
            client.post("/v1/accounts", {"account_id": source, "initial_balance": "5"})
            client.post("/v1/accounts", {"account_id": destination, "initial_balance": "0"})
            record = client.post("/v1/transfers", transfer_body(source, destination, "1")).json()
            self.assertEqual(record["created_by"], "anonymous")
            self.assertProblem = AuthContract.assertProblem.__get__(self)
            self.assertProblem(client.get("/v1/clients"), 403, "forbidden")


if __name__ == "__main__":
    unittest.main()
