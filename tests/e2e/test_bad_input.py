"""Bad input on every field and route: the right problem answer, and nothing changed."""
import json
import socket
import unittest
import uuid

import harness
from harness import PROBLEM_TYPE

service = None
ids = None  # the accounts of this module: [source, destination, missing, new...]


def setUpModule():
    global service, ids
    harness.require_environment()
    service = harness.Service().start()
    ids = harness.new_ids(40)
    service.open_account(ids[0], "100")
    service.open_account(ids[1], "50")


def tearDownModule():
    if service is not None:
        service.stop()


def source():
    return ids[0]


def destination():
    return ids[1]


def missing():
    return ids[2]  # never created


def fresh():
    return ids[3]  # every bad request tries to create it; none may succeed


def account_body(account_id=None, initial_balance=None, extra=""):
    """The text of an open-account body; each argument is raw JSON text for its value."""
    return ('{"account_id":%s,"initial_balance":%s%s}'
            % (account_id or str(fresh()), initial_balance or '"1"', extra))


def transfer_body(source_id=None, destination_id=None, amount=None, extra=""):
    """The text of a transfer body; each argument is raw JSON text for its value."""
    return ('{"source_account_id":%s,"destination_account_id":%s,"amount":%s%s}'
            % (source_id or str(source()), destination_id or str(destination()),
               amount or '"1"', extra))


BAD_DECIMALS = ["", " 1", "1 ", "+1", "1e3", "1E3", "NaN", "nan", "Infinity", "-Infinity", "1.", ".5",
                "1,5", "--1", "-", ".", "1.2.3", "0x10", "1_000", "\u0661", "1\u00a0", "\u22121",
                "1" * 21, "1." + "1" * 19, "1" * 21 + "." + "1" * 19]
WRONG_ID_TYPES = ['"{id}"', "{id}.0", "{id}e0", "1e3", "1e400", "true", "false", "null", "[{id}]",
                  '{{"id":{id}}}']
OUT_OF_RANGE_IDS = ["0", "-0", "-1", "-9223372036854775808", "9223372036854775808", "18446744073709551615",
                    "18446744073709551616", "1" + "0" * 30, "-1" + "0" * 30]
WRONG_MONEY_TYPES = ["10", "10.5", "1e3", "0", "-5", "true", "null", '["1"]', '{"value":"1"}']
MALFORMED_JSON = ["", " ", "{", "}", '{"account_id":1', '{"account_id":1,}', "{account_id:1}",
                  "{'account_id':1}", '{"account_id":1}}', '{"account_id":1} x', '{"a":1}{"b":2}',
                  '{"account_id":1 /* comment */}', "[" * 10000, '{"a":' + "[" * 10000, "nul", "\x00"]
NOT_OBJECTS = ["[]", '"text"', "1", "null", "true", '[{"account_id":1,"initial_balance":"1"}]']


class ProblemAssertions(unittest.TestCase):
    """Every rejected request answers a problem document and changes nothing."""

    def state(self):
        return harness.stored_balances(ids), harness.stored_transfer_count(ids)

    def assertProblem(self, answer, status, code=None, field=None):
        self.assertEqual(answer.status, status, answer)
        self.assertEqual(answer.headers.get("content-type"), PROBLEM_TYPE, answer)
        problem = answer.json()
        self.assertEqual(set(problem), {"type", "title", "status", "code", "detail"}, answer)
        self.assertEqual(problem["type"], "about:blank")
        self.assertEqual(problem["status"], status)
        self.assertIsInstance(problem["title"], str)
        self.assertTrue(problem["title"])
        self.assertIsInstance(problem["code"], str)
        self.assertTrue(problem["code"])
        self.assertIsInstance(problem["detail"], str)
        if code is not None:
            self.assertEqual(problem["code"], code, answer)
        if field is not None:
            self.assertIn(field, problem["detail"], answer)

    def assertRejected(self, method, path, body, status, code=None, field=None, headers=None):
        before = self.state()
        answer = service.request(method, path, body, headers)
        self.assertProblem(answer, status, code, field)
        self.assertEqual(self.state(), before, f"state changed after {method} {path} {body!r}")
        return answer

    def assertInvalid(self, path, body, field):
        return self.assertRejected("POST", path, body, 400, "invalid_request", field)


