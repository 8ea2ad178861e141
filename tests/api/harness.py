"""Shared code of the black-box API tests (tests/api/*_test.py).

Each test runs a real node: `accord init` makes a data directory in a
temporary folder, `accord serve --listen 127.0.0.1:0` starts it, and the
tests talk HTTP to it, as any client would. Nothing here knows the node's
internals: what a response must look like comes from /tmp/api-spec.md as
written down in docs/api/openapi.yaml, and from DESIGN.md and
docs/visibility.md.

Run with Debian's interpreter (/usr/bin/python3): it has python3-jsonschema
(4.10) and python3-yaml. The standard library does the rest.
"""

import datetime
import hashlib
import http.client
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

try:
    import jsonschema
    import yaml
except ImportError as error:  # the tests must fail, not skip, without them
    print(f"FAIL: {error}: install python3-jsonschema and python3-yaml (scripts/setup) "
          f"and run with /usr/bin/python3", file=sys.stderr)
    sys.exit(1)

# How long the node may take to print its "is up" line (it verifies its log
# in full on start).
START_TIMEOUT_SECONDS = 30
# SIGTERM gives requests in flight 10 s (docs/configuration.md); a little more.
STOP_TIMEOUT_SECONDS = 15
REQUEST_TIMEOUT_SECONDS = 30
# A 429 is retried after its Retry-After, at most this many times per request.
MAX_RATE_LIMIT_RETRIES = 20

# What AddressSanitizer, LeakSanitizer and UBSan print when the binary is built with
# -DACCORD_SANITIZE=ON: the tests then also fail on a sanitizer report.
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:")
UP_LINE = re.compile(r"^accord node (\S+) is up at http://([0-9.]+|\[[0-9a-fA-F:]+\]):([0-9]+)/\s*$")
TLP_ORDER = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]


class TestFailure(Exception):
    """A check failed; the message says which request, what was expected, what came."""


def fail(message):
    raise TestFailure(message)


class Failures:
    """Collects failures so that one run reports every difference, not the first."""

    def __init__(self, limit=400):
        self.messages = []
        self.limit = limit
        self.checks = 0

    def check(self, condition, message):
        self.checks += 1
        if not condition:
            self.add(message)
        return condition

    def add(self, message):
        self.messages.append(message)

    def raise_if_any(self, what):
        if not self.messages:
            return
        # The same message from several requests is shown once, with its count.
        counts = {}
        for message in self.messages:
            counts[message] = counts.get(message, 0) + 1
        lines = [m if n == 1 else f"{m} (x{n})" for m, n in counts.items()]
        shown = lines[: self.limit]
        more = len(lines) - len(shown)
        text = f"{len(self.messages)} {what}:\n  - " + "\n  - ".join(shown)
        if more:
            text += f"\n  ... and {more} more"
        fail(text)


# ---------------------------------------------------------------- HTTP

class Response:
    def __init__(self, method, path, status, headers, body):
        self.method = method
        self.path = path
        self.status = status
        self.headers = headers  # lower-case name -> value (last one wins)
        self.body = body        # bytes

    def header(self, name):
        return self.headers.get(name.lower())

    def media_type(self):
        value = self.header("content-type") or ""
        return value.split(";")[0].strip().lower()

    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError as error:
            fail(f"{self.describe()}: body is not JSON ({error}): {self.text()[:300]!r}")

    def describe(self):
        return f"{self.method} {self.path} -> {self.status}"

    def problem_type(self):
        if self.media_type() != "application/problem+json":
            return None
        try:
            return json.loads(self.body).get("type")
        except ValueError:
            return None


