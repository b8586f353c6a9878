"""The command-line and process contract: flags, environment, exit codes, draining on SIGTERM,
durability across a restart, and many idle keep-alive connections."""
import os
import resource
import socket
import subprocess
import tempfile
import threading
import time
import unittest

import harness
from harness import money

timeout_exit_s = 60  # bounded wait for a process that must refuse to start
connections_idle = 2000


def setUpModule():
    harness.require_environment()


def run_refused(args, env=None):
    """Runs the binary expecting it to refuse to start; returns (exit code, stdout, stderr)."""
    with tempfile.TemporaryDirectory() as scratch:  # a default database file would land here
        done = subprocess.run([harness.binary()] + args, capture_output=True, text=True, env=env,
                              cwd=scratch, stdin=subprocess.DEVNULL, timeout=timeout_exit_s)
    return done.returncode, done.stdout, done.stderr


def environment(**variables):
    env = {name: value for name, value in os.environ.items() if not name.startswith("TRANSFERS_")}
    env.update(variables)
    return env


def connection_refused(port):
    """True when nothing accepts connections on `port` any more."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
        return False
    except ConnectionRefusedError:
        return True
    except ConnectionResetError:  # queued just as the listener closed: ask again
        return False


class StartupRefusals(unittest.TestCase):
    def assertRefusedWithOneLine(self, args, env=None):
        code, stdout, stderr = run_refused(args, env)
        self.assertEqual(code, 2, f"{args}: stdout={stdout!r} stderr={stderr!r}")
        self.assertTrue(stderr.endswith("\n"), repr(stderr))
        self.assertEqual(len(stderr.splitlines()), 1, repr(stderr))
        self.assertTrue(stderr.strip(), "the error line is empty")
        return stderr

    def test_a_bad_flag_exits_2_with_one_line_on_stderr(self):
        db = ["--db", harness.database_url()]
        port = harness.free_port()
        for args in [[], ["bogus"], ["serve", "--bogus"] + db, ["serve", "--listen"],
                     ["serve", "--listen", "nonsense"] + db, ["serve", "--listen", "127.0.0.1:99999"] + db,
                     ["serve", "--listen", "127.0.0.1:"] + db, ["serve", "--listen", ":9999"] + db,
                     ["serve", "--log-level", "loud", "--listen", f"127.0.0.1:{port}"] + db]:
            with self.subTest(args=args):
                self.assertRefusedWithOneLine(args)

    def test_an_unreachable_database_exits_2_with_one_line(self):
        good = harness.database_url()
        wrong_password = good.replace("mariadb://", "mariadb://nobody-", 1)
        for url in ["mariadb://u:p@127.0.0.1:1/x", wrong_password]:
            with self.subTest(db=url):
                port = harness.free_port()
                self.assertRefusedWithOneLine(["serve", "--listen", f"127.0.0.1:{port}", "--db", url])
                self.assertTrue(connection_refused(port))

    def test_a_malformed_database_url_exits_2_with_one_line(self):
        port = harness.free_port()
        for url in ["mariadb://nohost", "mariadb://u@h:notaport/db", "mariadb://u@127.0.0.1:5/",
                    "mariadb://u@127.0.0.1/db", "mariadb://@127.0.0.1:5/db", "mariadb://u@127.0.0.1:0/db",
                    "mariadb://u@127.0.0.1:65536/db", "postgres://u:p@127.0.0.1:5432/db", "nonsense"]:
            with self.subTest(db=url):
                self.assertRefusedWithOneLine(["serve", "--listen", f"127.0.0.1:{port}", "--db", url])

    def test_bad_values_from_the_environment_are_refused_like_flags(self):
        port = harness.free_port()
        for variables in [{"TRANSFERS_LISTEN": "nonsense", "TRANSFERS_DB": harness.database_url()},
                          {"TRANSFERS_LISTEN": f"127.0.0.1:{port}", "TRANSFERS_DB": "mariadb://nohost"},
                          {"TRANSFERS_LISTEN": f"127.0.0.1:{port}", "TRANSFERS_DB": harness.database_url(),
                           "TRANSFERS_LOG_LEVEL": "loud"}]:
            with self.subTest(env=variables):
                self.assertRefusedWithOneLine(["serve"], environment(**variables))


class Configuration(unittest.TestCase):
    def test_listen_and_database_are_read_from_the_environment(self):
        port = harness.free_port()
        service = harness.Service(args=["serve"], port=port, env=environment(
            TRANSFERS_LISTEN=f"127.0.0.1:{port}", TRANSFERS_DB=harness.database_url()))
        service.start()
        try:
            (account,) = harness.new_ids(1)
            service.open_account(account, "12.5")
            # Found over the root socket: the service wrote to the database named in TRANSFERS_DB.
            self.assertEqual(harness.stored_balances([account]), {account: money("12.5")})
        finally:
            service.stop()

    def test_a_flag_wins_over_its_environment_variable(self):
        port_flag, port_env = harness.free_port(), harness.free_port()
        service = harness.Service(
            args=["serve", "--listen", f"127.0.0.1:{port_flag}"], port=port_flag,
            env=environment(TRANSFERS_LISTEN=f"127.0.0.1:{port_env}", TRANSFERS_DB=harness.database_url()))
        service.start()
        try:
            self.assertTrue(connection_refused(port_env))
        finally:
            service.stop()


class Lifecycle(unittest.TestCase):
    def setUp(self):
        self.service = harness.Service().start()
        self.addCleanup(self.service.stop)

    def test_sigterm_answers_every_request_in_flight_then_exits_0(self):
        source, *receivers = harness.new_ids(9)
        self.service.open_account(source, "100")
        for receiver in receivers:
            self.service.open_account(receiver, "0")
        answers, sent = {}, threading.Semaphore(0)

        def transfer_one(receiver):
            with harness.Client(self.service.port) as client:
                body = ('{"source_account_id":%d,"destination_account_id":%d,"amount":"1"}'
                        % (source, receiver))
                client.connection.request("POST", "/v1/transfers", body=body,
                                          headers={"Content-Type": "application/json",
                                                   "Authorization": f"Bearer {self.service.token}"})
                sent.release()
                response = client.connection.getresponse()
                answers[receiver] = (response.status, response.read())

        # A root transaction holds the source row: every transfer waits inside the service.
        lock = harness.RowLock(source)
        self.addCleanup(lock.release)
        threads = [threading.Thread(target=transfer_one, args=(r,), daemon=True) for r in receivers]
        for thread in threads:
            thread.start()
        for _ in threads:
            self.assertTrue(sent.acquire(timeout=harness.timeout_request_s))
        harness.wait_until(lambda: harness.lock_waits(source) >= 1, harness.timeout_request_s,
                           "the transfers to wait for the row lock")

        self.service.signal_stop()
        harness.wait_until(lambda: connection_refused(self.service.port), harness.timeout_request_s,
                           "new connections to be refused after SIGTERM")
        self.assertIsNone(self.service.process.poll(), "exited with requests still in flight")
        lock.release()
        for thread in threads:
            thread.join(harness.timeout_request_s)
        self.assertEqual(self.service.wait_exit(), 0, self.service.output_text())

        self.assertEqual(sorted(answers), sorted(receivers))
        for receiver, (status, body) in answers.items():
            self.assertEqual(status, 201, body)
            self.assertIn(b'"transaction_id"', body)
        balances = harness.stored_balances([source] + receivers)
        self.assertEqual(balances[source], 100 - len(receivers))
        self.assertEqual({balances[r] for r in receivers}, {1})
        self.assertEqual(harness.stored_transfer_count([source]), len(receivers))

    def test_sigterm_with_idle_keep_alive_connections_exits_0_and_refuses_new_ones(self):
        idle = [harness.Client(self.service.port) for _ in range(5)]
        for client in idle:
            self.assertEqual(client.get("/v1/health").status, 200)
        self.service.signal_stop()
        self.assertEqual(self.service.wait_exit(), 0, self.service.output_text())
        self.assertTrue(connection_refused(self.service.port))
        for client in idle:
            client.close()

    def test_a_second_sigterm_during_the_last_flushes_does_not_cut_the_shutdown_short(self):
        # A collector that takes the connection and never answers: on SIGTERM, the drain ends at
        # once, then the service waits (bounded) to flush its spans. A second SIGTERM arrives then.
        with socket.socket() as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen(16)
            collector = f"http://127.0.0.1:{silent.getsockname()[1]}"
            port = harness.free_port()
            service = harness.Service(args=["serve", "--listen", f"127.0.0.1:{port}", "--db", harness.database_url(),
                                            "--otlp-endpoint", collector, "--trace-sampling-ratio", "1"],
                                      port=port).start()
            self.addCleanup(service.stop)
            self.assertEqual(service.get("/v1/health").status, 200)
            service.signal_stop()
            harness.wait_until(lambda: connection_refused(port), harness.timeout_request_s, "the listener to close")
            time.sleep(0.5)  # nothing was in flight: the drain is over, the span flush is waiting
            self.assertIsNone(service.process.poll(), "the service should still be flushing its spans")
            service.signal_stop()
            self.assertEqual(service.wait_exit(), 0, service.output_text())

    def test_a_restart_keeps_every_balance_and_transfer(self):
        source, destination = harness.new_ids(2)
        self.service.open_account(source, "100.5")
        self.service.open_account(destination, "0.000000000000000001")
        records = [self.service.transfer(source, destination, amount).json()
                   for amount in ["10", "0.25", "0.000000000000000009"]]
        self.service.stop()

        restarted = harness.Service().start()
        try:
            self.assertEqual(restarted.get(f"/v1/accounts/{source}").json()["balance"],
                             "90.249999999999999991")
            self.assertEqual(restarted.get(f"/v1/accounts/{destination}").json()["balance"],
                             "10.25000000000000001")
            for record in records:
                self.assertEqual(restarted.get(f"/v1/transfers/{record['transaction_id']}").json(), record)
            self.assertEqual(restarted.post("/v1/accounts", {"account_id": source, "initial_balance": "1"})
                             .status, 409)
        finally:
            restarted.stop()


class ManyConnections(unittest.TestCase):
    def raise_open_files_limit(self, wanted):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard != resource.RLIM_INFINITY and hard < wanted:
            self.skipTest(f"needs {wanted} open files, but the hard limit (ulimit -Hn) is {hard}")
        if soft != resource.RLIM_INFINITY and soft < wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            self.addCleanup(resource.setrlimit, resource.RLIMIT_NOFILE, (soft, hard))

    def test_two_thousand_idle_keep_alive_connections_do_not_starve_a_newcomer(self):
        self.raise_open_files_limit(connections_idle + 256)
        service = harness.Service().start()
        self.addCleanup(service.stop)
        idle = []
        self.addCleanup(lambda: [client.close() for client in idle])
        for _ in range(connections_idle):
            client = harness.Client(service.port)
            idle.append(client)
            self.assertEqual(client.get("/v1/health").status, 200)
        sockets = [client.connection.sock for client in idle]
        self.assertNotIn(None, sockets, "the service closed a keep-alive connection")

        with harness.Client(service.port, timeout_s=10) as newcomer:
            self.assertEqual(newcomer.get("/v1/health").status, 200)
            (account,) = harness.new_ids(1)
            self.assertEqual(newcomer.post("/v1/accounts", {"account_id": account, "initial_balance": "1"})
                             .status, 201)

        for client, sock in zip(idle, sockets):
            self.assertEqual(client.get(f"/v1/accounts/{account}").status, 200)
            self.assertIs(client.connection.sock, sock, "the connection was not kept alive")


if __name__ == "__main__":
    unittest.main()
