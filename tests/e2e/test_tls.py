"""HTTPS: the service with --tls-cert/--tls-key (and --tls-client-ca for mutual TLS), talked to
with real curl, openssl s_client and Python's ssl module; certificates are made for each test
class with the openssl command in a temporary directory."""
import os
import random
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import unittest
import uuid

import harness

timeout_tool_s = 20
client_subject = "CN=payroll,O=Acme"  # RFC 2253 order: the most specific name first


def run(command, check=True):
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_tool_s)
    if check and done.returncode != 0:
        raise AssertionError(f"{command[0]} failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
    return done


class Pki:
    """A CA of the tests' own, a second CA nobody trusts, and certificates signed by them."""

    def __init__(self):
        self.scratch = tempfile.TemporaryDirectory(prefix="transfers-tls-")
        self.dir = self.scratch.name
        self.ca = self.make_ca("ca", "/CN=transfers test CA")
        self.other_ca = self.make_ca("other-ca", "/CN=someone else's CA")

    def path(self, name):
        return os.path.join(self.dir, name)

    def make_ca(self, name, subject):
        run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-keyout", self.path(name + ".key"), "-out", self.path(name + ".pem"), "-days", "2", "-subj", subject,
             "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        return name

    def issue(self, name, subject, serial, usage, ca="ca"):
        """Writes NAME.pem and NAME.key: a P-256 key and its certificate signed by `ca`."""
        run(["openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-keyout", self.path(name + ".key"), "-out", self.path(name + ".csr"), "-subj", subject])
        extensions = self.path(name + ".ext")
        with open(extensions, "w", encoding="ascii") as f:
            f.write("basicConstraints=CA:FALSE\n")
            if usage == "serverAuth":
                f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
            f.write(f"extendedKeyUsage={usage}\n")
        run(["openssl", "x509", "-req", "-in", self.path(name + ".csr"), "-CA", self.path(ca + ".pem"),
             "-CAkey", self.path(ca + ".key"), "-set_serial", str(serial), "-days", "2",
             "-out", self.path(name + ".pem"), "-extfile", extensions])
        return self.path(name + ".pem"), self.path(name + ".key")

    def client_context(self, certificate=None):
        """A Python TLS client context that trusts our CA and, if given, presents `certificate`."""
        context = ssl.create_default_context(cafile=self.path("ca.pem"))
        if certificate is not None:
            context.load_cert_chain(self.path(certificate + ".pem"), self.path(certificate + ".key"))
        return context

    def cleanup(self):
        self.scratch.cleanup()


def start_tls_service(test, pki, extra_args=(), client_certificate=None):
    """The service serving HTTPS with server.pem/server.key from `pki`'s directory, on the test's
    `database` (the test MariaDB unless it names another)."""
    port = harness.free_port()
    database = getattr(test, "database", None) or harness.database_url()
    args = ["serve", "--listen", f"127.0.0.1:{port}", "--db", database,
            "--tls-cert", pki.path("server.pem"), "--tls-key", pki.path("server.key"), *extra_args]
    service = harness.Service(args=args, port=port, ssl_context=pki.client_context(client_certificate)).start()
    test.addCleanup(service.stop)
    return service


def curl(port, *options, path="/v1/health", scheme="https"):
    """curl's exit code, its stdout (the status code and body) and its stderr (-v output)."""
    done = run(["curl", "-sS", "-v", "--max-time", "10", "-w", "\n%{http_code}", *options,
                f"{scheme}://127.0.0.1:{port}{path}"], check=False)
    return done.returncode, done.stdout, done.stderr


def metric(service, name):
    text = service.get("/metrics").body
    match = re.search(rf"^{name} (\S+)$", text, re.MULTILINE)
    if match is None:
        raise AssertionError(f"no {name} in /metrics")
    return float(match.group(1))


def served_certificate_subject(port, pki):
    """The subject line of the certificate a new connection is served, as curl -v shows it."""
    code, _, verbose = curl(port, "--cacert", pki.path("ca.pem"))
    if code != 0:
        raise AssertionError(f"curl failed ({code}):\n{verbose}")
    match = re.search(r"^\*\s+subject: (.*)$", verbose, re.MULTILINE)
    if match is None:
        raise AssertionError(f"no server certificate subject in curl -v:\n{verbose}")
    return match.group(1).strip()


def setUpModule():
    harness.require_environment()
    for tool in ("openssl", "curl"):
        if shutil.which(tool) is None:
            raise AssertionError(f"{tool} is needed (scripts/setup installs it)")


class Https(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pki = Pki()
        cls.pki.issue("server", "/CN=localhost", 1001, "serverAuth")

    @classmethod
    def tearDownClass(cls):
        cls.pki.cleanup()

    def setUp(self):
        self.service = start_tls_service(self, self.pki)

    def test_https_is_served_with_the_configured_certificate(self):
        code, out, verbose = curl(self.service.port, "--cacert", self.pki.path("ca.pem"))
        self.assertEqual(code, 0, verbose)
        self.assertTrue(out.endswith("\n200"), out)
        self.assertIn('"status":"ok"', out)
        self.assertEqual(served_certificate_subject(self.service.port, self.pki), "CN=localhost")
        harness.wait_until(lambda: f"serving on https://127.0.0.1:{self.service.port}" in self.service.output_text(),
                           10, "the start to be logged with https")

    def test_tls_1_3_and_1_2_are_both_served(self):
        for version, option in (("TLSv1.3", "--tlsv1.3"), ("TLSv1.2", "--tlsv1.2")):
            with self.subTest(version=version):
                code, out, verbose = curl(self.service.port, "--cacert", self.pki.path("ca.pem"), option,
                                          "--tls-max", version[4:])
                self.assertEqual(code, 0, verbose)
                self.assertTrue(out.endswith("\n200"), out)
                self.assertRegex(verbose, rf"SSL connection using {re.escape(version)} / ")

    def test_tls_1_1_is_refused_by_the_server(self):
        failures_before = metric(self.service, "http_server_tls_handshake_failures_total")
        # SECLEVEL=0 so that the client really offers TLS 1.1 (OpenSSL 3 would not by default):
        # the refusal must come from the server.
        done = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{self.service.port}", "-tls1_1",
                               "-cipher", "DEFAULT:@SECLEVEL=0", "-CAfile", self.pki.path("ca.pem")],
                              input="", capture_output=True, text=True, timeout=timeout_tool_s)
        self.assertNotEqual(done.returncode, 0, done.stdout)
        self.assertRegex(done.stdout + done.stderr, r"alert protocol version|unsupported protocol")
        harness.wait_until(
            lambda: metric(self.service, "http_server_tls_handshake_failures_total") == failures_before + 1,
            10, "the failed handshake to be counted")

    def test_plain_http_to_the_tls_port_gets_no_answer_and_is_counted(self):
        failures_before = metric(self.service, "http_server_tls_handshake_failures_total")
        code, out, verbose = curl(self.service.port, scheme="http")
        self.assertNotEqual(code, 0, f"{out}\n{verbose}")
        self.assertNotIn("HTTP/1.1 200", verbose)
        harness.wait_until(
            lambda: metric(self.service, "http_server_tls_handshake_failures_total") == failures_before + 1,
            10, "the failed handshake to be counted")
        harness.wait_until(lambda: "TLS handshake failed with 127.0.0.1" in self.service.output_text(), 10,
                           "the failed handshake to be logged")

    def test_a_keep_alive_connection_serves_several_requests(self):
        with harness.Client(self.service.port, ssl_context=self.pki.client_context()) as client:
            first = client.get("/v1/health")
            socket_before = client.connection.sock
            second = client.get("/v1/health")
            self.assertEqual((first.status, second.status), (200, 200))
            self.assertIs(client.connection.sock, socket_before)