class OpeningAnAccount(ProblemAssertions):
    def test_malformed_json_is_400_naming_the_body(self):
        for body in MALFORMED_JSON:
            with self.subTest(body=body[:40]):
                self.assertInvalid("/v1/accounts", body, "body")

    def test_invalid_utf8_in_a_string_is_400(self):
        body = account_body(initial_balance='"1').encode()[:-1] + b'\xff"}'
        self.assertInvalid("/v1/accounts", body, "body")

    def test_a_body_that_is_not_an_object_is_400(self):
        for body in NOT_OBJECTS:
            with self.subTest(body=body):
                self.assertInvalid("/v1/accounts", body, "body")

    def test_an_account_id_of_the_wrong_type_is_400(self):
        for template in WRONG_ID_TYPES:
            with self.subTest(account_id=template):
                self.assertInvalid("/v1/accounts", account_body(template.format(id=fresh())), "account_id")

    def test_an_account_id_out_of_range_is_400(self):
        for value in OUT_OF_RANGE_IDS:
            with self.subTest(account_id=value):
                self.assertInvalid("/v1/accounts", account_body(value), "account_id")

    def test_an_initial_balance_that_is_not_a_string_is_400(self):
        for value in WRONG_MONEY_TYPES:
            with self.subTest(initial_balance=value):
                self.assertInvalid("/v1/accounts", account_body(initial_balance=value), "initial_balance")

    def test_a_malformed_decimal_initial_balance_is_400(self):
        for text in BAD_DECIMALS:
            with self.subTest(initial_balance=text):
                body = account_body(initial_balance=json.dumps(text))
                self.assertInvalid("/v1/accounts", body, "initial_balance")

    def test_a_negative_initial_balance_is_400(self):
        for text in ["-5", "-0.000000000000000001", "-1" + "0" * 19, "-0", "-0.0", "-0.000", "-000"]:
            with self.subTest(initial_balance=text):
                self.assertInvalid("/v1/accounts", account_body(initial_balance=json.dumps(text)),
                                   "initial_balance")

    def test_unknown_duplicate_and_missing_fields_are_400(self):
        cases = [(account_body(extra=',"currency":"EUR"'), "currency"),
                 (account_body(extra=',"balance":"1"'), "balance"),
                 (account_body(extra=',"account_id":%d' % fresh()), "account_id"),
                 (account_body(extra=',"initial_balance":"2"'), "initial_balance"),
                 ('{"initial_balance":"1"}', "account_id"),
                 ('{"account_id":%d}' % fresh(), "initial_balance"),
                 ("{}", "account_id")]
        for body, field in cases:
            with self.subTest(body=body):
                self.assertInvalid("/v1/accounts", body, field)

    def test_an_existing_account_is_409_and_keeps_its_balance(self):
        for balance in ["100", "999", "0"]:
            with self.subTest(initial_balance=balance):
                self.assertRejected("POST", "/v1/accounts",
                                    {"account_id": source(), "initial_balance": balance},
                                    409, "account_exists")
        self.assertEqual(service.balance(source()), 100)


