"""docs/openapi.yaml is the API, and cannot drift from it: the service serves the file as is;
every documented (route, method, status) is produced by a real request whose answer matches the
documented content type, schema and headers; the documented parameter and body rules are the
ones the service applies; and every route the service answers is documented. On MariaDB (reached
through a relay that is cut to see the 503 answers) and on SQLite."""
import unittest
import uuid

import yaml

import harness
import openapi_check
from openapi_check import validate

document = None
largest_money = "99999999999999999999.999999999999999999"

# Documented answers that no request from outside can produce on purpose, with the reason.
NOT_PRODUCIBLE = {
    "sqlite": {(path, method, "503"): "the embedded SQLite file cannot be taken down from outside the process"
               for path, method in [("/v1/accounts", "POST"), ("/v1/accounts/{account_id}", "GET"),
                                    ("/v1/accounts/{account_id}/transfers", "GET"), ("/v1/transfers", "POST"),
                                    ("/v1/transfers/{transaction_id}", "GET"), ("/v1/health", "GET"),
                                    ("/v1/clients", "GET"), ("/v1/clients", "POST"), ("/v1/clients/{name}", "DELETE")]},
    "mariadb": {},
}


def setUpModule():
    global document
    harness.require_environment()
    document = openapi_check.load_document()


class TheDocument(unittest.TestCase):
    def test_it_is_openapi_3_1_and_every_reference_resolves(self):
        self.assertRegex(document["openapi"], r"^3\.1\.\d+$")

        def walk(node, where):
            if isinstance(node, dict):
                if "$ref" in node:
                    self.assertIsNotNone(openapi_check.resolve(document, node), where)
                for name, value in node.items():
                    walk(value, f"{where}/{name}")
            elif isinstance(node, list):
                for index, value in enumerate(node):
                    walk(value, f"{where}/{index}")

        walk(document, "#")
        for path, method, operation in openapi_check.operations(document):
            self.assertTrue(operation["responses"], f"{method} {path} documents no answer")
            for status, response in operation["responses"].items():
                content = openapi_check.resolve(document, response).get("content")
                self.assertTrue(content, f"{method} {path} {status} documents no content")
                for media in content.values():
                    self.assertIn("schema", media, f"{method} {path} {status}")

    def test_the_validator_finds_what_breaks_a_schema(self):
        problem = {"$ref": "#/components/schemas/Problem"}
        good = {"type": "about:blank", "title": "t", "status": 404, "code": "not_found", "detail": "d"}
        self.assertEqual(validate(good, problem, document), [])
        for broken in [dict(good, status=404.0), dict(good, status="404"), dict(good, status=True),
                       dict(good, status=399), dict(good, code="no_such_code"), dict(good, type="other"),
                       dict(good, extra=1), {k: v for k, v in good.items() if k != "detail"}, [good], None]:
            with self.subTest(instance=broken):
                self.assertNotEqual(validate(broken, problem, document), [])
        money = {"$ref": "#/components/schemas/Money"}
        self.assertEqual(validate("-0.5", money, document), [])
        for broken in ["1e3", "01.5x", "1." + "1" * 19, 5, ""]:
            self.assertNotEqual(validate(broken, money, document), [], broken)
        self.assertNotEqual(validate([1, "a"], {"type": "array", "items": {"type": "integer"}}, document), [])
        self.assertNotEqual(validate("x" * 3, {"maxLength": 2}, document), [])
        self.assertNotEqual(validate("x", {"oneOf": []}, document), [], "an unknown keyword must not pass")


