"""End-to-end harness: runs the built service binary against the test MariaDB and talks to it.

Environment (set by CTest and scripts/test):
  TRANSFERS_BINARY               the release binary under test
  TRANSFERS_TEST_MARIADB_URL     mariadb://USER:PASS@HOST:PORT/DBNAME for the service
  TRANSFERS_TEST_MARIADB_SOCKET  unix socket for root access with the `mariadb` client
Only the Python standard library is used.
"""
import decimal
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest

# Bounded waits: long enough for a loaded 2-core machine, short enough to never hang CI.
timeout_start_s = 30
timeout_stop_s = 40  # the service drains in-flight requests for up to 20 s
timeout_request_s = 30
timeout_sql_s = 30

# Money has at most 20 + 18 digits: 60 digits of precision keep every sum exact, and an inexact
# result raises instead of rounding. Set for this thread and for every thread started later.
money_context = decimal.Context(prec=60, traps=[decimal.Inexact, decimal.InvalidOperation])
decimal.DefaultContext.prec = money_context.prec
decimal.DefaultContext.traps.update({decimal.Inexact: True, decimal.InvalidOperation: True})
decimal.setcontext(money_context.copy())

RFC3339_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")
UUID_LOWER = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
PROBLEM_TYPE = "application/problem+json"


def require_environment():
    """Skips the calling test module with a clear message when it cannot run here."""
    missing = [name for name in ("TRANSFERS_BINARY", "TRANSFERS_TEST_MARIADB_URL",
                                 "TRANSFERS_TEST_MARIADB_SOCKET") if not os.environ.get(name)]
    if missing:
        raise unittest.SkipTest("e2e tests need " + ", ".join(missing) + " (run scripts/test)")


def binary():
    return os.environ["TRANSFERS_BINARY"]


def database_url():
    return os.environ["TRANSFERS_TEST_MARIADB_URL"]


def money(text):
    """A decimal string as an exact Decimal (raises on anything inexact)."""
    return money_context.create_decimal(text)


def new_ids(count):
    """`count` account ids from a random 50-bit range, so tests and runs never share accounts."""
    assert count < 4096
    base = random.SystemRandom().randrange(1, 1 << 50) << 12
    return [base + offset for offset in range(1, count + 1)]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- HTTP ---------------------------------------------------------------------------------

class Answer:
    """One HTTP response: status, headers (names lowercased) and the raw body."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"Answer({self.status}, {self.headers.get('content-type')!r}, {self.body[:300]!r})"


def connection_to(port, timeout_s, ssl_context=None):
    """An HTTP connection to the service, or HTTPS when an ssl.SSLContext is given."""
    if ssl_context is None:
        return http.client.HTTPConnection("127.0.0.1", port, timeout=timeout_s)
    return http.client.HTTPSConnection("127.0.0.1", port, timeout=timeout_s, context=ssl_context)


# The admin token of the service started on each port (Service.start), which a Client for that
# port sends unless it is given another token, or None for none.
_tokens_by_port = {}
SERVICE_TOKEN = object()


class Client:
    """A JSON client on one keep-alive connection. Not thread-safe: one per thread. With a
    token, every request carries it as Authorization: Bearer (unless the call's headers give
    Authorization, or give it as None to leave it out). By default the token is the one of the
    service started on `port` by this harness; pass `token=None` to send none."""

    def __init__(self, port, timeout_s=timeout_request_s, token=SERVICE_TOKEN, ssl_context=None):
        self.connection = connection_to(port, timeout_s, ssl_context)
        self.token = _tokens_by_port.get(port) if token is SERVICE_TOKEN else token

    def request(self, method, path, body=None, headers=None):
        """`body` is sent as JSON unless it is already str or bytes (sent as is); a header
        given as None is left out."""
        all_headers = {}
        if self.token is not None:
            all_headers["Authorization"] = f"Bearer {self.token}"
        if body is not None and not isinstance(body, (str, bytes)):
            body = json.dumps(body)
        if body is not None:
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        all_headers = {name: value for name, value in all_headers.items() if value is not None}
        if isinstance(body, str):
            body = body.encode()
        try:
            self.connection.request(method, path, body=body, headers=all_headers)
            response = self.connection.getresponse()
            data = response.read()
        except BaseException:
            self.connection.close()  # never reuse a connection in an unknown state
            raise
        headers_lower = {name.lower(): value for name, value in response.getheaders()}
        return Answer(response.status, headers_lower, data.decode())

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, body, headers=None):
        return self.request("POST", path, body, headers)

    def close(self):
        self.connection.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def send_raw(port, data, timeout_s=timeout_request_s):
    """Sends bytes on a fresh connection and returns everything read until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout_s) as raw:
        raw.sendall(data)
        raw.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := raw.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


# --- clients and tokens -------------------------------------------------------------------

_admin_tokens = {}  # database URL -> the token of a client with the admin scope, made once per run
_admin_tokens_lock = threading.Lock()


