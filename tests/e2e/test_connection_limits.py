"""What one client, or many, can hold of the service: connections stay below a limit under the
open-files limit (the oldest idle ones are closed for newcomers, or a newcomer is answered 503),
a request head has its own deadline (408), and an error answer sent while the client is still
sending (413 on a 3 MB body) reaches it whole instead of being lost to a connection reset."""
import json
import os
import resource
import select
import socket
import subprocess
import tempfile
import time
import unittest

import harness

# Generous bounds for a loaded 2-core machine: they prove "bounded", not "fast".
answer_bound_s = 5
close_bound_s = 10


def service_args(port, *extra, database=None):
    """Serve on `database` (the test MariaDB by default), with the Redis cache when scripts/test
    started one."""
    args = ["serve", "--listen", f"127.0.0.1:{port}", "--db", database or harness.database_url()]
    if os.environ.get("TRANSFERS_TEST_REDIS_URL"):
        args += ["--cache", os.environ["TRANSFERS_TEST_REDIS_URL"]]
    return args + list(extra)


def start_service(test, *extra, preexec_fn=None):
    """On the test's `database` when it names one (SlowRequestHeadOnSqlite), else on MariaDB."""
    port = harness.free_port()
    args = service_args(port, *extra, database=getattr(test, "database", None))
    service = harness.Service(port=port, args=args, preexec_fn=preexec_fn).start()
    test.addCleanup(service.stop)
    return service


def connect(test, port):
    """A raw connection, closed at the end of the test (before the service is stopped)."""
    raw = socket.create_connection(("127.0.0.1", port), timeout=harness.timeout_request_s)
    test.addCleanup(raw.close)
    return raw


def closed_by_server(raw, timeout_s):
    """True when the server ends the connection (FIN, or a reset) within `timeout_s`."""
    readable, _, _ = select.select([raw], [], [], timeout_s)
    if not readable:
        return False
    try:
        return raw.recv(65536) == b""
    except ConnectionResetError:
        return True


def read_until_closed(raw):
    chunks = []
    while chunk := raw.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


