"""HTTP/1.1 behaviour at the edges: HEAD framing, and a drain that answers half-received requests."""
import json
import socket
import time
import unittest

import harness


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


if __name__ == "__main__":
    unittest.main()