class Client:
    """One HTTP/1.1 client; a new connection per request keeps threads apart."""

    def __init__(self, host, port):
        self.host = host
        self.port = port
        self.rate_limited = 0  # 429s seen and retried

    def request(self, method, path, body=None, token=None, content_type=None, headers=None,
                retry_rate_limit=True, timeout=REQUEST_TIMEOUT_SECONDS):
        """Sends one request. `body` may be bytes, str, or a JSON-able value (sent as
        application/json unless `content_type` says otherwise). A 429 is retried after its
        Retry-After unless `retry_rate_limit` is false. Returns a Response."""
        send_headers = dict(headers or {})
        payload = None
        if body is not None:
            if isinstance(body, bytes):
                payload = body
            elif isinstance(body, str):
                payload = body.encode("utf-8")
            else:
                payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
            if content_type != "":  # "" sends the body without a Content-Type
                send_headers.setdefault("Content-Type", content_type or "application/json")
        elif content_type:
            send_headers["Content-Type"] = content_type
        if token:
            send_headers["Authorization"] = f"Bearer {token}"
        for attempt in range(MAX_RATE_LIMIT_RETRIES + 1):
            try:
                response = self._once(method, path, payload, send_headers, timeout)
            except (OSError, http.client.HTTPException) as error:
                raise TestFailure(f"{method} {path}: no answer from the node: "
                                  f"{type(error).__name__}: {error}") from error
            if response.status != 429 or not retry_rate_limit:
                return response
            self.rate_limited += 1
            wait = response.header("retry-after") or "1"
            time.sleep(min(float(wait) if wait.isdigit() else 1.0, 10.0))
        return response

    def _once(self, method, path, payload, headers, timeout):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request(method, path, body=payload, headers=headers)
            raw = connection.getresponse()
            body = raw.read()
            found = {}
            for name, value in raw.getheaders():
                found[name.lower()] = value
            return Response(method, path, raw.status, found, body)
        finally:
            connection.close()


# ---------------------------------------------------------------- the node