def create_client(database, name, scopes, *extra, password_file=None):
    """Creates a client with `transfers clients create` and answers its token."""
    if password_file:
        extra = ("--db-password-file", password_file) + extra
    done = subprocess.run([binary(), "clients", "create", "--db", database, "--name", name, "--scopes", scopes,
                           *extra], capture_output=True, text=True, timeout=timeout_sql_s)
    if done.returncode != 0:
        raise AssertionError(f"transfers clients create {name} failed ({done.returncode}): {done.stderr}")
    return done.stdout.strip()


def admin_token(database, password_file=None):
    """A token with the admin scope for `database`, created on first use."""
    with _admin_tokens_lock:
        if database not in _admin_tokens:
            name = "e2e-admin-" + "".join(random.SystemRandom().choice("abcdefghijklmnopqrstuvwxyz0123456789")
                                          for _ in range(12))
            _admin_tokens[database] = create_client(database, name, "admin", password_file=password_file)
        return _admin_tokens[database]


def auth_header(token):
    """The Authorization header line for raw requests."""
    return f"Authorization: Bearer {token}\r\n".encode()


def option_value(args, flag):
    """The value of `--flag VALUE` in a command line, or None."""
    for i, arg in enumerate(args[:-1]):
        if arg == flag:
            return args[i + 1]
    return None


# --- the service process ------------------------------------------------------------------