class RawAnswer:
    """An HTTP/1.1 answer read off a raw socket up to the server's close."""

    def __init__(self, data):
        head, _, self.body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        self.status = int(lines[0].split(" ")[1])
        self.headers = {name.lower(): value.strip() for name, _, value in
                        (line.partition(":") for line in lines[1:])}

    def problem(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"RawAnswer({self.status}, {self.headers}, {self.body[:200]!r})"


def metric_values(service):
    """The unlabelled series of /metrics, as {name: float}, read on a fresh connection."""
    with harness.Client(service.port) as client:
        text = client.request("GET", "/metrics", headers={"Connection": "close"}).body
    values = {}
    for line in text.splitlines():
        if line and not line.startswith("#") and "{" not in line:
            name, value = line.split(" ")
            values[name] = float(value)
    return values


def timed_health(service):
    """GET /v1/health on a new connection: (status, seconds taken)."""
    started = time.monotonic()
    with harness.Client(service.port, timeout_s=answer_bound_s) as client:
        status = client.request("GET", "/v1/health", headers={"Connection": "close"}).status
    return status, time.monotonic() - started


class AtTheConnectionLimit(unittest.TestCase):
    connections_max = 200

    def setUp(self):
        harness.require_environment()
        # A long head deadline: the "busy" connections below must stay busy for the whole test.
        self.service = start_service(self, "--connections-max", str(self.connections_max),
                                     "--request-head-timeout-ms", "60000")

    def assert_answered_in_bound(self):
        status, took_s = timed_health(self.service)
        self.assertEqual(status, 200)
        self.assertLess(took_s, answer_bound_s)

    def test_beyond_the_limit_the_oldest_idle_connections_are_closed_and_new_clients_are_answered(self):
        idle = [connect(self, self.service.port) for _ in range(self.connections_max + 50)]
        self.assert_answered_in_bound()
        source, destination = harness.new_ids(2)
        with harness.Client(self.service.port, timeout_s=answer_bound_s) as client:
            for account_id, balance in [(source, "10"), (destination, "0")]:
                self.assertEqual(client.post("/v1/accounts", {"account_id": account_id,
                                                              "initial_balance": balance}).status, 201)
            answer = client.post("/v1/transfers", {"source_account_id": source,
                                                   "destination_account_id": destination, "amount": "1"})
            self.assertEqual(answer.status, 201, answer)
        # 250 idle connections for a limit of 200: the 50 oldest made room, and they went first.
        for index, raw in enumerate(idle[:50]):
            self.assertTrue(closed_by_server(raw, close_bound_s), f"idle connection {index} (among the oldest)")
        for index, raw in enumerate(idle[-100:]):
            self.assertFalse(closed_by_server(raw, 0.05), f"idle connection {len(idle) - 100 + index} (newest)")
        values = metric_values(self.service)
        self.assertGreaterEqual(values["http_server_connections_closed_for_limit_total"], 50)
        self.assertLessEqual(values["http_server_connections_open"], self.connections_max)
        self.assertEqual(values["http_server_connections_max"], self.connections_max)

    def test_with_every_connection_busy_a_new_one_is_answered_503_and_closed(self):
        begun = b"GET /v1/health HTTP/1.1\r\nHost: x\r\n"  # a head begun, not finished: busy, not idle
        held = [connect(self, self.service.port) for _ in range(self.connections_max)]
        for raw in held:
            raw.sendall(begun)
        answers = []

        def refused():
            # A probe that finds room (it took the place of a connection whose first bytes the
            # server had not read yet) stays, busy too; the next one will find none.
            probe = connect(self, self.service.port)
            held.append(probe)
            probe.sendall(begun)
            readable, _, _ = select.select([probe], [], [], 0.5)
            if readable:
                answers.append(RawAnswer(read_until_closed(probe)))
            return bool(answers)

        harness.wait_until(refused, 30, "a new connection to be answered at the limit")
        answer = answers[0]
        self.assertEqual(answer.status, 503, answer)
        self.assertEqual(answer.headers["content-type"], harness.PROBLEM_TYPE)
        self.assertEqual(answer.headers["connection"], "close")
        self.assertGreaterEqual(int(answer.headers["retry-after"]), 1)
        self.assertEqual(answer.problem()["code"], "unavailable")
        self.assertEqual(answer.problem()["status"], 503)
        for raw in held:  # the busy clients leave: the service takes new connections again
            raw.close()
        harness.wait_until(lambda: timed_health(self.service)[0] == 200, close_bound_s, "a 200 after the busy left")
        self.assertGreaterEqual(metric_values(self.service)["http_server_connections_refused_for_limit_total"], 1)


class UnderALowOpenFilesLimit(unittest.TestCase):
    open_files_max = 400

    def test_the_default_limit_stays_below_the_open_files_limit_and_the_service_keeps_answering(self):
        harness.require_environment()
        limit = self.open_files_max
        service = start_service(self, preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit)))
        connections_max = metric_values(service)["http_server_connections_max"]
        self.assertLess(connections_max, limit)
        self.assertGreater(connections_max, 0)
        # More idle connections than the process has descriptors.
        idle = [connect(self, service.port) for _ in range(limit + 100)]
        for _ in range(3):
            status, took_s = timed_health(service)
            self.assertEqual(status, 200)
            self.assertLess(took_s, answer_bound_s)
        self.assertTrue(closed_by_server(idle[0], close_bound_s), "the oldest idle connection")
        values = metric_values(service)
        self.assertLessEqual(values["http_server_connections_open"], connections_max)
        self.assertGreaterEqual(values["http_server_connections_closed_for_limit_total"], len(idle) - connections_max)
        self.assertEqual(values["http_server_accept_errors_total"], 0, service.output_text()[-2000:])


class SlowRequestHead(unittest.TestCase):
    head_timeout_ms = 1000

    def setUp(self):
        harness.require_environment()
        self.service = start_service(self, "--request-head-timeout-ms", str(self.head_timeout_ms))

    def assert_request_timeout(self, raw, started):
        answer = RawAnswer(read_until_closed(raw))  # the server closes after the answer
        took_s = time.monotonic() - started
        self.assertEqual(answer.status, 408, answer)
        self.assertEqual(answer.headers["content-type"], harness.PROBLEM_TYPE)
        self.assertEqual(answer.headers["connection"], "close")
        self.assertEqual(answer.problem()["code"], "request_timeout")
        self.assertGreaterEqual(took_s, self.head_timeout_ms / 1000 * 0.9)  # not before the deadline
        self.assertLess(took_s, answer_bound_s)

    def test_a_head_not_finished_within_its_deadline_is_answered_408_and_closed(self):
        raw = connect(self, self.service.port)
        started = time.monotonic()
        raw.sendall(b"POST /v1/transfers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n")
        self.assert_request_timeout(raw, started)
        self.assertGreaterEqual(metric_values(self.service)["http_server_request_head_timeouts_total"], 1)

    def test_a_head_trickled_a_byte_at_a_time_is_answered_408_at_the_deadline(self):
        raw = connect(self, self.service.port)
        started = time.monotonic()
        trickle = b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000
        for byte in trickle:  # each byte resets no timer: the deadline covers the whole head
            readable, _, _ = select.select([raw], [], [], 0.1)
            if readable:
                break
            raw.sendall(bytes([byte]))
        self.assert_request_timeout(raw, started)

    def test_an_idle_keep_alive_connection_outlives_the_head_deadline(self):
        with harness.Client(self.service.port) as client:
            self.assertEqual(client.get("/v1/health").status, 200)
            time.sleep(self.head_timeout_ms / 1000 * 2.5)  # idle, not in a request: the idle timeout applies
            self.assertEqual(client.get("/v1/health").status, 200)


