"""What an on-call engineer gets: the caller's trace continued through the service and exported
over OTLP/HTTP, request ids, /metrics that move, and JSON log lines."""
import http.server
import json
import threading
import unittest

import harness

CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c"
CALLER_SPAN = "b7ad6b7169203331"
TRACEPARENT = f"00-{CALLER_TRACE}-{CALLER_SPAN}-01"


class OtlpReceiver:
    """A minimal OTLP/HTTP collector: keeps every span POSTed to /v1/traces."""

    def __init__(self):
        self.spans = []
        self.content_types = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.content_types.append((self.path, self.headers["Content-Type"]))
                for resource in json.loads(body)["resourceSpans"]:
                    attributes = {a["key"]: a["value"] for a in resource["resource"]["attributes"]}
                    for scope in resource["scopeSpans"]:
                        for span in scope["spans"]:
                            span["service"] = attributes["service.name"]["stringValue"]
                            receiver.spans.append(span)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def metric_value(text, series):
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.split(" ")[1])
    return 0.0


class Observability(unittest.TestCase):
    def setUp(self):
        harness.require_environment()
        self.receiver = OtlpReceiver()
        self.addCleanup(self.receiver.stop)
        port = harness.free_port()
        self.service = harness.Service(port=port, args=[
            "serve", "--listen", f"127.0.0.1:{port}", "--db", harness.database_url(),
            "--otlp-endpoint", f"http://127.0.0.1:{self.receiver.port}"]).start()
        self.addCleanup(self.service.stop)  # stopping twice is harmless
        self.source, self.destination = harness.new_ids(2)
        self.service.open_account(self.source, "10")
        self.service.open_account(self.destination, "0")

    def transfer_with_trace(self):
        return self.service.post("/v1/transfers", {"source_account_id": self.source,
                                                   "destination_account_id": self.destination,
                                                   "amount": "1"},
                                 {"traceparent": TRACEPARENT, "X-Request-ID": "req-42"})

    def test_a_traced_request_continues_the_callers_trace_down_to_the_database(self):
        answer = self.transfer_with_trace()
        self.assertEqual(answer.status, 201)
        self.assertTrue(answer.headers["traceparent"].startswith(f"00-{CALLER_TRACE}-"))
        self.assertEqual(answer.headers["x-request-id"], "req-42")
        self.service.stop()  # SIGTERM flushes the exporter
        spans = {s["spanId"]: s for s in self.receiver.spans if s["traceId"] == CALLER_TRACE}
        server = [s for s in spans.values() if s.get("parentSpanId") == CALLER_SPAN]
        self.assertEqual(len(server), 1, "one server span, child of the caller's span")
        self.assertEqual(server[0]["name"], "POST /v1/transfers")
        self.assertEqual(server[0]["kind"], 2)
        use_case = [s for s in spans.values() if s.get("parentSpanId") == server[0]["spanId"]]
        self.assertEqual([s["name"] for s in use_case], ["transfers.create"])
        batch = [s for s in self.receiver.spans if s["name"] == "transfers.batch"
                 and any(link["spanId"] == use_case[0]["spanId"] for link in s.get("links", []))]
        self.assertEqual(len(batch), 1, "the batch that carried the transfer links to its request")
        database = [s for s in self.receiver.spans if s.get("parentSpanId") == batch[0]["spanId"]]
        self.assertIn("TRANSACTION", [s["name"] for s in database])
        self.assertTrue(all(s["service"] == "transfers" for s in self.receiver.spans))
        self.assertIn(("/v1/traces", "application/json"), self.receiver.content_types)

    def test_a_read_is_a_tree_of_server_use_case_and_database_spans(self):
        answer = self.service.request("GET", f"/v1/accounts/{self.source}", None, {"traceparent": TRACEPARENT})
        self.assertEqual(answer.status, 200)
        self.service.stop()
        spans = [s for s in self.receiver.spans if s["traceId"] == CALLER_TRACE]
        by_id = {s["spanId"]: s for s in spans}
        leaves = [s for s in spans if s["name"] == "SELECT accounts"]
        self.assertEqual(len(leaves), 1)
        chain = [leaves[0]["name"]]
        parent = leaves[0].get("parentSpanId")
        while parent in by_id:
            chain.append(by_id[parent]["name"])
            parent = by_id[parent].get("parentSpanId")
        self.assertEqual(chain, ["SELECT accounts", "accounts.get", "GET /v1/accounts/{id}"])
        self.assertEqual(parent, CALLER_SPAN)

    def test_metrics_move_as_requests_are_served(self):
        before = self.service.get("/metrics")
        self.assertEqual(before.status, 200)
        self.assertTrue(before.headers["content-type"].startswith("text/plain"))
        series = 'http_server_requests_total{route="/v1/transfers",status="201"}'
        created = 'transfers_total{code="created"}'
        refused = 'transfers_total{code="insufficient_funds"}'
        counts = [metric_value(before.body, name) for name in (series, created, refused)]
        self.assertEqual(self.transfer_with_trace().status, 201)
        self.assertEqual(self.service.transfer(self.source, self.destination, "100").status, 422)
        after = self.service.get("/metrics").body
        self.assertEqual(metric_value(after, series), counts[0] + 1)
        self.assertEqual(metric_value(after, created), counts[1] + 1)
        self.assertEqual(metric_value(after, refused), counts[2] + 1)
        self.assertGreater(metric_value(after, "transfer_batch_size_count"), 0)
        self.assertIn("db_pool_acquires_total", after)

    def test_every_request_leaves_one_json_log_line_with_its_request_id(self):
        self.assertEqual(self.transfer_with_trace().status, 201)
        self.service.stop()
        lines = [json.loads(line) for line in self.service.output_text().splitlines() if line.startswith("{")]
        requests = [line for line in lines if line.get("request_id") == "req-42"]
        self.assertEqual(len(requests), 1)
        self.assertEqual(requests[0]["trace_id"], CALLER_TRACE)
        self.assertEqual((requests[0]["method"], requests[0]["route"], requests[0]["status"]),
                         ("POST", "/v1/transfers", 201))
        self.assertIn("latency_us", requests[0])
        self.assertTrue(all("time" in line and "level" in line for line in lines))


if __name__ == "__main__":
    unittest.main()