class Service:
    """The service binary as a child process, with one keep-alive client per thread."""

    def __init__(self, args=None, env=None, port=None, preexec_fn=None, executable=None, ssl_context=None):
        """`preexec_fn` runs in the child before the binary starts (to lower a resource limit);
        `executable` replaces the binary under test (the failpoints build, say); `ssl_context`
        (an ssl.SSLContext) makes the health probe and the clients speak HTTPS. Authentication
        is on unless the args say `--auth off`: then `token` is an admin token for the service's
        database, which the clients send."""
        self.executable = executable or binary()
        self.ssl_context = ssl_context
        self.port = port or free_port()
        self.args = args if args is not None else [
            "serve", "--listen", f"127.0.0.1:{self.port}", "--db", database_url()]
        self.env = env
        self.preexec_fn = preexec_fn
        self.process = None
        self.output = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would block it
        self.output_final = None
        self.local = threading.local()
        self.token = None

    def database(self):
        """The --db the service is started with (flag, then environment, then default)."""
        return (option_value(self.args, "--db") or (self.env or os.environ).get("TRANSFERS_DB")
                or "sqlite:transfers.db")

    def auth_on(self):
        mode = option_value(self.args, "--auth") or (self.env or os.environ).get("TRANSFERS_AUTH") or "on"
        return mode.lower() != "off"

    def start(self):
        if self.auth_on() and self.token is None and option_value(self.args, "--help") is None:
            password_file = (option_value(self.args, "--db-password-file")
                             or (self.env or os.environ).get("TRANSFERS_DB_PASSWORD_FILE"))
            self.token = admin_token(self.database(), password_file)
        _tokens_by_port[self.port] = self.token
        self.process = subprocess.Popen([self.executable] + self.args, stdin=subprocess.DEVNULL,
                                        stdout=self.output, stderr=subprocess.STDOUT, env=self.env,
                                        preexec_fn=self.preexec_fn)
        deadline = time.monotonic() + timeout_start_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the service exited with {self.process.returncode} at start:\n"
                                     + self.output_text())
            if self.health_status() == 200:
                return self
            time.sleep(0.05)
        self.process.kill()
        self.process.wait()
        raise AssertionError(f"GET /v1/health did not answer 200 within {timeout_start_s} s:\n"
                             + self.output_text())

    def health_status(self):
        try:
            probe = connection_to(self.port, 2, self.ssl_context)
            probe.request("GET", "/v1/health")
            status = probe.getresponse().status
            probe.close()
            return status
        except OSError:
            return None

    def output_text(self):
        """Everything the process wrote to stdout and stderr so far."""
        if self.output_final is not None:
            return self.output_final
        self.output.seek(0)
        return self.output.read().decode(errors="replace")

    def client(self):
        """This thread's keep-alive client."""
        if getattr(self.local, "client", None) is None:
            self.local.client = Client(self.port, token=self.token, ssl_context=self.ssl_context)
        return self.local.client

    def get(self, path):
        return self.client().get(path)

    def post(self, path, body, headers=None):
        return self.client().post(path, body, headers)

    def request(self, method, path, body=None, headers=None):
        return self.client().request(method, path, body, headers)

    def signal_stop(self):
        self.process.send_signal(signal.SIGTERM)

    def wait_exit(self):
        """Waits (bounded) for the process to end and returns its exit code."""
        try:
            return self.process.wait(timeout=timeout_stop_s)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"the service did not exit within {timeout_stop_s} s of SIGTERM:\n"
                                 + self.output_text())

    def stop(self):
        """SIGTERM, then asserts a clean exit with code 0."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.signal_stop()
        code = self.wait_exit()
        if getattr(self.local, "client", None) is not None:
            self.local.client.close()
        self.output_final = self.output_text()
        self.output.close()
        if code != 0:
            raise AssertionError(f"the service exited with {code} after SIGTERM:\n" + self.output_final)

    # Convenience calls for the common requests.

    def open_account(self, account_id, initial_balance):
        answer = self.post("/v1/accounts", {"account_id": account_id, "initial_balance": initial_balance})
        if answer.status != 201:
            raise AssertionError(f"opening account {account_id} failed: {answer}")
        return answer

    def transfer(self, source, destination, amount):
        return self.post("/v1/transfers", {"source_account_id": source,
                                           "destination_account_id": destination, "amount": amount})

    def balance(self, account_id):
        answer = self.get(f"/v1/accounts/{account_id}")
        if answer.status != 200:
            raise AssertionError(f"reading account {account_id} failed: {answer}")
        return money(answer.json()["balance"])


# --- a Redis of the test's own ----------------------------------------------------------

class PrivateRedis:
    """A redis-server of this test's own, so that it can be killed and restarted."""

    def __init__(self):
        self.port = free_port()
        self.process = None
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--logfile", os.devnull], stdin=subprocess.DEVNULL)
        wait_until(lambda: self.cli("PING") == "PONG", 10, "redis-server to start")

    def kill_hard(self):
        self.process.kill()
        self.process.wait()

    def pause(self):
        """SIGSTOP: connections stay open and entries stay, but nothing answers."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def stop(self):
        if self.process.poll() is None:
            self.resume()  # a stopped process takes SIGKILL too, but may keep its port a while
            self.kill_hard()

    def cli(self, *args):
        done = subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), *args],
                              capture_output=True, text=True, timeout=10)
        return done.stdout.strip()

    def stat(self, name):
        for line in self.cli("INFO", "stats").splitlines():
            if line.startswith(name + ":"):
                return int(line.split(":", 1)[1])
        raise AssertionError(f"no {name} in INFO stats")

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}"


# --- SQL as root, for checks of the stored rows -------------------------------------------

def sql(query):
    """Runs `query` as root over the socket and returns the rows as lists of strings."""
    command = ["mariadb", "--no-defaults", f"--socket={os.environ['TRANSFERS_TEST_MARIADB_SOCKET']}",
               "-uroot", "transfers", "-N", "-B", "-e", query]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_sql_s)
    if done.returncode != 0:
        raise AssertionError(f"SQL failed ({done.returncode}): {query}\n{done.stderr}")
    return [line.split("\t") for line in done.stdout.splitlines()]


def id_list(account_ids):
    return ",".join(str(int(account_id)) for account_id in account_ids)


def stored_balances(account_ids):
    """{account id: Decimal balance} for the accounts that exist among `account_ids`."""
    rows = sql(f"SELECT id, balance FROM accounts WHERE id IN ({id_list(account_ids)})")
    return {int(row[0]): money(row[1]) for row in rows}


def stored_transfers(account_ids):
    """Every transfers row touching any of `account_ids`, as {id: (source, destination, amount)}."""
    ids = id_list(account_ids)
    rows = sql("SELECT id, source_account_id, destination_account_id, amount FROM transfers "
               f"WHERE source_account_id IN ({ids}) OR destination_account_id IN ({ids})")
    return {row[0]: (int(row[1]), int(row[2]), money(row[3])) for row in rows}


def stored_transfer_count(account_ids):
    ids = id_list(account_ids)
    rows = sql("SELECT COUNT(*) FROM transfers "
               f"WHERE source_account_id IN ({ids}) OR destination_account_id IN ({ids})")
    return int(rows[0][0])


class RowLock:
    """Holds a row lock on accounts as root until released: makes requests wait in the service."""

    def __init__(self, account_id):
        command = ["mariadb", "--no-defaults", f"--socket={os.environ['TRANSFERS_TEST_MARIADB_SOCKET']}",
                   "-uroot", "transfers", "-N", "-B", "--unbuffered"]
        self.session = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self.session.stdin.write(f"BEGIN; SELECT id FROM accounts WHERE id = {int(account_id)} FOR UPDATE;\n")
        self.session.stdin.flush()
        locked = self.session.stdout.readline().strip()
        if locked != str(account_id):
            raise AssertionError(f"could not lock account {account_id}: {locked!r}")

    def release(self):
        if self.session.returncode is None:
            self.session.communicate("COMMIT;\n", timeout=timeout_sql_s)


def lock_waits(account_id):
    """How many database transactions are waiting for the row lock of one account right now."""
    # InnoDB refreshes the lock tables it shows only when they were not read in the last 0.1 s:
    # polling faster than that would keep reading the first, possibly stale, picture.
    time.sleep(0.11)
    return int(sql("SELECT COUNT(*) FROM information_schema.innodb_lock_waits w "
                   "JOIN information_schema.innodb_locks l ON l.lock_id = w.requested_lock_id "
                   "WHERE l.lock_table = '`transfers`.`accounts`' "
                   f"AND l.lock_data = '{int(account_id)}'")[0][0])


def wait_until(condition, timeout_s, what):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