class Transferring(ProblemAssertions):
    def test_malformed_json_is_400_naming_the_body(self):
        for body in MALFORMED_JSON + NOT_OBJECTS:
            with self.subTest(body=body[:40]):
                self.assertInvalid("/v1/transfers", body, "body")

    def test_an_account_id_of_the_wrong_type_is_400(self):
        for template in WRONG_ID_TYPES:
            with self.subTest(source_account_id=template):
                body = transfer_body(source_id=template.format(id=source()))
                self.assertInvalid("/v1/transfers", body, "source_account_id")
            with self.subTest(destination_account_id=template):
                body = transfer_body(destination_id=template.format(id=destination()))
                self.assertInvalid("/v1/transfers", body, "destination_account_id")

    def test_an_account_id_out_of_range_is_400(self):
        for value in OUT_OF_RANGE_IDS:
            with self.subTest(source_account_id=value):
                self.assertInvalid("/v1/transfers", transfer_body(source_id=value), "source_account_id")
            with self.subTest(destination_account_id=value):
                self.assertInvalid("/v1/transfers", transfer_body(destination_id=value),
                                   "destination_account_id")

    def test_an_amount_that_is_not_a_string_is_400(self):
        for value in WRONG_MONEY_TYPES:
            with self.subTest(amount=value):
                self.assertInvalid("/v1/transfers", transfer_body(amount=value), "amount")

    def test_a_malformed_decimal_amount_is_400(self):
        for text in BAD_DECIMALS:
            with self.subTest(amount=text):
                self.assertInvalid("/v1/transfers", transfer_body(amount=json.dumps(text)), "amount")

    def test_an_amount_of_zero_or_less_is_400(self):
        for text in ["0", "-0", "-0.0", "-0.000", "0.0", "0.000000000000000000", "-5", "-0.000000000000000001",
                     "-100"]:
            with self.subTest(amount=text):
                self.assertInvalid("/v1/transfers", transfer_body(amount=json.dumps(text)), "amount")

    def test_unknown_duplicate_and_missing_fields_are_400(self):
        cases = [(transfer_body(extra=',"memo":"rent"'), "memo"),
                 (transfer_body(extra=',"idempotency_key":"k"'), "idempotency_key"),
                 (transfer_body(extra=',"source_account_id":%d' % source()), "source_account_id"),
                 (transfer_body(extra=',"destination_account_id":%d' % destination()),
                  "destination_account_id"),
                 (transfer_body(extra=',"amount":"2"'), "amount"),
                 ('{"destination_account_id":%d,"amount":"1"}' % destination(), "source_account_id"),
                 ('{"source_account_id":%d,"amount":"1"}' % source(), "destination_account_id"),
                 ('{"source_account_id":%d,"destination_account_id":%d}' % (source(), destination()),
                  "amount"),
                 ("{}", "source_account_id")]
        for body, field in cases:
            with self.subTest(body=body):
                self.assertInvalid("/v1/transfers", body, field)

    def test_the_same_source_and_destination_is_400(self):
        for account_id in (source(), missing()):
            with self.subTest(account_id=account_id):
                body = transfer_body(source_id=str(account_id), destination_id=str(account_id))
                self.assertInvalid("/v1/transfers", body, "destination_account_id")

    def test_more_than_the_source_balance_is_422_insufficient_funds(self):
        for amount in ["100.000000000000000001", "101", "1" + "0" * 19]:
            with self.subTest(amount=amount):
                self.assertRejected("POST", "/v1/transfers", transfer_body(amount=json.dumps(amount)),
                                    422, "insufficient_funds")
        self.assertEqual(service.balance(source()), 100)

    def test_a_credit_beyond_the_largest_balance_is_422_and_never_wraps(self):
        full = ids[7]
        service.open_account(full, "99999999999999999999.999999999999999999")
        for amount in ["0.000000000000000001", "100"]:
            with self.subTest(amount=amount):
                body = transfer_body(str(source()), str(full), json.dumps(amount))
                self.assertRejected("POST", "/v1/transfers", body, 422, "balance_overflow")

    def test_a_missing_account_is_404_account_not_found(self):
        cases = [(missing(), destination(), "source_account_id"),
                 (source(), missing(), "destination_account_id"),
                 (missing(), ids[4], None),
                 (9223372036854775807, destination(), "source_account_id")]
        for source_id, destination_id, field in cases:
            with self.subTest(source=source_id, destination=destination_id):
                body = transfer_body(str(source_id), str(destination_id))
                self.assertRejected("POST", "/v1/transfers", body, 404, "account_not_found", field)