class ConformanceContract(openapi_check.OnBackend):
    def start_service(self, port=None):
        if self.backend_name == "mariadb":  # through a relay, so that the database can be cut
            self.relay = openapi_check.CuttableRelay()
            self.addCleanup(self.relay.cut)
            self.backend.url = self.relay.url
        return super().start_service(port)

    def setUp(self):
        super().setUp()
        self.rich, self.poor, self.full, self.missing, self.fresh = harness.new_ids(5)
        self.service.open_account(self.rich, "100")
        self.service.open_account(self.poor, "0")
        self.service.open_account(self.full, largest_money)
        self.key = "openapi-" + uuid.uuid4().hex
        self.assertEqual(self.service.post("/v1/accounts", {"account_id": self.fresh, "initial_balance": "1"},
                                           {"Idempotency-Key": self.key}).status, 201)
        for _ in range(2):
            self.record = self.service.transfer(self.rich, self.poor, "1").json()
        self.codes_seen = set()
        # Clients with one scope each, for the 403s; one more to revoke.
        self.transfers_reader = self.new_client("transfers:read")["token"]
        self.accounts_reader = self.new_client("accounts:read")["token"]
        self.doomed = self.new_client("accounts:read")["name"]

    def new_client(self, scopes):
        created = self.service.post("/v1/clients", {"name": "openapi-" + uuid.uuid4().hex[:16], "scopes": scopes})
        self.assertEqual(created.status, 201, created)
        return created.json()

    def as_client(self, token, method, path, body=None, headers=None):
        with harness.Client(self.service.port, token=token) as client:
            return client.request(method, path, body, headers)

    def check(self, template, method, status, answer):
        """Asserts that `answer` is what the document says `method template` answers with
        `status`: content type, schema, headers."""
        where = f"{method} {template} {status}: {answer}"
        self.assertEqual(str(answer.status), status, where)
        operation = document["paths"][template][method.lower()]
        self.assertIn(status, operation["responses"], f"{where}: undocumented status")
        response = openapi_check.resolve(document, operation["responses"][status])
        media_type = answer.headers.get("content-type", "").split(";")[0].strip()
        self.assertIn(media_type, response["content"], f"{where}: undocumented content type")
        if media_type.endswith("json"):
            body = answer.json()
        else:
            body = answer.body
            if media_type == "application/yaml":
                self.assertEqual(yaml.safe_load(body), document, where)
        self.assertEqual(validate(body, response["content"][media_type]["schema"], document), [], where)
        if media_type == harness.PROBLEM_TYPE:
            self.assertEqual(body["status"], answer.status, where)
            self.codes_seen.add(body["code"])
        for name, header in response.get("headers", {}).items():
            value = answer.headers.get(name.lower())
            self.assertIsNotNone(value, f"{where}: the documented header {name} is missing")
            schema = openapi_check.resolve(document, header)["schema"]
            self.assertEqual(validate(int(value) if schema.get("type") == "integer" else value, schema, document),
                             [], f"{where}: header {name}={value!r}")

    def request_schema(self, template, method):
        operation = document["paths"][template][method.lower()]
        return operation["requestBody"]["content"]["application/json"]["schema"]

    def post(self, path, body, headers=None):
        if not isinstance(body, str):
            self.assertEqual(validate(body, self.request_schema(path, "POST"), document), [],
                             "a request the service accepts must conform to the documented body")
        return self.service.post(path, body, headers)

    def cases(self):
        """(template, method, status, request) with a request that produces that status."""
        account = "/v1/accounts/{account_id}"
        history = "/v1/accounts/{account_id}/transfers"
        transfer = "/v1/transfers/{transaction_id}"
        new_account, new_key = harness.new_ids(1)[0], "openapi-" + uuid.uuid4().hex
        too_large = '{"account_id":1,"initial_balance":"1"}' + " " * (64 * 1024)
        plain = {"Content-Type": "text/plain"}
        move = {"source_account_id": self.rich, "destination_account_id": self.poor, "amount": "2"}
        return [
            ("/v1/accounts", "POST", "201", lambda: self.post("/v1/accounts", {
                "account_id": new_account, "initial_balance": "0.5"}, {"Idempotency-Key": new_key})),
            ("/v1/accounts", "POST", "400", lambda: self.post("/v1/accounts", '{"account_id":0}')),
            ("/v1/accounts", "POST", "409", lambda: self.post("/v1/accounts", {
                "account_id": self.rich, "initial_balance": "1"})),
            ("/v1/accounts", "POST", "409", lambda: self.post("/v1/accounts", {
                "account_id": self.fresh, "initial_balance": "2"}, {"Idempotency-Key": self.key})),
            ("/v1/accounts", "POST", "413", lambda: self.post("/v1/accounts", too_large)),
            ("/v1/accounts", "POST", "415", lambda: self.post("/v1/accounts", "{}", plain)),
            (account, "GET", "200", lambda: self.service.get(f"/v1/accounts/{self.rich}")),
            (account, "GET", "400", lambda: self.service.get("/v1/accounts/abc")),
            (account, "GET", "404", lambda: self.service.get(f"/v1/accounts/{self.missing}")),
            (history, "GET", "200", lambda: self.service.get(f"/v1/accounts/{self.rich}/transfers?limit=1")),
            (history, "GET", "200", lambda: self.service.get(f"/v1/accounts/{self.full}/transfers")),
            (history, "GET", "400", lambda: self.service.get(f"/v1/accounts/{self.rich}/transfers?after=x")),
            (history, "GET", "404", lambda: self.service.get(f"/v1/accounts/{self.missing}/transfers")),
            ("/v1/transfers", "POST", "201", lambda: self.post("/v1/transfers", move, {"Idempotency-Key": new_key})),
            ("/v1/transfers", "POST", "400", lambda: self.service.post("/v1/transfers", dict(move, amount="0"))),
            ("/v1/transfers", "POST", "404", lambda: self.post("/v1/transfers", dict(
                move, destination_account_id=self.missing))),
            ("/v1/transfers", "POST", "409", lambda: self.post("/v1/transfers", dict(move, amount="3"),
                                                               {"Idempotency-Key": new_key})),
            ("/v1/transfers", "POST", "413", lambda: self.post("/v1/transfers", too_large)),
            ("/v1/transfers", "POST", "415", lambda: self.post("/v1/transfers", "{}", plain)),
            ("/v1/transfers", "POST", "422", lambda: self.post("/v1/transfers", dict(
                move, source_account_id=self.poor, destination_account_id=self.rich, amount="1000"))),
            ("/v1/transfers", "POST", "422", lambda: self.post("/v1/transfers", dict(
                move, destination_account_id=self.full, amount="1"))),
            (transfer, "GET", "200", lambda: self.service.get(f"/v1/transfers/{self.record['transaction_id']}")),
            (transfer, "GET", "400", lambda: self.service.get("/v1/transfers/not-a-uuid")),
            (transfer, "GET", "404", lambda: self.service.get(f"/v1/transfers/{uuid.uuid4()}")),
            ("/v1/health", "GET", "200", lambda: self.service.get("/v1/health")),
            ("/v1/health", "GET", "400", lambda: self.service.get("/v1/health?probe=ready")),
            ("/v1/openapi.yaml", "GET", "200", lambda: self.service.get("/v1/openapi.yaml")),
            ("/v1/openapi.yaml", "GET", "400", lambda: self.service.get("/v1/openapi.yaml?format=json")),
            ("/metrics", "GET", "200", lambda: self.service.get("/metrics")),
            ("/metrics", "GET", "400", lambda: self.service.get("/metrics?name[]=up")),
            ("/v1/clients", "GET", "200", lambda: self.service.get("/v1/clients")),
            ("/v1/clients", "GET", "400", lambda: self.service.get("/v1/clients?name=x")),
            ("/v1/clients/{name}", "DELETE", "400", lambda: self.service.request("DELETE", "/v1/clients/x?now=1")),
            ("/v1/clients", "POST", "201", lambda: self.post("/v1/clients", {
                "name": "openapi-" + uuid.uuid4().hex[:16], "scopes": "transfers:write,accounts:read",
                "debit_accounts": "1-5,9", "certificate_subject": "CN=openapi,O=Test"})),
            ("/v1/clients", "POST", "400", lambda: self.post("/v1/clients", '{"name":"x","scopes":"root"}')),
            ("/v1/clients", "POST", "409", lambda: self.post("/v1/clients", {"name": self.doomed, "scopes": "admin"})),
            ("/v1/clients", "POST", "413", lambda: self.post("/v1/clients", too_large)),
            ("/v1/clients", "POST", "415", lambda: self.post("/v1/clients", "{}", plain)),
            ("/v1/clients/{name}", "DELETE", "200", lambda: self.service.request("DELETE", f"/v1/clients/{self.doomed}")),
            ("/v1/clients/{name}", "DELETE", "404", lambda: self.service.request(
                "DELETE", "/v1/clients/openapi-" + uuid.uuid4().hex[:16])),
        ] + self.refusal_cases()

    def refusal_cases(self):
        """401 for every secured operation without a token; 403 for each with a token that lacks
        its scope."""
        secured = [("/v1/accounts", "POST", "/v1/accounts", {"account_id": harness.new_ids(1)[0],
                                                              "initial_balance": "1"}, self.transfers_reader),
                   ("/v1/accounts/{account_id}", "GET", f"/v1/accounts/{self.rich}", None, self.transfers_reader),
                   ("/v1/accounts/{account_id}/transfers", "GET", f"/v1/accounts/{self.rich}/transfers", None,
                    self.accounts_reader),
                   ("/v1/transfers", "POST", "/v1/transfers", {"source_account_id": self.rich,
                                                               "destination_account_id": self.poor, "amount": "1"},
                    self.accounts_reader),
                   ("/v1/transfers/{transaction_id}", "GET", f"/v1/transfers/{self.record['transaction_id']}", None,
                    self.accounts_reader),
                   ("/v1/clients", "GET", "/v1/clients", None, self.accounts_reader),
                   ("/v1/clients", "POST", "/v1/clients", {"name": "openapi-x", "scopes": "admin"}, self.accounts_reader),
                   ("/v1/clients/{name}", "DELETE", "/v1/clients/nobody", None, self.accounts_reader)]
        cases = [(template, method, "401", lambda m=method, p=path, b=body: self.as_client(None, m, p, b))
                 for template, method, path, body, _ in secured]
        cases.append(("/v1/openapi.yaml", "GET", "401", lambda: self.as_client(None, "GET", "/v1/openapi.yaml")))
        cases += [(template, method, "403", lambda m=method, p=path, b=body, t=token: self.as_client(t, m, p, b))
                  for template, method, path, body, token in secured]
        return cases

    def database_down_cases(self):
        return [("/v1/accounts", "POST", lambda: self.service.post("/v1/accounts", {
                    "account_id": harness.new_ids(1)[0], "initial_balance": "1"})),
                ("/v1/accounts/{account_id}", "GET", lambda: self.service.get(f"/v1/accounts/{self.rich}")),
                ("/v1/accounts/{account_id}/transfers", "GET",
                 lambda: self.service.get(f"/v1/accounts/{self.rich}/transfers")),
                ("/v1/transfers", "POST", lambda: self.service.transfer(self.rich, self.poor, "1")),
                ("/v1/transfers/{transaction_id}", "GET",
                 lambda: self.service.get(f"/v1/transfers/{self.record['transaction_id']}")),
                ("/v1/health", "GET", lambda: self.service.get("/v1/health")),
                ("/v1/clients", "GET", lambda: self.service.get("/v1/clients")),
                ("/v1/clients", "POST", lambda: self.service.post("/v1/clients", {
                    "name": "openapi-" + uuid.uuid4().hex[:16], "scopes": "admin"})),
                ("/v1/clients/{name}", "DELETE", lambda: self.service.request("DELETE", "/v1/clients/nobody"))]

    def test_the_served_document_is_the_file(self):
        answer = self.service.get("/v1/openapi.yaml")
        self.assertEqual((answer.status, answer.headers.get("content-type")), (200, "application/yaml"))
        with open(openapi_check.document_path, encoding="utf-8") as file:
            self.assertEqual(answer.body, file.read())

    def test_every_documented_answer_is_produced_and_matches_its_schema(self):
        produced = set()
        for template, method, status, send in self.cases():
            with self.subTest(f"{method} {template} {status}"):
                self.check(template, method, status, send())
                produced.add((template, method, status))
        if self.backend_name == "mariadb":
            self.relay.cut()
            harness.wait_until(lambda: self.service.get("/v1/health").status == 503, harness.timeout_request_s,
                               "the service to see its database down")
            for template, method, send in self.database_down_cases():
                with self.subTest(f"{method} {template} 503"):
                    self.check(template, method, "503", send())
                    produced.add((template, method, "503"))
        documented = {(path, method, status) for path, method, operation in openapi_check.operations(document)
                      for status in operation["responses"]}
        excused = NOT_PRODUCIBLE[self.backend_name]
        self.assertEqual(produced & set(excused), set(), "excused, yet produced: drop it from NOT_PRODUCIBLE")
        self.assertEqual(set(excused) - documented, set(), "NOT_PRODUCIBLE names undocumented answers")
        self.assertEqual(documented - produced - set(excused), set(), "documented answers never produced")
        enum = openapi_check.resolve(document, {"$ref": "#/components/schemas/Problem"})["properties"]["code"]["enum"]
        self.assertLessEqual(self.codes_seen, set(enum))

    def test_the_documented_parameter_rules_are_the_ones_applied(self):
        limit = next(p for p in document["paths"]["/v1/accounts/{account_id}/transfers"]["get"]["parameters"]
                     if p.get("name") == "limit")["schema"]
        history = f"/v1/accounts/{self.rich}/transfers?limit="
        for value, status in [(limit["minimum"], 200), (limit["maximum"], 200), (limit["default"], 200),
                              (limit["minimum"] - 1, 400), (limit["maximum"] + 1, 400)]:
            self.assertEqual(self.service.get(f"{history}{value}").status, status, f"limit={value}")
        self.assertEqual(len(self.service.get(f"/v1/accounts/{self.rich}/transfers?limit=1").json()["transfers"]), 1)
        account_id = openapi_check.resolve(document, {"$ref": "#/components/schemas/AccountId"})
        for value, status in [(account_id["maximum"], 404), (account_id["maximum"] + 1, 400),
                              (account_id["minimum"], None), (account_id["minimum"] - 1, 400)]:
            answer = self.service.get(f"/v1/accounts/{value}")
            self.assertIn(answer.status, (status,) if status else (200, 404), f"account_id={value}")
        transfer_id = openapi_check.resolve(document, {"$ref": "#/components/schemas/TransferId"})
        for value in [str(uuid.uuid4()).upper(), str(uuid.uuid4()).replace("-", ""), str(uuid.uuid4()) + "0"]:
            self.assertNotEqual(validate(value, transfer_id, document), [])
            self.assertEqual(self.service.get(f"/v1/transfers/{value}").status, 400, value)
        key = next(parameter for parameter in (openapi_check.resolve(document, p) for p in
                                               document["paths"]["/v1/transfers"]["post"]["parameters"])
                   if parameter["name"] == "Idempotency-Key")["schema"]
        move = {"source_account_id": self.rich, "destination_account_id": self.poor, "amount": "1"}
        unique = uuid.uuid4().hex  # the MariaDB is shared with other runs
        longest, too_long = unique.ljust(key["maxLength"], "k"), unique.ljust(key["maxLength"] + 1, "k")
        for value, status in [(longest, 201), (too_long, 400), ("a b", 400), ("", 400)]:
            self.assertEqual(validate(value, key, document) == [], status == 201, repr(value))
            self.assertEqual(self.service.post("/v1/transfers", move, {"Idempotency-Key": value}).status,
                             status, repr(value[:20]))

    def test_the_documented_money_patterns_accept_exactly_what_the_service_accepts(self):
        """For each money field: a value the documented pattern admits is never a 400, and one it
        refuses always is."""
        candidates = ["1", "0.5", "007", "00.50", "1.000000000000000000", "0.000000000000000001", "9" * 20,
                      "9" * 20 + "." + "9" * 18, "0" * 20 + "." + "0" * 17 + "1", "0", "00", "0.0",
                      "0.000000000000000000", "-0", "-0.0", "-0.000", "-1", "-0.000000000000000001", "+1",
                      "1e3", "1E3", "1.", ".5", " 1", "1 ", "1" * 21, "1." + "1" * 19, "0x10", "NaN", ""]
        transfer = self.request_schema("/v1/transfers", "POST")
        account = self.request_schema("/v1/accounts", "POST")
        amount = openapi_check.resolve(document, transfer)["properties"]["amount"]
        initial_balance = openapi_check.resolve(document, account)["properties"]["initial_balance"]
        for text in candidates:
            with self.subTest(amount=text):
                documented = validate(text, amount, document) == []
                answer = self.service.post("/v1/transfers", {"source_account_id": self.rich,
                                                             "destination_account_id": self.poor, "amount": text})
                self.assertEqual(answer.status != 400, documented, answer)
            with self.subTest(initial_balance=text):
                documented = validate(text, initial_balance, document) == []
                answer = self.service.post("/v1/accounts", {"account_id": harness.new_ids(1)[0],
                                                            "initial_balance": text})
                self.assertEqual(answer.status != 400, documented, answer)

    def test_the_documented_cursor_pattern_admits_every_cursor_issued_and_refuses_padding(self):
        cursor_schema = openapi_check.resolve(document, {"$ref": "#/components/schemas/Cursor"})
        cursor = self.service.get(f"/v1/accounts/{self.rich}/transfers?limit=1").json()["next_cursor"]
        self.assertEqual(validate(cursor, cursor_schema, document), [])
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        padded = cursor[:-1] + alphabet[alphabet.index(cursor[-1]) + 1]  # the same data, a padding bit set
        self.assertNotEqual(validate(padded, cursor_schema, document), [])
        answer = self.service.get(f"/v1/accounts/{self.rich}/transfers?after={padded}")
        self.check("/v1/accounts/{account_id}/transfers", "GET", "400", answer)
        self.assertEqual(self.service.get(f"/v1/accounts/{self.rich}/transfers?after={cursor}").status, 200)

    def test_a_body_that_breaks_the_documented_request_schema_is_400(self):
        valid = {"/v1/accounts": {"account_id": harness.new_ids(1)[0], "initial_balance": "1"},
                 "/v1/transfers": {"source_account_id": self.rich, "destination_account_id": self.poor,
                                   "amount": "1"}}
        wrong_type = {"integer": "5", "string": 5}
        for path, body in valid.items():
            schema = openapi_check.resolve(document, self.request_schema(path, "POST"))
            broken = [dict(body, unexpected=1)] if schema.get("additionalProperties") is False else []
            broken += [{k: v for k, v in body.items() if k != name} for name in schema["required"]]
            for name, property_schema in schema["properties"].items():
                kind = openapi_check.resolve(document, property_schema)["type"]
                broken.append(dict(body, **{name: wrong_type[kind]}))
            for bad in broken:
                with self.subTest(path=path, body=bad):
                    self.assertNotEqual(validate(bad, schema, document), [])
                    answer = self.service.post(path, bad)
                    self.check(path, "POST", "400", answer)
        self.assertEqual(self.service.post("/v1/accounts", valid["/v1/accounts"]).status, 201)

    def test_every_route_the_service_answers_is_documented(self):
        paths = openapi_check.router_paths()
        self.assertIn("/v1/health", paths, "router.cpp was not read")
        for path in paths + ["/metrics", "/v1/metrics", "/", "/v1", "/openapi.yaml", "/health"]:
            template = openapi_check.documented_template(document, path)
            documented = {method for p, method, _ in openapi_check.operations(document) if p == template}
            for method in ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]:
                with self.subTest(method=method, path=path):
                    answer = self.service.request(method, path, "{}" if method in ("POST", "PUT", "PATCH") else None)
                    if method != "HEAD" and answer.headers.get("content-type") == harness.PROBLEM_TYPE:
                        problem = answer.json()
                        self.assertEqual(validate(problem, {"$ref": "#/components/schemas/Problem"}, document), [])
                        if (answer.status, problem["code"]) == (404, "not_found"):
                            continue  # not a route
                    elif answer.status == 404 and template is None:
                        continue
                    self.assertIsNotNone(template, f"the service answers {method} {path}: {answer}")
                    if answer.status == 405:
                        allowed = {m.strip() for m in answer.headers["allow"].split(",")} - {"HEAD"}
                        self.assertEqual(allowed, documented, f"Allow of {path}")
                    else:  # HEAD is answered for every GET route, as RFC 9110 asks
                        self.assertIn("GET" if method == "HEAD" else method, documented, answer)


class ConformanceOnMariaDb(ConformanceContract, unittest.TestCase):
    backend_name = "mariadb"


class ConformanceOnSqlite(ConformanceContract, unittest.TestCase):
    backend_name = "sqlite"


if __name__ == "__main__":
    unittest.main()
