"""What the API-contract tests (test_openapi, test_idempotency, test_history) share:

- the two backends every case runs on: the test MariaDB and an SQLite file of the test's own;
- a JSON-Schema validator for the subset docs/openapi.yaml uses (it refuses any keyword it does
  not know, so the document cannot use a rule that is silently not checked);
- a TCP relay in front of MariaDB that can be cut, to see the service with its database down.
Only the Python standard library and PyYAML are used.
"""
import datetime
import os
import re
import socket
import sqlite3
import tempfile
import threading
import urllib.parse

import yaml

import harness

document_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "openapi.yaml")
router_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "adapters", "http",
                           "router.cpp")


# --- backends ------------------------------------------------------------------------------

def utc_datetime_text(age):
    """The SQL DATETIME text (UTC, microseconds) of the moment `age` (a timedelta) ago."""
    moment = datetime.datetime.now(datetime.timezone.utc) - age
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


class MariaDbBackend:
    """The shared test MariaDB: tests keep apart by using fresh account ids and keys."""
    name = "mariadb"

    def __init__(self, test):
        self.url = harness.database_url()  # a test may point the service elsewhere (a relay)

    def service_args(self, port):
        return ["serve", "--listen", f"127.0.0.1:{port}", "--db", self.url]

    def transfer_count(self, account_ids):
        return harness.stored_transfer_count(account_ids)

    def key_count(self, scope, key):
        return int(harness.sql(f"SELECT COUNT(*) FROM idempotency_keys WHERE scope = '{scope}' "
                               f"AND idem_key = '{key}'")[0][0])

    def set_key_age(self, scope, key, age):
        harness.sql(f"UPDATE idempotency_keys SET created_at = '{utc_datetime_text(age)}' "
                    f"WHERE scope = '{scope}' AND idem_key = '{key}'")


class SqliteBackend:
    """An SQLite file in a temporary directory of the test's own, read with python's sqlite3
    (read-only while the service runs)."""
    name = "sqlite"

    def __init__(self, test):
        scratch = tempfile.TemporaryDirectory(prefix="transfers-e2e-")
        test.addCleanup(scratch.cleanup)
        self.path = os.path.join(scratch.name, "ledger.db")

    def service_args(self, port):
        return ["serve", "--listen", f"127.0.0.1:{port}", "--db", f"sqlite:{self.path}"]

    def query(self, text, params=(), write=False):
        uri = f"file:{self.path}" + ("" if write else "?mode=ro")
        connection = sqlite3.connect(uri, uri=True, timeout=harness.timeout_sql_s)
        try:
            rows = connection.execute(text, params).fetchall()
            connection.commit()
            return rows
        finally:
            connection.close()

    def transfer_count(self, account_ids):
        ids = harness.id_list(account_ids)
        return self.query(f"SELECT COUNT(*) FROM transfers WHERE source_account_id IN ({ids}) "
                          f"OR destination_account_id IN ({ids})")[0][0]

    def key_count(self, scope, key):
        return self.query("SELECT COUNT(*) FROM idempotency_keys WHERE scope = ? "
                          "AND CAST(idem_key AS TEXT) = ?", (scope, key))[0][0]

    def set_key_age(self, scope, key, age):
        """Only while the service is stopped: this process then is the file's only writer."""
        self.query("UPDATE idempotency_keys SET created_at = ? WHERE scope = ? AND CAST(idem_key AS TEXT) = ?",
                   (utc_datetime_text(age), scope, key), write=True)


BACKENDS = {"mariadb": MariaDbBackend, "sqlite": SqliteBackend}


class OnBackend:
    """Mixin for a TestCase: `backend_name` picks the backend; `self.service` is started for
    each test on it and stopped (cleanly, exit code 0) after it."""
    backend_name = None

    def setUp(self):
        super().setUp()
        self.backend = BACKENDS[self.backend_name](self)
        self.service = self.start_service()

    def start_service(self, port=None):
        port = port or harness.free_port()
        service = harness.Service(port=port, args=self.backend.service_args(port)).start()
        self.addCleanup(service.stop)
        return service

    def restart_service(self, between=None):
        """Stops the service (SIGTERM, exit 0), runs `between`, starts it again on the same
        database and port."""
        self.service.stop()
        if between:
            between()
        self.service = self.start_service(self.service.port)
        return self.service


# --- JSON Schema (the subset docs/openapi.yaml uses) ----------------------------------------

ANNOTATIONS = {"description", "default", "title", "example", "examples", "format", "deprecated"}
KNOWN = ANNOTATIONS | {"$ref", "type", "required", "properties", "additionalProperties", "pattern", "enum",
                       "const", "minimum", "maximum", "minLength", "maxLength", "items"}
JSON_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def load_document():
    with open(document_path, encoding="utf-8") as file:
        return yaml.safe_load(file)