class MediaTypeAndSize(ProblemAssertions):
    def test_a_body_not_sent_as_json_is_415(self):
        for content_type in ["text/plain", None, "application/x-www-form-urlencoded", "text/json",
                             "application/jsonx", "application/json-patch+json", "multipart/form-data"]:
            for path, body in [("/v1/accounts", account_body()), ("/v1/transfers", transfer_body())]:
                with self.subTest(path=path, content_type=content_type):
                    self.assertRejected("POST", path, body, 415, headers={"Content-Type": content_type})

    def test_json_with_a_charset_parameter_is_accepted(self):
        headers = {"Content-Type": "application/json; charset=utf-8"}
        created = service.post("/v1/accounts", account_body(str(ids[5]), '"3"'), headers)
        self.assertEqual(created.status, 201, created)
        moved = service.post("/v1/transfers", transfer_body(str(ids[5]), str(destination()), '"3"'),
                             headers)
        self.assertEqual(moved.status, 201, moved)
        self.assertEqual(service.balance(ids[5]), 0)
        service.transfer(destination(), ids[5], "3")  # puts the module's balances back

    def test_a_body_over_64_kib_is_413(self):
        for path, body in [("/v1/accounts", account_body()), ("/v1/transfers", transfer_body())]:
            with self.subTest(path=path):
                padded = body + " " * (64 * 1024 + 1 - len(body))
                self.assertRejected("POST", path, padded, 413)

    def test_a_body_of_exactly_64_kib_is_accepted(self):
        body = account_body(str(ids[6]), '"1"')
        created = service.post("/v1/accounts", body + " " * (64 * 1024 - len(body)))
        self.assertEqual(created.status, 201, created)


class Routing(ProblemAssertions):
    def test_unknown_routes_are_404(self):
        for method, path in [("GET", "/"), ("GET", "/v1"), ("GET", "/v1/"), ("GET", "/v2/accounts"),
                             ("POST", "/v1/account"), ("POST", "/v1/transfer"), ("GET", "/v1/healthz"),
                             ("GET", "/V1/HEALTH"), ("GET", f"/v1/transfers/{uuid.uuid4()}/x"),
                             ("DELETE", "/v1/everything")]:
            with self.subTest(method=method, path=path):
                self.assertRejected(method, path, transfer_body() if method == "POST" else None, 404)

    def test_a_wrong_method_is_405_with_an_allow_header(self):
        reads = "GET, HEAD"  # every GET route also answers HEAD
        cases = [("GET", "/v1/accounts", "POST"), ("PUT", "/v1/accounts", "POST"),
                 ("DELETE", f"/v1/accounts/{source()}", reads), ("PUT", f"/v1/accounts/{source()}", reads),
                 ("POST", f"/v1/accounts/{source()}", reads), ("GET", "/v1/transfers", "POST"),
                 ("PATCH", "/v1/transfers", "POST"), ("DELETE", f"/v1/transfers/{uuid.uuid4()}", reads),
                 ("POST", "/v1/health", reads)]
        for method, path, allowed in cases:
            with self.subTest(method=method, path=path):
                body = account_body() if method in ("POST", "PUT", "PATCH") else None
                answer = self.assertRejected(method, path, body, 405)
                self.assertEqual(answer.headers.get("allow"), allowed)

    def test_a_bad_account_id_in_the_path_is_400(self):
        for segment in ["abc", "0", "-1", "+1", "1.5", "1e3", "0x1F", "99999999999999999999",
                        "9223372036854775808", "1%20", "%2D1", "%2B1", "1%2F2", "%2531", "%EF%BC%91"]:
            with self.subTest(segment=segment):
                self.assertRejected("GET", f"/v1/accounts/{segment}", None, 400, "invalid_request",
                                    "account_id")

    def test_a_bad_transfer_id_in_the_path_is_400(self):
        good = str(uuid.uuid4())
        for segment in ["not-a-uuid", "123", good[:-1], good + "0", good.replace("-", ""),
                        "g" + good[1:], "{" + good[1:-1] + "}"]:
            with self.subTest(segment=segment):
                self.assertRejected("GET", f"/v1/transfers/{segment}", None, 400, "invalid_request",
                                    "transaction_id")

    def test_an_unknown_account_or_transfer_is_404(self):
        self.assertRejected("GET", f"/v1/accounts/{missing()}", None, 404, "account_not_found")
        self.assertRejected("GET", "/v1/accounts/9223372036854775807", None, 404, "account_not_found")
        self.assertRejected("GET", f"/v1/transfers/{uuid.uuid4()}", None, 404, "transfer_not_found")