class SlowRequestHeadOnSqlite(SlowRequestHead):
    """The same slow clients against the service on an SQLite file of the test's own."""

    def setUp(self):
        scratch = tempfile.TemporaryDirectory(prefix="transfers-e2e-")
        self.addCleanup(scratch.cleanup)  # runs after the service's stop, registered later
        self.database = f"sqlite:{scratch.name}/ledger.db"
        super().setUp()


class LargeBody(unittest.TestCase):
    body_bytes = 3 * 1024 * 1024
    repetitions = 20

    def setUp(self):
        harness.require_environment()
        self.service = start_service(self)

    def assert_payload_too_large(self, data):
        answer = RawAnswer(data)
        self.assertEqual(answer.status, 413, answer)
        self.assertEqual(answer.headers["content-type"], harness.PROBLEM_TYPE)
        self.assertEqual(answer.headers["connection"], "close")
        self.assertEqual(len(answer.body), int(answer.headers["content-length"]))
        self.assertEqual(answer.problem()["code"], "payload_too_large")

    def test_a_3_mb_body_gets_the_whole_413_without_a_reset(self):
        body = b"{" + b" " * (self.body_bytes - 2) + b"}"
        head = (b"POST /v1/transfers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n" % len(body))
        for repetition in range(self.repetitions):
            with self.subTest(repetition=repetition):
                with socket.create_connection(("127.0.0.1", self.service.port), timeout=close_bound_s) as raw:
                    raw.sendall(head)
                    raw.sendall(body)  # a broken pipe or a reset here would fail the test
                    self.assert_payload_too_large(read_until_closed(raw))

    def test_a_chunked_body_past_the_limit_gets_the_whole_413_without_a_reset(self):
        chunk = b" " * 65536
        framed = b"%x\r\n%s\r\n" % (len(chunk), chunk)
        for repetition in range(5):
            with self.subTest(repetition=repetition):
                with socket.create_connection(("127.0.0.1", self.service.port), timeout=close_bound_s) as raw:
                    raw.sendall(b"POST /v1/transfers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                b"Transfer-Encoding: chunked\r\n\r\n")
                    for _ in range(self.body_bytes // len(chunk)):
                        raw.sendall(framed)
                    raw.sendall(b"0\r\n\r\n")
                    self.assert_payload_too_large(read_until_closed(raw))


class LimitFlags(unittest.TestCase):
    def setUp(self):
        harness.require_environment()

    def test_the_limits_are_read_from_the_environment(self):
        port = harness.free_port()
        env = {name: value for name, value in os.environ.items() if not name.startswith("TRANSFERS_")}
        env.update(TRANSFERS_LISTEN=f"127.0.0.1:{port}", TRANSFERS_DB=harness.database_url(),
                   TRANSFERS_CONNECTIONS_MAX="123", TRANSFERS_REQUEST_HEAD_TIMEOUT_MS="1000")
        service = harness.Service(args=["serve"], port=port, env=env).start()
        self.addCleanup(service.stop)
        self.assertEqual(metric_values(service)["http_server_connections_max"], 123)
        raw = connect(self, port)
        raw.sendall(b"GET /v1/health HTTP/1.1\r\n")
        self.assertEqual(RawAnswer(read_until_closed(raw)).status, 408)

    def test_a_bad_limit_exits_2_with_one_line(self):
        port = harness.free_port()
        base = ["serve", "--listen", f"127.0.0.1:{port}", "--db", harness.database_url()]
        for extra in [["--connections-max", "0"], ["--connections-max", "many"], ["--connections-max", "-5"],
                      ["--request-head-timeout-ms", "0"], ["--request-head-timeout-ms", "10s"]]:
            with self.subTest(args=extra), tempfile.TemporaryDirectory() as scratch:
                done = subprocess.run([harness.binary()] + base + extra, capture_output=True, text=True,
                                      cwd=scratch, stdin=subprocess.DEVNULL, timeout=60)
                self.assertEqual(done.returncode, 2, done)
                self.assertEqual(len(done.stderr.splitlines()), 1, done.stderr)


if __name__ == "__main__":
    unittest.main()
