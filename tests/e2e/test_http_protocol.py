"""HTTP/1.1 behaviour at the edges: HEAD framing, a drain that answers half-received requests,
`Expect: 100-continue`, and the heads the server refuses before reading a body (no Host, a
transfer coding other than chunked alone, a repeated Idempotency-Key)."""
import json
import re
import socket
import time
import unittest

import harness
import openapi_check


class HttpProtocol(unittest.TestCase):
    def setUp(self):
        harness.require_environment()
        self.service = harness.Service().start()
        self.addCleanup(self.service.stop)

    def test_sigterm_still_answers_a_request_whose_body_is_still_arriving(self):
        source, destination = harness.new_ids(2)
        self.service.open_account(source, "10")
        self.service.open_account(destination, "0")
        body = json.dumps({"source_account_id": source, "destination_account_id": destination,
                           "amount": "1"}).encode()
        head = (b"POST /v1/transfers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + harness.auth_header(self.service.token) + b"Content-Length: %d\r\n\r\n" % len(body))
        with socket.create_connection(("127.0.0.1", self.service.port), timeout=10) as raw:
            raw.sendall(head + body[:10])  # headers and part of the body are in
            time.sleep(0.3)                # the server has started reading the request
            self.service.signal_stop()
            time.sleep(0.3)
            raw.sendall(body[10:])         # the rest of the request, after SIGTERM
            answer = raw.recv(65536)
        self.assertTrue(answer.startswith(b"HTTP/1.1 201 "), f"got {answer!r}")
        self.assertEqual(harness.stored_transfer_count([source]), 1)

    def test_a_head_answer_has_the_get_headers_and_no_body(self):
        data = harness.send_raw(self.service.port, b"HEAD /v1/health HTTP/1.1\r\nHost: x\r\n\r\n"
                                b"GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        head_answer, _, rest = data.partition(b"\r\n\r\n")
        self.assertTrue(head_answer.startswith(b"HTTP/1.1 200 "), head_answer)
        # A HEAD answer ends with its header block (RFC 9112 section 6.3): the next bytes are the
        # next answer's status line.
        self.assertTrue(rest.startswith(b"HTTP/1.1 200 "), f"after the HEAD answer: {rest[:80]!r}")

    def test_head_on_a_post_only_route_is_405_without_a_body(self):
        data = harness.send_raw(self.service.port, b"HEAD /v1/transfers HTTP/1.1\r\nHost: x\r\n"
                                + harness.auth_header(self.service.token) + b"\r\n"
                                b"GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        head_answer, _, rest = data.partition(b"\r\n\r\n")
        self.assertTrue(head_answer.startswith(b"HTTP/1.1 405 "), head_answer)
        self.assertIn(b"Allow: POST", head_answer)
        self.assertTrue(rest.startswith(b"HTTP/1.1 200 "), f"after the HEAD answer: {rest[:80]!r}")



def read_until_close(raw):
    chunks = []
    while chunk := raw.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def exchange_until_server_closes(port, data):
    """Sends `data` and reads until the server closes the connection (the client keeps its side
    open, so only the server can end it); fails after a bounded wait."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        raw.sendall(data)
        return read_until_close(raw)


def transfer_request(source, destination, headers=b"", body=None):
    body = body if body is not None else json.dumps(
        {"source_account_id": source, "destination_account_id": destination, "amount": "1"}).encode()
    return (b"POST /v1/transfers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + headers +
            b"Content-Length: %d\r\n\r\n" % len(body) + body)


class StrictHttpContract(openapi_check.OnBackend):
    """Each case on MariaDB and on SQLite (OnBackend starts self.service on the backend)."""

    def setUp(self):
        harness.require_environment()
        super().setUp()
        self.source, self.destination = harness.new_ids(2)
        self.service.open_account(self.source, "10")
        self.service.open_account(self.destination, "0")
        self.auth = harness.auth_header(self.service.token)

    def assertRefused(self, data, status, code, detail_names):
        """`data` is answered with the problem and the connection is closed; nothing is stored."""
        answer = exchange_until_server_closes(self.service.port, data)
        head, _, body = answer.partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 %d " % status), answer)
        self.assertIn(b"connection: close", head.lower())
        self.assertIn(b"content-type: application/problem+json", head.lower())
        problem = json.loads(body)
        self.assertEqual((problem["status"], problem["code"]), (status, code), problem)
        self.assertIn(detail_names, problem["detail"])
        self.assertEqual(self.backend.transfer_count([self.source]), 0)

    def test_expect_100_continue_is_answered_before_the_body_is_sent(self):
        body = json.dumps({"source_account_id": self.source, "destination_account_id": self.destination,
                           "amount": "1"}).encode()
        head = (b"POST /v1/transfers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + self.auth +
                b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n" % len(body))
        with socket.create_connection(("127.0.0.1", self.service.port), timeout=10) as raw:
            raw.sendall(head)
            raw.settimeout(0.5)  # far below the 1 s a client waits before it sends the body anyway
            self.assertEqual(raw.recv(65536), b"HTTP/1.1 100 Continue\r\n\r\n")
            raw.settimeout(10)
            raw.sendall(body)
            answer = raw.recv(65536)
        self.assertTrue(answer.startswith(b"HTTP/1.1 201 "), answer)
        self.assertEqual(self.backend.transfer_count([self.source]), 1)

    def test_expect_100_continue_on_a_refused_head_gets_the_final_answer_instead(self):
        too_large = (b"POST /v1/transfers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + self.auth +
                     b"Expect: 100-continue\r\nContent-Length: 1000000\r\n\r\n")
        answer = exchange_until_server_closes(self.service.port, too_large)
        self.assertTrue(answer.startswith(b"HTTP/1.1 413 "), answer[:200])
        self.assertNotIn(b"100 Continue", answer)
        without_host = (b"POST /v1/transfers HTTP/1.1\r\nContent-Type: application/json\r\n" + self.auth +
                        b"Expect: 100-continue\r\nContent-Length: 10\r\n\r\n")
        answer = exchange_until_server_closes(self.service.port, without_host)
        self.assertTrue(answer.startswith(b"HTTP/1.1 400 "), answer[:200])
        self.assertNotIn(b"100 Continue", answer)

    def test_an_http11_request_without_exactly_one_host_is_400(self):
        request = transfer_request(self.source, self.destination, self.auth)
        self.assertRefused(request.replace(b"Host: x\r\n", b""), 400, "invalid_request", "Host")
        self.assertRefused(request.replace(b"Host: x\r\n", b"Host: x\r\nHost: y\r\n"), 400, "invalid_request",
                           "Host")

    def test_an_http10_request_may_omit_host(self):
        answer = exchange_until_server_closes(self.service.port, b"GET /v1/health HTTP/1.0\r\n\r\n")
        self.assertTrue(answer.startswith(b"HTTP/1.0 200 "), answer)

    def test_a_transfer_coding_other_than_chunked_alone_is_never_read_as_a_body(self):
        body = json.dumps({"source_account_id": self.source, "destination_account_id": self.destination,
                           "amount": "1"}).encode()
        chunked = b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"
        head = b"POST /v1/transfers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + self.auth
        cases = [(b"Transfer-Encoding: gzip, chunked\r\n", chunked, 501, "not_implemented"),
                 (b"Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", chunked, 501, "not_implemented"),
                 (b"Transfer-Encoding: identity\r\n", body, 400, "invalid_request"),
                 (b"Transfer-Encoding: gzip\r\n", body, 400, "invalid_request"),
                 (b"Transfer-Encoding: chunked, chunked\r\n", chunked, 400, "invalid_request"),
                 (b"Transfer-Encoding: gzip\r\nContent-Length: %d\r\n" % len(body), body, 400, "invalid_request"),
                 (b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n" % len(chunked), chunked, 400, None)]
        for headers, payload, status, code in cases:
            with self.subTest(headers=headers):
                answer = exchange_until_server_closes(self.service.port, head + headers + b"\r\n" + payload)
                first, _, rest = answer.partition(b"\r\n\r\n")
                self.assertTrue(first.startswith(b"HTTP/1.1 %d " % status), answer)
                self.assertIn(b"connection: close", first.lower())
                if code is not None:
                    self.assertEqual(json.loads(rest)["code"], code)
                self.assertIsNone(re.search(rb"HTTP/1\.1 \d{3} ", rest), "the body was read as a request of its own")
        self.assertEqual(self.backend.transfer_count([self.source]), 0)

    def test_chunked_alone_is_read(self):
        body = json.dumps({"source_account_id": self.source, "destination_account_id": self.destination,
                           "amount": "1"}).encode()
        request = (b"POST /v1/transfers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + self.auth +
                   b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
                   b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n")
        answer = exchange_until_server_closes(self.service.port, request)
        self.assertTrue(answer.startswith(b"HTTP/1.1 201 "), answer)

    def test_a_repeated_idempotency_key_is_400(self):
        request = transfer_request(self.source, self.destination,
                                   headers=self.auth + b"Idempotency-Key: k-1\r\nIdempotency-Key: k-2\r\n")
        self.assertRefused(request, 400, "invalid_request", "Idempotency-Key")
        same_twice = transfer_request(self.source, self.destination,
                                      headers=self.auth + b"Idempotency-Key: k-1\r\nIdempotency-Key: k-1\r\n")
        self.assertRefused(same_twice, 400, "invalid_request", "Idempotency-Key")


class StrictHttpOnMariaDb(StrictHttpContract, unittest.TestCase):
    backend_name = "mariadb"


class StrictHttpOnSqlite(StrictHttpContract, unittest.TestCase):
    backend_name = "sqlite"


if __name__ == "__main__":
    unittest.main()