def resolve(document, node):
    """Follows `$ref` (only local ones, '#/components/...') until a node without one."""
    seen = set()
    while isinstance(node, dict) and "$ref" in node:
        reference = node["$ref"]
        if not reference.startswith("#/components/") or reference in seen:
            raise ValueError(f"unsupported or circular $ref {reference!r}")
        seen.add(reference)
        target = document
        for part in reference[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def validate(instance, schema, document, where="$"):
    """The list of ways `instance` breaks `schema` (empty when it conforms)."""
    if schema is True or schema == {}:
        return []
    if schema is False:
        return [f"{where}: nothing is allowed here"]
    unknown = set(schema) - KNOWN
    if unknown:
        return [f"{where}: the validator does not know {sorted(unknown)}"]
    if "$ref" in schema:
        errors = validate(instance, resolve(document, {"$ref": schema["$ref"]}), document, where)
        rest = {k: v for k, v in schema.items() if k != "$ref"}
        return errors + (validate(instance, rest, document, where) if rest else [])
    errors = []
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(JSON_TYPES[name](instance) for name in types):
            return [f"{where}: {instance!r} is not of type {schema['type']}"]
    if "enum" in schema and instance not in schema["enum"]:
        errors.append(f"{where}: {instance!r} is not one of {schema['enum']}")
    if "const" in schema and instance != schema["const"]:
        errors.append(f"{where}: {instance!r} is not {schema['const']!r}")
    if isinstance(instance, str):
        if "pattern" in schema and not re.search(schema["pattern"], instance):
            errors.append(f"{where}: {instance!r} does not match {schema['pattern']}")
        if len(instance) < schema.get("minLength", 0):
            errors.append(f"{where}: shorter than {schema['minLength']}")
        if "maxLength" in schema and len(instance) > schema["maxLength"]:
            errors.append(f"{where}: longer than {schema['maxLength']}")
    if JSON_TYPES["number"](instance):
        if "minimum" in schema and instance < schema["minimum"]:
            errors.append(f"{where}: {instance} < minimum {schema['minimum']}")
        if "maximum" in schema and instance > schema["maximum"]:
            errors.append(f"{where}: {instance} > maximum {schema['maximum']}")
    if isinstance(instance, list) and "items" in schema:
        for index, item in enumerate(instance):
            errors += validate(item, schema["items"], document, f"{where}[{index}]")
    if isinstance(instance, dict):
        for name in schema.get("required", []):
            if name not in instance:
                errors.append(f"{where}: the required property {name!r} is missing")
        properties = schema.get("properties", {})
        for name, value in instance.items():
            if name in properties:
                errors += validate(value, properties[name], document, f"{where}.{name}")
            elif "additionalProperties" in schema:
                errors += validate(value, schema["additionalProperties"], document, f"{where}.{name}")
    return errors


def operations(document):
    """Every documented (path template, METHOD, operation)."""
    methods = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
    return [(path, method.upper(), operation) for path, item in document["paths"].items()
            for method, operation in item.items() if method in methods]


def template_regex(template):
    """A path template such as /v1/accounts/{account_id} as a regex matching concrete paths."""
    return re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")


def documented_template(document, path):
    """The documented path template a concrete path (without query) falls under, or None."""
    for template in document["paths"]:
        if template_regex(template).match(path):
            return template
    return None


def router_paths():
    """Concrete paths made of the path templates of the service's router
    (src/adapters/http/router.cpp), each `{id}` replaced by `1`."""
    with open(router_path, encoding="utf-8") as file:
        templates = set(re.findall(r'"(/[^"\s]*)"', file.read()))
    return sorted(re.sub(r"\{[^/}]*\}", "1", template) for template in templates)


# --- a relay in front of MariaDB that can be cut ---------------------------------------------

class CuttableRelay:
    """Listens on a loopback port and relays every connection to the test MariaDB; cut()
    closes the listener and every relayed connection, so that the database looks down."""

    def __init__(self):
        parsed = urllib.parse.urlsplit(harness.database_url())
        self.upstream = (parsed.hostname, parsed.port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = harness.database_url().replace(parsed.netloc.split("@")[-1], f"127.0.0.1:{self.port}", 1)
        self.sockets, self.lock = [], threading.Lock()
        threading.Thread(target=self.accept_loop, daemon=True).start()

    def accept_loop(self):
        while True:
            try:
                client, _ = self.listener.accept()
                server = socket.create_connection(self.upstream, timeout=harness.timeout_request_s)
                server.settimeout(None)
            except OSError:
                return
            with self.lock:
                self.sockets += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self.pump, args=(source, target), daemon=True).start()

    @staticmethod
    def pump(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for end in (source, target):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self):
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept loop on Linux
        except OSError:
            pass
        self.listener.close()
        with self.lock:
            for end in self.sockets:
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                end.close()