class Deadlines(unittest.TestCase):
    """The request-head deadline bounds the handshake too, and a slow head over TLS gets its 408."""

    @classmethod
    def setUpClass(cls):
        cls.pki = Pki()
        cls.pki.issue("server", "/CN=localhost", 1001, "serverAuth")

    @classmethod
    def tearDownClass(cls):
        cls.pki.cleanup()

    def setUp(self):
        self.service = start_tls_service(self, self.pki, ["--request-head-timeout-ms", "300"])

    def test_a_client_that_never_starts_its_handshake_is_closed_at_the_head_deadline(self):
        failures_before = metric(self.service, "http_server_tls_handshake_failures_total")
        with socket.create_connection(("127.0.0.1", self.service.port), timeout=10) as raw:
            started = time.monotonic()
            self.assertEqual(raw.recv(1024), b"")  # closed by the server, nothing said
            self.assertLess(time.monotonic() - started, 5)
        harness.wait_until(
            lambda: metric(self.service, "http_server_tls_handshake_failures_total") == failures_before + 1,
            10, "the handshake that timed out to be counted")

    def test_a_head_that_does_not_arrive_in_time_is_answered_408_over_tls(self):
        context = self.pki.client_context()
        with socket.create_connection(("127.0.0.1", self.service.port), timeout=10) as raw:
            with context.wrap_socket(raw, server_hostname="localhost") as tls:
                tls.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n")  # the head is not finished
                answer = b""
                while chunk := tls.recv(65536):
                    answer += chunk
        self.assertTrue(answer.startswith(b"HTTP/1.1 408 "), answer)