def encoded(text):
    """Every character of `text` percent-encoded, as a client may send any of them."""
    return "".join("%%%02X" % ord(c) for c in text)


class PercentEncoding(ProblemAssertions):
    """Path segments and query values are decoded before they are read (RFC 3986)."""

    def test_an_encoded_path_reads_the_same_account(self):
        expected = {"account_id": source(), "balance": "100"}
        for path in [f"/v1/accounts/{encoded(str(source()))}", f"/v1/%61ccounts/{source()}",
                     f"/%76%31/accounts/{source()}", f"/v1/accounts/{str(source())[:-1]}%{ord(str(source())[-1]):x}"]:
            with self.subTest(path=path):
                answer = service.get(path)
                self.assertEqual((answer.status, answer.json()), (200, expected), answer)

    def test_an_encoded_history_query_is_read(self):
        answer = service.get(f"/v1/accounts/{source()}/transfers?limit=%35")
        self.assertEqual(answer.status, 200, answer)
        answer = service.get(f"/v1/accounts/{source()}/transfers?%6Cimit=1")
        self.assertEqual(answer.status, 200, answer)

    def test_an_encoded_slash_does_not_split_a_segment(self):
        self.assertRejected("GET", f"/v1/accounts/{source()}%2Ftransfers", None, 400, "invalid_request",
                            "account_id")
        self.assertRejected("GET", f"/v1%2Faccounts/{source()}", None, 404, "not_found")

    def test_a_malformed_escape_in_the_path_is_400_naming_the_path(self):
        for method, path, body in [("GET", "/v1/accounts/%zz", None), ("GET", "/v1/accounts/%4", None),
                                   ("GET", f"/v1/accounts/{source()}%", None),
                                   ("GET", f"/v1/accounts/{source()}/transfers%2", None),
                                   ("POST", "/v1/transfers%zz", transfer_body()),
                                   ("POST", "/v1/%g1ccounts", account_body())]:
            with self.subTest(method=method, path=path):
                self.assertRejected(method, path, body, 400, "invalid_request", "path")

    def test_a_malformed_escape_in_the_query_is_400_naming_the_parameter(self):
        for query, field in [("limit=%zz", "limit"), ("limit=%4", "limit"), ("after=%", "after"),
                             ("li%zzmit=1", "li%zzmit")]:
            with self.subTest(query=query):
                self.assertRejected("GET", f"/v1/accounts/{source()}/transfers?{query}", None, 400,
                                    "invalid_request", field)

    def test_the_raw_bytes_reach_the_decoder_as_sent(self):
        # http.client sends a path as given; a raw request shows the server sees the same bytes.
        raw = harness.send_raw(service.port, b"GET /v1/accounts/%zz HTTP/1.1\r\nHost: x\r\n" +
                               harness.auth_header(service.token) +
                               b"Connection: close\r\n\r\n")
        head, _, body = raw.partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 400 "), raw)
        self.assertIn("path", json.loads(body)["detail"])