class Node:
    """An accord node in a temporary data directory.

    `Node(accord, repo)` runs `accord init`; `start()` runs `accord serve`
    and waits for its "is up" line; `stop()` sends SIGTERM (then SIGKILL);
    `kill()` sends SIGKILL at once; `close()` stops it and removes the
    directory. Use it as a context manager."""

    def __init__(self, accord, repo, keep=False):
        self.accord = str(pathlib.Path(accord).resolve())
        self.repo = pathlib.Path(repo).resolve()
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="accord-api-test-"))
        self.data = self.tmp / "data"
        self.keep = keep
        self.process = None
        self.client = None
        self.origin = None
        self.starts = 0
        self.sanitizer_reports = []  # (what ran, the report's first lines)
        self._stdout_lines = []
        init = self.run_cli(["init", "--data", str(self.data)])
        if init.returncode != 0:
            fail(f"accord init --data {self.data} exited {init.returncode}: {init.stderr.strip()}")

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        try:
            self.stop()
        finally:
            reports = self.sanitizer_reports
            self.close()
        if reports:
            text = "sanitizer reports:\n" + "\n".join(f"{what}: {t}" for what, t in reports)
            if exc_type is None:
                fail(text)
            print(text, file=sys.stderr)  # besides the failure on its way out

    def _scan(self, what, text):
        for marker in SANITIZER_MARKERS:
            at = text.find(marker)
            if at >= 0:
                self.sanitizer_reports.append((what, text[max(0, at - 200):at + 1500]))
                return

    def run_cli(self, args, timeout=300):
        """Runs `accord ARGS` to completion; returns the CompletedProcess."""
        result = subprocess.run([self.accord] + list(args), capture_output=True, text=True,
                                timeout=timeout, cwd=str(self.tmp))
        self._scan(f"accord {' '.join(args)}", result.stderr)
        return result

    def start(self):
        if self.process is not None:
            fail("harness: start() on a running node")
        self.starts += 1
        stderr_path = self.tmp / f"serve-{self.starts}.stderr"
        self._stderr = open(stderr_path, "wb")
        self.process = subprocess.Popen(
            [self.accord, "serve", "--data", str(self.data), "--listen", "127.0.0.1:0"],
            stdout=subprocess.PIPE, stderr=self._stderr, cwd=str(self.tmp),
            # Its own process group: a test's SIGINT does not reach it first.
            start_new_session=True)
        found = {}
        ready = threading.Event()

        def read_stdout(stream):
            for raw in stream:
                line = raw.decode("utf-8", errors="replace")
                self._stdout_lines.append(line)
                match = UP_LINE.match(line)
                if match and not ready.is_set():
                    found["origin"], found["host"], found["port"] = match.groups()
                    ready.set()
            ready.set()

        threading.Thread(target=read_stdout, args=(self.process.stdout,), daemon=True).start()
        ready.wait(START_TIMEOUT_SECONDS)
        if "port" not in found:
            code = self.process.poll()
            self.kill()
            fail(f"accord serve --data {self.data} did not print 'accord node ... is up at "
                 f"http://HOST:PORT/' within {START_TIMEOUT_SECONDS} s (exit status {code}); "
                 f"stdout: {''.join(self._stdout_lines)[-500:]!r}; stderr: "
                 f"{self.stderr_tail()!r}")
        self.origin = found["origin"]
        host = found["host"].strip("[]")
        self.client = Client(host, int(found["port"]))
        return self

    def stderr_tail(self, size=1500):
        try:
            text = (self.tmp / f"serve-{self.starts}.stderr").read_text(errors="replace")
        except OSError:
            return ""
        return text[-size:]

    def stop(self):
        """SIGTERM, then SIGKILL after STOP_TIMEOUT_SECONDS. Returns the exit status."""
        if self.process is None:
            return None
        code = None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                code = self.process.wait(STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                code = self.process.wait()
        else:
            code = self.process.returncode
        self._forget()
        return code

    def kill(self):
        """SIGKILL now, as a crash."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._forget()

    def _forget(self):
        if self.process.stdout:
            self.process.stdout.close()
        self._stderr.close()
        self._scan(f"accord serve (start {self.starts})", self.stderr_tail(size=1 << 24))
        self.process = None
        self.client = None

    def close(self):
        try:
            self.stop()
        finally:
            if not self.keep:
                shutil.rmtree(self.tmp, ignore_errors=True)

    def alive(self):
        return self.process is not None and self.process.poll() is None

    # The bootstrap secretariat token the node writes on its first start:
    # DIR/private/secretariat.token as planned, or DIR/secretariat.token where
    # the node writes it today (the data directory itself is mode 0700).
    def secretariat_token(self):
        paths = [self.data / "private" / "secretariat.token", self.data / "secretariat.token"]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            for path in paths:
                if path.exists():
                    token = path.read_text().strip()
                    if token:
                        return token
            time.sleep(0.05)
        fail(f"the node did not write its bootstrap secretariat token to "
             f"{' or '.join(map(str, paths))} on first start")

    def cli_client_args(self):
        """`--node URL --token-file FILE`: how an `accord` command reaches this
        running node as its secretariat (call secretariat_token() first)."""
        return ["--node", f"http://127.0.0.1:{self.client.port}",
                "--token-file", str(self.data / "secretariat.token")]

    def request(self, *args, **kwargs):
        if self.client is None:
            fail("harness: request to a node that is not running")
        return self.client.request(*args, **kwargs)


def expect_status(response, status, what=""):
    """Fails unless `response` has `status`; returns the response."""
    if response.status != status:
        fail(f"{what + ': ' if what else ''}{response.describe()}, expected {status}; "
             f"body: {response.text()[:600]}")
    return response


def expect_json(response, status, what=""):
    return expect_status(response, status, what).json()


# ---------------------------------------------------------------- parties, tokens, reports

class Party:
    """A registered party and one bearer token for it (None for the public reader)."""

    def __init__(self, label, kind, party_id, token, state=None, client_of=()):
        self.label = label
        self.kind = kind
        self.id = party_id
        self.token = token
        self.state = state
        self.client_of = list(client_of)

    def __repr__(self):
        return self.label


def find_secretariat(node, token):
    """The bootstrap secretariat as a Party, found in the directory."""
    parties = expect_json(node.request("GET", "/v1/parties", token=token), 200,
                          "list parties as the secretariat")
    for item in parties.get("items", []):
        if item.get("kind") == "secretariat":
            return Party("secretariat", "secretariat", item["id"], token)
    fail("GET /v1/parties: no party of kind secretariat, although the node made one on first start")


def register_party(node, secretariat_token, label, kind, name, state=None, client_of=(),
                   contacts=None):
    """POST /v1/parties, then POST /v1/tokens for it; returns the Party."""
    body = {"kind": kind, "name": name}
    if state:
        body["state"] = state
    if client_of:
        body["client_of"] = list(client_of)
    if contacts:
        body["contacts"] = contacts
    receipt = expect_json(node.request("POST", "/v1/parties", body, token=secretariat_token), 201,
                          f"register {label}")
    party_id = receipt["id"]
    token = issue_token(node, secretariat_token, party_id, label)
    return Party(label, kind, party_id, token, state, client_of)


def issue_token(node, secretariat_token, party_id, label=""):
    receipt = expect_json(node.request("POST", "/v1/tokens", {"party_id": party_id},
                                       token=secretariat_token), 201, f"issue a token for {label}")
    return receipt["token"]


def revoke_token(node, secretariat_token, token_id):
    """POST /v1/tokens/{id}/revoke as the contract has it (no body). A node that insists on
    a JSON body (415) gets `{}` instead, so that tests of other things can go on; the
    contract test reports that difference. Returns the final response."""
    response = node.request("POST", f"/v1/tokens/{token_id}/revoke", token=secretariat_token)
    if response.status == 415:
        response = node.request("POST", f"/v1/tokens/{token_id}/revoke", {},
                                token=secretariat_token)
    return response


def new_report_id():
    return f"incident-report--{uuid.uuid4()}"


def load_demo(repo, name="2015-12-ukraine-power-grid.json"):
    """A report of data/demo as a dict (a template: give it a fresh id)."""
    path = pathlib.Path(repo) / "data" / "demo" / name
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as error:
        fail(f"cannot read the demo report {path}: {error}")


def demo_names(repo):
    return sorted(p.name for p in (pathlib.Path(repo) / "data" / "demo").glob("*.json"))


def report_as(template, reporter, report_id=None):
    """A copy of `template` with a fresh id (or `report_id`) and `reporter`."""
    report = json.loads(json.dumps(template))
    report["id"] = report_id or new_report_id()
    report["reporter"] = dict(reporter)
    return report


def state_reporter(state):
    return {"kind": "state", "state": state}


def submit(node, token, report, recipients=None, scrub_names=None, retry_rate_limit=True):
    body = {"report": report}
    if recipients is not None:
        body["recipients"] = list(recipients)
    if scrub_names is not None:
        body["scrub_names"] = list(scrub_names)
    return node.request("POST", "/v1/reports", body, token=token, retry_rate_limit=retry_rate_limit)


def list_all_reports(node, token, query=""):
    """Every item of GET /v1/reports?query, following next_cursor. Returns (items, pages)."""
    items, pages, cursor = [], [], None
    for _ in range(1000):
        path = "/v1/reports?limit=200" + (f"&{query}" if query else "")
        if cursor:
            path += "&cursor=" + urlquote(cursor)
        response = node.request("GET", path, token=token)
        page = expect_json(response, 200, "list reports")
        pages.append(response)
        items.extend(page.get("items", []))
        cursor = page.get("next_cursor")
        if not cursor:
            return items, pages
    fail(f"GET /v1/reports?{query}: more than 1000 pages; next_cursor does not end")


def urlquote(text):
    from urllib.parse import quote
    return quote(text, safe="")


# ---------------------------------------------------------------- the log

def log_size(node):
    """The tree size of the latest checkpoint (GET /log/checkpoint)."""
    text = expect_status(node.request("GET", "/log/checkpoint"), 200, "read the checkpoint").text()
    lines = text.split("\n")
    if len(lines) < 3 or not lines[1].isdigit():
        fail(f"GET /log/checkpoint: not a C2SP checkpoint: {text[:200]!r}")
    return int(lines[1])


def tile_index_path(index):
    """C2SP tlog-tiles: N in groups of three digits, all but the last prefixed with x."""
    digits = f"{index:d}"
    digits = "0" * (-len(digits) % 3) + digits
    groups = [digits[i:i + 3] for i in range(0, len(digits), 3)]
    return "/".join(["x" + g for g in groups[:-1]] + [groups[-1]])


def read_log_entries(node, size=None):
    """Every entry of the log up to `size` (default: the checkpoint's), read from the entry
    bundles at /log/tile/entries/..., as a list of bytes."""
    if size is None:
        size = log_size(node)
    entries = []
    for tile in range((size + 255) // 256):
        width = min(256, size - tile * 256)
        path = "/log/tile/entries/" + tile_index_path(tile) + ("" if width == 256 else f".p/{width}")
        bundle = expect_status(node.request("GET", path), 200, "read an entry bundle").body
        offset, found = 0, []
        while offset < len(bundle):
            if offset + 2 > len(bundle):
                fail(f"GET {path}: truncated length prefix at byte {offset}")
            length = int.from_bytes(bundle[offset:offset + 2], "big")
            offset += 2
            if offset + length > len(bundle):
                fail(f"GET {path}: entry {len(found)} runs past the end of the bundle")
            found.append(bundle[offset:offset + length])
            offset += length
        if len(found) != width:
            fail(f"GET {path}: {len(found)} entries, expected {width}")
        entries.extend(found)
    return entries


def decode_events(entries):
    """The log entries as JSON events; fails naming the index of one that is not JSON."""
    events = []
    for index, entry in enumerate(entries):
        try:
            events.append(json.loads(entry.decode("utf-8")))
        except (UnicodeDecodeError, ValueError) as error:
            fail(f"log entry {index} is not UTF-8 JSON: {error}: {entry[:200]!r}")
    return events


# ---------------------------------------------------------------- the OpenAPI document

RFC3339 = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$")


def _date_time(value):
    if not isinstance(value, str):
        return True
    if not RFC3339.match(value):
        return False
    try:
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00")
                                        .replace("t", "T"))
    except ValueError:
        return False
    return True


def format_checker():
    checker = jsonschema.FormatChecker()
    # jsonschema 4.10 checks date-time only with an optional package Debian lacks.
    checker.checks("date-time")(_date_time)
    return checker


class ApiDocument:
    """docs/api/openapi.yaml with a JSON Schema resolver that works offline: the incident
    report schema it references (../schema/incident-report.schema.json) is preloaded."""

    def __init__(self, repo):
        self.path = pathlib.Path(repo).resolve() / "docs" / "api" / "openapi.yaml"
        try:
            self.doc = yaml.safe_load(self.path.read_text())
        except (OSError, yaml.YAMLError) as error:
            fail(f"cannot read {self.path}: {error}")
        self.base_uri = self.path.as_uri()
        report_schema_path = self.path.parent.parent / "schema" / "incident-report.schema.json"
        report_schema = json.loads(report_schema_path.read_text())
        store = {report_schema_path.as_uri(): report_schema}
        if "$id" in report_schema:
            store[report_schema["$id"]] = report_schema
        self.resolver = jsonschema.RefResolver(self.base_uri, self.doc, store=store)
        self.formats = format_checker()

    def operations(self):
        """{(METHOD, path template): operation} for every operation of the document."""
        found = {}
        for path, item in self.doc.get("paths", {}).items():
            for method, operation in item.items():
                if method in ("get", "put", "post", "delete", "patch", "head", "options", "trace"):
                    found[(method.upper(), path)] = operation
        return found

    def deref(self, node):
        """Follows an OpenAPI-level {"$ref": "#/..."} (responses, parameters, headers)."""
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 10:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                fail(f"{self.path}: only local references are expected here, found {ref}")
            target = self.doc
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
            seen += 1
        return node

    def schema(self, name):
        return self.doc["components"]["schemas"][name]

    def validate(self, instance, schema):
        """Every error of `instance` against `schema` (a schema object of this document) as
        'pointer: message' strings."""
        validator = jsonschema.Draft202012Validator(schema, resolver=self.resolver,
                                                    format_checker=self.formats)
        errors = []
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
            pointer = "".join("/" + str(part) for part in error.absolute_path)
            errors.append(f"{pointer or '/'}: {error.message[:300]}")
        return errors

    def check_response(self, method, template, response):
        """Checks `response` against the document's operation (method, template): a
        documented status, a documented Content-Type, the documented required headers, and
        the body against the schema. Returns a list of problems (empty when it conforms)."""
        operation = self.operations().get((method, template))
        where = f"{response.describe()} ({method} {template})"
        if operation is None:
            return [f"{where}: the document has no operation {method} {template}"]
        responses = operation.get("responses", {})
        documented = responses.get(str(response.status)) or responses.get("default")
        if documented is None:
            return [f"{where}: status {response.status} is not documented "
                    f"(documented: {', '.join(sorted(responses))}); body: {response.text()[:300]}"]
        documented = self.deref(documented)
        problems = []
        for name, header in (documented.get("headers") or {}).items():
            header = self.deref(header)
            value = response.header(name)
            if header.get("required") and value is None:
                problems.append(f"{where}: required header {name} is missing")
            elif value is not None and "schema" in header:
                for error in self.validate(value, header["schema"]):
                    problems.append(f"{where}: header {name}: {value!r}: {error}")
        content = documented.get("content") or {}
        if not content:
            if response.body:
                problems.append(f"{where}: a body where the document describes none")
            return problems
        media_types = {key.split(";")[0].strip().lower(): (key, value)
                       for key, value in content.items()}
        got_type = response.header("content-type")
        media = response.media_type()
        if media not in media_types:
            problems.append(f"{where}: Content-Type {got_type!r}, documented: "
                            f"{', '.join(sorted(content))}; body: {response.text()[:200]}")
            return problems
        key, description = media_types[media]
        if ";" in key:
            # A documented parameter (charset, version) must be sent as documented.
            want = [p.strip().lower() for p in key.split(";")[1:]]
            have = [p.strip().lower() for p in (got_type or "").split(";")[1:]]
            for parameter in want:
                if parameter not in have:
                    problems.append(f"{where}: Content-Type {got_type!r} lacks {parameter!r} "
                                    f"(documented: {key!r})")
        schema = description.get("schema")
        if schema is None:
            return problems
        if media == "application/json" or media.endswith("+json"):
            try:
                body = json.loads(response.body)
            except ValueError as error:
                return problems + [f"{where}: body is not JSON: {error}"]
            for error in self.validate(body, schema):
                problems.append(f"{where}: body {error}")
        elif media.startswith("text/"):
            try:
                text = response.body.decode("utf-8")
            except UnicodeDecodeError as error:
                return problems + [f"{where}: text body is not UTF-8: {error}"]
            for error in self.validate(text, schema):
                problems.append(f"{where}: body {error}")
        elif not response.body:
            problems.append(f"{where}: empty body")
        return problems


# ---------------------------------------------------------------- running a test

def main(test, usage):
    """Runs `test(accord, repo)`; prints its one-line summary, or FAIL and the reason."""
    if len(sys.argv) != 3:
        print(f"usage: {usage}", file=sys.stderr)
        sys.exit(2)
    accord, repo = sys.argv[1], sys.argv[2]
    if not os.access(accord, os.X_OK):
        print(f"FAIL: {accord} is not an executable accord binary", file=sys.stderr)
        sys.exit(1)
    name = pathlib.Path(sys.argv[0]).stem
    started = time.monotonic()
    try:
        summary = test(accord, repo)
    except TestFailure as failure:
        print(f"FAIL {name}: {failure}", file=sys.stderr)
        sys.exit(1)
    print(f"PASS {name}: {summary} ({time.monotonic() - started:.1f} s)")


def sha256_base64(data):
    import base64
    return base64.b64encode(hashlib.sha256(data).digest()).decode()