class MutualTls(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pki = Pki()
        cls.pki.issue("server", "/CN=localhost", 1001, "serverAuth")
        cls.pki.issue("payroll", "/O=Acme/CN=payroll", 2001, "clientAuth")
        cls.pki.issue("intruder", "/O=Acme/CN=payroll", 2002, "clientAuth", ca="other-ca")

    @classmethod
    def tearDownClass(cls):
        cls.pki.cleanup()

    def setUp(self):
        self.service = start_tls_service(self, self.pki, ["--tls-client-ca", self.pki.path("ca.pem")],
                                         client_certificate="payroll")

    def test_a_client_without_a_certificate_is_refused(self):
        code, out, verbose = curl(self.service.port, "--cacert", self.pki.path("ca.pem"))
        self.assertNotEqual(code, 0, f"{out}\n{verbose}")
        self.assertFalse(out.endswith("\n200"), out)

    def test_a_client_with_a_certificate_from_another_ca_is_refused(self):
        code, out, verbose = curl(self.service.port, "--cacert", self.pki.path("ca.pem"),
                                  "--cert", self.pki.path("intruder.pem"), "--key", self.pki.path("intruder.key"))
        self.assertNotEqual(code, 0, f"{out}\n{verbose}")
        self.assertFalse(out.endswith("\n200"), out)

    def test_a_client_with_a_certificate_from_the_ca_is_served_and_known_by_its_subject(self):
        code, out, verbose = curl(self.service.port, "--cacert", self.pki.path("ca.pem"),
                                  "--cert", self.pki.path("payroll.pem"), "--key", self.pki.path("payroll.key"),
                                  "-H", "X-Request-ID: mtls-subject-check")
        self.assertEqual(code, 0, verbose)
        self.assertTrue(out.endswith("\n200"), out)

        def logged():
            return any('"request_id":"mtls-subject-check"' in line and
                       f'"client_certificate_subject":"{client_subject}"' in line
                       for line in self.service.output_text().splitlines())
        harness.wait_until(logged, 10, "the request log line with the client certificate's subject")


    def test_a_client_bound_to_its_certificate_subject_is_authenticated_without_a_token(self):
        name = "mtls-" + uuid.uuid4().hex[:12]  # the database is shared: a subject of this run alone
        self.pki.issue(name, f"/O=Acme/CN={name}", random.randrange(10**6, 10**9), "clientAuth")
        certificate = ["--cacert", self.pki.path("ca.pem"), "--cert", self.pki.path(name + ".pem"),
                       "--key", self.pki.path(name + ".key")]
        (account,) = harness.new_ids(1)
        self.service.open_account(account, "3")
        _, out, verbose = curl(self.service.port, *certificate, path=f"/v1/accounts/{account}")
        self.assertTrue(out.endswith("\n401"), f"a subject no client is bound to is no credential: {out}")
        created = self.service.post("/v1/clients", {"name": name, "scopes": "accounts:read",
                                                    "certificate_subject": f"CN={name},O=Acme"})
        self.assertEqual(created.status, 201, created)
        code, out, verbose = curl(self.service.port, *certificate, path=f"/v1/accounts/{account}")
        self.assertEqual(code, 0, verbose)
        self.assertTrue(out.endswith("\n200"), out)
        self.assertIn('"balance":"3"', out)
        _, out, _ = curl(self.service.port, *certificate, "-X", "POST", "-H", "Content-Type: application/json",
                         "-d", "{}", path="/v1/transfers")
        self.assertTrue(out.endswith("\n403"), f"the bound client has its own scopes only: {out}")


class Reload(unittest.TestCase):
    def setUp(self):
        self.pki = Pki()
        self.addCleanup(self.pki.cleanup)
        self.pki.issue("server", "/CN=localhost", 1001, "serverAuth")
        self.service = start_tls_service(self, self.pki)

    def replace_server_files(self, certificate, key):
        shutil.copyfile(certificate, self.pki.path("server.pem"))
        shutil.copyfile(key, self.pki.path("server.key"))

    def reload_and_wait_for(self, text):
        logged_before = self.service.output_text().count(text)
        self.service.process.send_signal(signal.SIGHUP)
        harness.wait_until(lambda: self.service.output_text().count(text) > logged_before, 10, f"log: {text}")

    def test_sighup_serves_new_connections_the_new_certificate_and_keeps_open_ones(self):
        kept = harness.Client(self.service.port, ssl_context=self.pki.client_context())
        self.addCleanup(kept.close)
        self.assertEqual(kept.get("/v1/health").status, 200)
        socket_before = kept.connection.sock
        self.replace_server_files(*self.pki.issue("renewed", "/CN=localhost renewed", 1002, "serverAuth"))

        self.reload_and_wait_for("TLS certificate, key and client CA reloaded")

        self.assertEqual(served_certificate_subject(self.service.port, self.pki), "CN=localhost renewed")
        self.assertEqual(kept.get("/v1/health").status, 200)
        self.assertIs(kept.connection.sock, socket_before, "the connection opened before the reload was replaced")

    def test_a_failed_reload_keeps_the_previous_certificate(self):
        with open(self.pki.path("server.pem"), "w", encoding="ascii") as f:
            f.write("-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n")
        self.reload_and_wait_for("TLS reload failed")
        self.assertEqual(served_certificate_subject(self.service.port, self.pki), "CN=localhost")

        # A key that does not match the certificate is refused the same way.
        renewed_certificate, _ = self.pki.issue("renewed", "/CN=localhost renewed", 1002, "serverAuth")
        self.replace_server_files(renewed_certificate, self.pki.path("ca.key"))
        self.reload_and_wait_for("TLS reload failed")
        self.assertEqual(served_certificate_subject(self.service.port, self.pki), "CN=localhost")
        self.assertEqual(self.service.get("/v1/health").status, 200)


class Flags(unittest.TestCase):
    def refusal(self, *args):
        done = subprocess.run([harness.binary(), "serve", "--listen", f"127.0.0.1:{harness.free_port()}",
                               "--db", harness.database_url(), *args],
                              capture_output=True, text=True, timeout=timeout_tool_s)
        self.assertEqual(done.returncode, 2, done.stdout + done.stderr)
        self.assertEqual(len(done.stderr.splitlines()), 1, done.stderr)
        return done.stderr

    def test_a_certificate_without_its_key_is_refused_at_start(self):
        self.assertIn("--tls-key is missing", self.refusal("--tls-cert", "/nonexistent/server.pem"))

    def test_an_unreadable_certificate_is_refused_at_start(self):
        self.assertIn("cannot read the certificate /nonexistent/server.pem",
                      self.refusal("--tls-cert", "/nonexistent/server.pem", "--tls-key", "/nonexistent/server.key"))


class OnSqlite:
    """The same cases with the service on an SQLite file of the test's own."""

    def setUp(self):
        scratch = tempfile.TemporaryDirectory(prefix="transfers-e2e-")
        self.addCleanup(scratch.cleanup)  # runs after the service's stop, registered later
        self.database = f"sqlite:{scratch.name}/ledger.db"
        super().setUp()


class HttpsOnSqlite(OnSqlite, Https):
    pass


class MutualTlsOnSqlite(OnSqlite, MutualTls):
    pass


if __name__ == "__main__":
    unittest.main()