class QueryParameters(ProblemAssertions):
    """One rule on every route: a query parameter the route does not list is 400 naming it, and
    so is a listed one given twice."""

    def routes(self):
        return [("POST", "/v1/accounts", account_body()), ("POST", "/v1/transfers", transfer_body()),
                ("GET", f"/v1/accounts/{source()}", None), ("GET", f"/v1/accounts/{source()}/transfers", None),
                ("GET", f"/v1/transfers/{uuid.uuid4()}", None), ("GET", "/v1/health", None),
                ("GET", "/metrics", None), ("GET", "/v1/openapi.yaml", None)]

    def test_an_unknown_query_parameter_is_400_on_every_route(self):
        for method, path, body in self.routes():
            for query, name in [("x=1", "x"), ("dry_run", "dry_run"), ("Limit=5", "Limit"), ("%78=1", "x")]:
                with self.subTest(method=method, path=path, query=query):
                    answer = self.assertRejected(method, f"{path}?{query}", body, 400, "invalid_request", name)
                    self.assertIn("unknown query parameter", answer.json()["detail"])

    def test_the_history_parameters_are_unknown_elsewhere(self):
        for method, path, body in self.routes():
            if path.endswith("/transfers") and method == "GET":
                continue
            with self.subTest(method=method, path=path):
                self.assertRejected(method, f"{path}?limit=5", body, 400, "invalid_request", "limit")

    def test_a_repeated_parameter_is_400(self):
        history = f"/v1/accounts/{source()}/transfers"
        for query, name in [("limit=1&limit=2", "limit"), ("limit=1&limit=1", "limit"),
                            ("limit=1&%6Cimit=1", "limit"), ("after=a&after=b", "after")]:
            with self.subTest(query=query):
                answer = self.assertRejected("GET", f"{history}?{query}", None, 400, "invalid_request", name)
                self.assertIn("more than once", answer.json()["detail"])

    def test_an_empty_query_is_no_parameter(self):
        for path in [f"/v1/accounts/{source()}?", f"/v1/accounts/{source()}?&"]:
            with self.subTest(path=path):
                self.assertEqual(service.get(path).status, 200)


class MalformedHttp(ProblemAssertions):
    GARBAGE = [b"garbage\r\n\r\n", b"\x00\x01\x02\xff\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
               b"GET /v1/health\r\n\r\n", b"GET /v1/health HTTP/1.1\r\nno colon here\r\n\r\n",
               b"POST /v1/accounts HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
               b"POST /v1/accounts HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
               b"POST /v1/transfers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"]

    def test_garbage_is_answered_400_and_the_server_keeps_serving(self):
        established = service.client()
        self.assertEqual(established.get("/v1/health").status, 200)
        before = self.state()
        for garbage in self.GARBAGE:
            with self.subTest(request=garbage[:50]):
                raw = harness.send_raw(service.port, garbage)
                head, _, body = raw.partition(b"\r\n\r\n")
                self.assertTrue(head.startswith(b"HTTP/1.1 400 "), raw)
                self.assertIn(b"content-type: application/problem+json", head.lower())
                self.assertEqual(json.loads(body)["status"], 400)
        self.assertEqual(self.state(), before)
        self.assertEqual(established.get("/v1/health").status, 200)
        with harness.Client(service.port) as newcomer:
            self.assertEqual(newcomer.get(f"/v1/accounts/{source()}").status, 200)

    def test_a_connection_closed_mid_request_changes_nothing(self):
        before = self.state()
        body = transfer_body().encode()
        head = (b"POST /v1/transfers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n" % len(body))
        with socket.create_connection(("127.0.0.1", service.port), timeout=10) as raw:
            raw.sendall(head + body[:-1])
        self.assertEqual(service.get("/v1/health").status, 200)
        self.assertEqual(self.state(), before)


if __name__ == "__main__":
    unittest.main()
