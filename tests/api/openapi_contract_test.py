#!/usr/bin/python3
"""The node's HTTP API against its description, docs/api/openapi.yaml.

(a) The routes the node registers (`accord routes`: one "METHOD /pattern"
    line per route) are exactly the operations of the document, both ways.
(b) Every documented operation is called for its success status and at
    least one documented error status, and every response is checked
    against the document: its status is documented for the operation, its
    Content-Type is one documented for that status, the documented required
    headers are present (X-Request-Id on all), and the body validates
    against the schema (JSON Schema 2020-12; accord's objects forbid
    undocumented members). Log entries are checked against LogEvent.

Usage: openapi_contract_test.py ACCORD_BINARY REPO_ROOT
"""

import base64
import hashlib
import json
import re
import time
import uuid

import harness
from harness import Failures, Node, TestFailure

# Operations whose only documented error is 500: no request can provoke one.
NO_ERROR_STATUS = {("GET", "/healthz"), ("GET", "/metrics"), ("GET", "/log/checkpoint"),
                   ("GET", "/log/vkey"), ("GET", "/v1/transparency/reports")}
# How many requests the rate-limit phase may send before giving up.
RATE_LIMIT_PROBE_REQUESTS = 3000


def normalize_pattern(pattern):
    """The router writes a rest-of-path capture "{name...}"; OpenAPI cannot, and writes
    "{name}" with x-accord-rest-of-path (see the document's header)."""
    return re.sub(r"\{([A-Za-z_][A-Za-z0-9_]*)\.\.\.\}", r"{\1}", pattern)


def node_routes(node):
    """The node's route table from `accord routes`, as a set of (METHOD, pattern)."""
    attempts = [["routes"], ["routes", "--data", str(node.data)]]
    last = None
    for args in attempts:
        result = node.run_cli(args, timeout=60)
        last = (args, result)
        if result.returncode == 0:
            routes = set()
            for line in result.stdout.splitlines():
                line = line.strip()
                if not line:
                    continue
                parts = line.split()
                if len(parts) != 2 or not parts[1].startswith("/"):
                    raise TestFailure(f"accord {' '.join(args)}: line {line!r} is not "
                                      f"'METHOD /pattern'")
                routes.add((parts[0].upper(), parts[1]))
            if not routes:
                raise TestFailure(f"accord {' '.join(args)} printed no routes")
            return routes
    args, result = last
    raise TestFailure(f"accord {' '.join(args)} exited {result.returncode}: "
                      f"{(result.stderr or result.stdout).strip()[:400]}")


def compare_routes(node, api, failures):
    documented = set(api.operations())
    try:
        registered = node_routes(node)
    except TestFailure as error:
        failures.add(f"route table: {error}")
        return 0
    normalized = {(method, normalize_pattern(pattern)): pattern for method, pattern in registered}
    for method, path in sorted(set(normalized) - documented):
        failures.add(f"route table: the node registers {method} {normalized[(method, path)]} "
                     f"but docs/api/openapi.yaml has no such operation")
    for method, path in sorted(documented - set(normalized)):
        failures.add(f"route table: docs/api/openapi.yaml documents {method} {path} but the "
                     f"node does not register it (`accord routes`)")
    # A rest-of-path capture must be marked as such in the document, and only it.
    for (method, path), pattern in normalized.items():
        if (method, path) not in documented:
            continue
        for name in re.findall(r"\{([A-Za-z_][A-Za-z0-9_]*)\.\.\.\}", pattern):
            parameter = find_parameter(api, method, path, name)
            failures.check(parameter is not None and parameter.get("x-accord-rest-of-path"),
                           f"route table: {method} {pattern} captures the rest of the path in "
                           f"{{{name}...}}; the document's parameter {name} must say "
                           f"x-accord-rest-of-path: true")
    return len(registered)


def find_parameter(api, method, path, name):
    item = api.doc["paths"][path]
    for parameter in (item.get("parameters") or []) + \
            (item[method.lower()].get("parameters") or []):
        parameter = api.deref(parameter)
        if parameter.get("name") == name and parameter.get("in") == "path":
            return parameter
    return None


def check_document(api, failures):
    """The document's own consistency: valid schemas, declared path parameters, every
    response with X-Request-Id and a body type, errors as problem+json."""
    import jsonschema
    for name, schema in api.doc["components"]["schemas"].items():
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as error:
            failures.add(f"openapi.yaml: components/schemas/{name} is not a valid JSON Schema: "
                         f"{error.message}")
    failures.check(api.doc.get("openapi") == "3.1.0", "openapi.yaml: openapi must be 3.1.0")
    for (method, path), operation in api.operations().items():
        where = f"openapi.yaml {method} {path}"
        for name in re.findall(r"\{([^}]+)\}", path):
            failures.check(find_parameter(api, method, path, name) is not None,
                           f"{where}: path parameter {name} is not declared")
        responses = operation.get("responses") or {}
        failures.check(any(code.startswith("2") for code in responses),
                       f"{where}: no success response")
        for code, response in responses.items():
            response = api.deref(response)
            headers = response.get("headers") or {}
            failures.check("X-Request-Id" in headers,
                           f"{where} {code}: X-Request-Id is not documented")
            content = response.get("content") or {}
            failures.check(bool(content), f"{where} {code}: no content type")
            if code[0] in "45":
                # TAXII clients read TAXII error messages (TAXII 3.6.1), not problem+json.
                wanted = (["application/taxii+json;version=2.1"] if path.startswith("/taxii2/")
                          else ["application/problem+json"])
                failures.check(list(content) == wanted,
                               f"{where} {code}: errors must be {wanted[0]}")
            if code == "401":
                failures.check("WWW-Authenticate" in headers,
                               f"{where} 401: WWW-Authenticate is not documented")
            if code == "429":
                failures.check("Retry-After" in headers,
                               f"{where} 429: Retry-After is not documented")
        security = operation.get("security", api.doc.get("security"))
        public = security == [] or {} in (security or [])
        if method != "GET" and path.startswith("/v1/") and path != "/v1/canonical-json":
            failures.check(not public and "401" in responses,
                           f"{where}: a write must require bearerAuth and document 401")


class Exerciser:
    """Calls operations, checks every response against the document, records coverage."""

    def __init__(self, node, api, failures):
        self.node = node
        self.api = api
        self.failures = failures
        self.seen = {key: set() for key in api.operations()}
        self.responses = 0

    def call(self, method, template, url, expect, body=None, token=None, content_type=None,
             headers=None, retry_rate_limit=True, what=""):
        """Sends the request, checks the response against the document and against
        `expect` (a status or a set of them). Returns the response."""
        response = self.node.request(method, url, body=body, token=token,
                                     content_type=content_type, headers=headers,
                                     retry_rate_limit=retry_rate_limit)
        self.responses += 1
        expected = {expect} if isinstance(expect, int) else set(expect)
        label = f"{what}: " if what else ""
        if response.status not in expected:
            self.failures.add(f"{label}{method} {url}: expected {sorted(expected)}, got "
                              f"{response.status}: {response.text()[:400]}")
        if (method, template) in self.seen:
            self.seen[(method, template)].add(response.status)
        for problem in self.api.check_response(method, template, response):
            self.failures.add(label + problem)
        self.failures.check(response.header("x-request-id"),
                            f"{label}{response.describe()}: no X-Request-Id header")
        return response

    def json_of(self, response, status, what):
        """The JSON body when the status is `status`; else a TestFailure (the steps after
        it depend on it)."""
        if response.status != status:
            raise TestFailure(f"{what}: {response.describe()}, expected {status}; cannot go on "
                              f"with the steps that need it: {response.text()[:400]}")
        return response.json()


def exercise(node, api, failures):
    ex = Exerciser(node, api, failures)
    call = ex.call
    try:
        exercise_node_routes(ex, call)
        exercise_registry(node, ex, call, node.secretariat_token())
    except TestFailure as error:
        failures.add(f"stopped exercising: {error}")
    try:
        exercise_notifications(node, ex, call, node.secretariat_token())
    except TestFailure as error:
        failures.add(f"stopped exercising the notifications: {error}")
    try:
        exercise_responses(node, ex, call, node.secretariat_token())
    except TestFailure as error:
        failures.add(f"stopped exercising the responses: {error}")
    try:
        exercise_cases(node, ex, call, node.secretariat_token())
    except TestFailure as error:
        failures.add(f"stopped exercising the cases: {error}")
    try:
        exercise_imports(node, ex, call, node.secretariat_token())
    except TestFailure as error:
        failures.add(f"stopped exercising the imports: {error}")
    try:
        exercise_taxii(node, ex, call, node.secretariat_token())
    except TestFailure as error:
        failures.add(f"stopped exercising TAXII: {error}")
    try:
        exercise_transparency(ex, call)
    except TestFailure as error:
        failures.add(f"stopped exercising the transparency reports: {error}")
    try:
        exercise_log(node, api, ex, call, failures)
    except TestFailure as error:
        failures.add(f"stopped exercising the log: {error}")
    rate_limited = exercise_rate_limit(node, ex, call)
    return ex, rate_limited


def exercise_node_routes(ex, call):
    call("GET", "/healthz", "/healthz", 200)
    call("GET", "/metrics", "/metrics", 200)
    names = ex.api.doc["paths"]["/problems/{name}"]["get"]["parameters"][0]["schema"]["enum"]
    for name in names:
        call("GET", "/problems/{name}", f"/problems/{name}", 200,
             what=f"every problem type is documented on the node ({name})")
    call("GET", "/problems/{name}", "/problems/no_such_problem", 404)

    # RFC 8785 section 3.2.3 (key order) and 3.2.2.2 (strings: no escape for é).
    response = call("POST", "/v1/canonical-json", "/v1/canonical-json", 200,
                    body=b'{ "b": 1, "a": [true, null, "\\u00e9"] }')
    if response.status == 200:
        want = '{"a":[true,null,"\u00e9"],"b":1}'.encode("utf-8")
        ex.failures.check(response.body == want,
                          f"POST /v1/canonical-json: body {response.body!r}, expected {want!r}")
        digest = "sha-256=:" + base64.b64encode(hashlib.sha256(response.body).digest()).decode() + ":"
        ex.failures.check(response.header("repr-digest") == digest,
                          f"POST /v1/canonical-json: Repr-Digest {response.header('repr-digest')!r}, "
                          f"expected {digest!r}")
    call("POST", "/v1/canonical-json", "/v1/canonical-json", 400, body=b'{"a":')
    call("POST", "/v1/canonical-json", "/v1/canonical-json", 415, body=b'{}',
         content_type="text/plain")


def contacts(label):
    return {"public": [{"role": "point-of-contact", "name": f"{label} desk",
                        "email": f"{label.lower()}@example.org", "hours": "24/7"}],
            "restricted": [{"role": "national-cert", "name": f"{label} duty officer",
                            "email": f"{label.lower()}-duty@example.org", "phone": "+3225550100"}]}


def exercise_registry(node, ex, call, secretariat_token):
    S = secretariat_token
    # --- parties
    register = lambda body, expect, token=S, **kw: call("POST", "/v1/parties", "/v1/parties",
                                                        expect, body=body, token=token, **kw)
    response = register({"kind": "state", "name": "Contract State A", "state": "PL",
                         "contacts": contacts("StateA")}, 201)
    state_a = ex.json_of(response, 201, "register state A")
    ex.failures.check(response.header("location") == f"/v1/parties/{state_a['id']}",
                      f"POST /v1/parties: Location {response.header('location')!r}, expected "
                      f"/v1/parties/{state_a['id']}")
    state_b = ex.json_of(register({"kind": "state", "name": "Contract State B", "state": "LT"}, 201),
                         201, "register state B")
    arbitrator = ex.json_of(register({"kind": "arbitrator", "name": "Contract Arbitrator"}, 201),
                            201, "register an arbitrator")
    doomed = ex.json_of(register({"kind": "operator", "name": "Contract Operator",
                                  "client_of": [state_a["id"]]}, 201), 201,
                        "register an operator")
    register({"kind": "state", "name": "A second party of state A", "state": "PL"}, 409,
             what="one active party per state")
    register({"kind": "watchdog", "name": "No token"}, 401, token=None)
    register({"kind": "state", "name": "Unknown code", "state": "QQ"}, 422,
             what="state must be an ISO 3166-1 code")
    register({"kind": "watchdog", "name": "Extra member", "colour": "blue"}, 422)
    register(b'{"kind": ', 400)
    register(b'{"kind":"watchdog","name":"x"}', 415, content_type="text/plain")

    # --- tokens
    token_of = lambda party, what: ex.json_of(
        call("POST", "/v1/tokens", "/v1/tokens", 201, body={"party_id": party["id"]}, token=S),
        201, what)["token"]
    token_a = token_of(state_a, "token for state A")
    token_b = token_of(state_b, "token for state B")
    token_arbitrator = token_of(arbitrator, "token for the arbitrator")
    token_doomed = token_of(doomed, "token for the operator")
    expiring = call("POST", "/v1/tokens", "/v1/tokens", 201,
                    body={"party_id": state_b["id"], "expires_at": "2099-01-01T00:00:00Z"}, token=S)
    call("POST", "/v1/tokens", "/v1/tokens", 403, body={"party_id": state_a["id"]}, token=token_a,
         what="only the secretariat issues tokens")
    call("POST", "/v1/tokens", "/v1/tokens", {404, 422},
         body={"party_id": f"party--{uuid.uuid4()}"}, token=S, what="token for an unknown party")
    spare = ex.json_of(call("POST", "/v1/tokens", "/v1/tokens", 201,
                            body={"party_id": state_b["id"]}, token=S), 201, "spare token")
    # The contract's revoke has no body.
    revoke_token = lambda token_id, expect, token=S, **kw: call(
        "POST", "/v1/tokens/{id}/revoke", f"/v1/tokens/{token_id}/revoke", expect, token=token, **kw)
    revoke_token(spare["id"], 403, token=token_a, body={},
                 what="only the secretariat revokes tokens")
    revoked = revoke_token(spare["id"], 200, what="revoke a token (no body)")
    if revoked.status == 415:
        # Go on with the body the node wants, so that the checks below still run.
        revoked = revoke_token(spare["id"], 200, body={},
                               what="revoke a token with {} (after the 415 reported above)")
    revoke_token(spare["id"], {200, 409}, body={}, what="revoke a revoked token")
    revoke_token("tok_0000000000000000", 404, body={})
    revoke_token(spare["id"], 401, body={}, token=None)
    if revoked.status == 200:
        call("GET", "/v1/parties", "/v1/parties", 401, token=spare["token"],
             what="a revoked token is refused, not treated as public")
    call("GET", "/v1/parties", "/v1/parties", 401, token="acc_0123456789abcdef_" + "A" * 43,
         what="an unknown token is refused")
    call("GET", "/v1/parties", "/v1/parties", 401, token="not-a-token",
         what="a malformed token is refused")
    if expiring.status == 201:
        ex.failures.check(expiring.json().get("expires_at") == "2099-01-01T00:00:00Z",
                          f"POST /v1/tokens with expires_at: receipt {expiring.text()[:300]}")

    # --- party directory and revocation
    for token in (None, S, token_a, token_b):
        call("GET", "/v1/parties", "/v1/parties", 200, token=token)
        call("GET", "/v1/parties/{id}", f"/v1/parties/{state_a['id']}", 200, token=token)
    call("GET", "/v1/parties/{id}", f"/v1/parties/party--{uuid.uuid4()}", 404)
    revoke_party = lambda party_id, expect, token=S, **kw: call(
        "POST", "/v1/parties/{id}/revoke", f"/v1/parties/{party_id}/revoke", expect,
        body={"reason": "contract test"}, token=token, **kw)
    revoke_party(doomed["id"], 403, token=token_a, what="only the secretariat revokes parties")
    revoke_party(doomed["id"], 200)
    revoke_party(doomed["id"], 409, what="a revoked party cannot be revoked again")
    revoke_party(f"party--{uuid.uuid4()}", 404)
    call("GET", "/v1/norms", "/v1/norms", 401, token=token_doomed,
         what="the token of a revoked party is refused")

    # --- reports
    template = harness.load_demo(node.repo)
    report = harness.report_as(template, harness.state_reporter("PL"))
    report["tlp"] = "AMBER"
    report["field_tlp"] = {"/narrative": "RED"}
    submit = lambda body, expect, token=token_a, **kw: call("POST", "/v1/reports", "/v1/reports",
                                                           expect, body=body, token=token, **kw)
    response = submit({"report": report, "recipients": [state_b["id"]],
                       "scrub_names": ["Nobody Named"]}, 201)
    receipt = ex.json_of(response, 201, "submit a report")
    report_id = report["id"]
    ex.failures.check(receipt.get("id") == report_id and receipt.get("version") == 1,
                      f"POST /v1/reports: receipt id/version {receipt.get('id')}/"
                      f"{receipt.get('version')}, expected {report_id}/1")
    ex.failures.check(response.header("location") == f"/v1/reports/{report_id}",
                      f"POST /v1/reports: Location {response.header('location')!r}, expected "
                      f"/v1/reports/{report_id}")
    submit({"report": report}, 409, what="the same id again")
    other = harness.report_as(template, {"kind": "secretariat", "name": "arbitrators may not"})
    submit({"report": other}, 403, token=token_arbitrator, what="an arbitrator may not submit")
    submit({"report": other}, 401, token=None, what="no token")
    submit(json.dumps({"report": other}).encode(), 415, content_type="text/plain")
    submit(b'{"report": {', 400)
    broken = harness.report_as(template, harness.state_reporter("PL"))
    del broken["title"]
    response = submit({"report": broken}, 422)
    if response.status == 422:
        pointers = [e.get("pointer") for e in response.json().get("errors", [])]
        ex.failures.check("/report/title" in pointers,
                          f"POST /v1/reports without a title: errors[].pointer {pointers}, "
                          f"expected /report/title among them")

    # Reading it: the public sees the public form, A (the submitter) and B
    # (a recipient) all of it, the secretariat all but the RED narrative.
    for token in (None, token_a, token_b, S, token_arbitrator):
        call("GET", "/v1/reports/{id}", f"/v1/reports/{report_id}", 200, token=token)
    call("GET", "/v1/reports/{id}", f"/v1/reports/{harness.new_report_id()}", 404)
    # The breakdown: refused for this AMBER report, given for a CLEAR one.
    assessment = lambda rid, expect, **kw: call("GET", "/v1/reports/{id}/assessment",
                                                f"/v1/reports/{rid}/assessment", expect, **kw)
    assessment(report_id, 403, what="an AMBER report's breakdown")
    assessment(harness.new_report_id(), 404)

    # Amending.
    amended = json.loads(json.dumps(report))
    amended["title"] = report["title"] + " (amended)"
    put = lambda rid, body, expect, token=token_a, **kw: call(
        "PUT", "/v1/reports/{id}", f"/v1/reports/{rid}", expect, body=body, token=token, **kw)
    response = put(report_id, {"report": amended, "recipients": [state_b["id"]]}, 200)
    if response.status == 200:
        ex.failures.check(response.json().get("version") == 2,
                          f"PUT /v1/reports/{report_id}: version {response.json().get('version')}, "
                          f"expected 2")
    as_b = json.loads(json.dumps(amended))
    as_b["reporter"] = harness.state_reporter("LT")
    put(report_id, {"report": as_b}, 403, token=token_b,
        what="only the submitter amends (B, with B as reporter)")
    put(report_id, {"report": amended}, 403, token=token_b,
        what="only the submitter amends (B, with A's report unchanged: 403 before any validation)")
    mismatched = json.loads(json.dumps(amended))
    mismatched["id"] = harness.new_report_id()
    response = put(report_id, {"report": mismatched}, 422, what="report.id must be the path's id")
    if response.status == 422:
        pointers = [e.get("pointer") for e in response.json().get("errors", [])]
        ex.failures.check("/report/id" in pointers,
                          f"PUT with another report.id: errors[].pointer {pointers}, expected "
                          f"/report/id")
    unknown = harness.report_as(template, harness.state_reporter("PL"))
    put(unknown["id"], {"report": unknown}, 404, what="amend an unknown report")
    put(report_id, b'{"report":', 400)
    put(report_id, json.dumps({"report": amended}).encode(), 415, content_type="text/plain")
    put(report_id, {"report": amended}, 401, token=None)

    # Withdrawing.
    second = harness.report_as(template, harness.state_reporter("PL"))
    ex.json_of(submit({"report": second}, 201), 201, "submit a second report")
    call("GET", "/v1/reports/{id}/assessment", f"/v1/reports/{second['id']}/assessment", 200,
         what="a CLEAR report's breakdown")
    withdraw = lambda rid, body, expect, token=token_a, **kw: call(
        "POST", "/v1/reports/{id}/withdraw", f"/v1/reports/{rid}/withdraw", expect, body=body,
        token=token, **kw)
    withdraw(second["id"], {"reason": "contract test"}, 403, token=token_b,
             what="only the submitter or the secretariat withdraws")
    withdraw(second["id"], {"reason": ""}, 422, what="an empty reason")
    withdraw(second["id"], {"reason": "contract test"}, 200)
    withdraw(second["id"], {"reason": "contract test"}, 409, what="already withdrawn")
    withdraw(harness.new_report_id(), {"reason": "contract test"}, 404)
    withdraw(second["id"], b'{"reason":', 400)
    withdraw(second["id"], b'{"reason":"x"}', 415, content_type="text/plain")
    withdraw(second["id"], {"reason": "x"}, 401, token=None)
    put(second["id"], {"report": second}, 409, what="a withdrawn report cannot be amended")
    call("GET", "/v1/reports/{id}", f"/v1/reports/{second['id']}", 200, token=S,
         what="a withdrawn report stays readable")

    # Listing.
    for token in (None, token_a, S):
        call("GET", "/v1/reports", "/v1/reports", 200, token=token)
    call("GET", "/v1/reports", "/v1/reports?include_withdrawn=true&include_exercise=false", 200,
         token=S)
    first = call("GET", "/v1/reports", "/v1/reports?limit=1&include_withdrawn=true", 200, token=S)
    if first.status == 200:
        page = first.json()
        cursor = page.get("next_cursor")
        ex.failures.check(len(page.get("items", [])) == 1 and cursor,
                          f"GET /v1/reports?limit=1 of 2 reports: {len(page.get('items', []))} "
                          f"items, next_cursor {cursor!r}; expected 1 item and a cursor")
        if cursor:
            nxt = call("GET", "/v1/reports",
                       f"/v1/reports?limit=1&include_withdrawn=true&cursor={harness.urlquote(cursor)}",
                       200, token=S)
            if nxt.status == 200:
                ids = [i.get("id") for i in page.get("items", []) + nxt.json().get("items", [])]
                ex.failures.check(sorted(ids) == sorted([report_id, second["id"]]),
                                  f"two pages of limit=1: ids {ids}, expected both reports")
    # The CSV export of the same list: a header row and one row per item.
    csv_page = call("GET", "/v1/reports", "/v1/reports?limit=1&include_withdrawn=true&format=csv", 200, token=S)
    if csv_page.status == 200:
        lines = csv_page.text().split("\r\n")
        ex.failures.check(lines[0].startswith("id,version,withdrawn,") and len(lines) == 3 and lines[2] == "",
                          f"GET /v1/reports?limit=1&format=csv: expected a header, one row and a final "
                          f"CRLF, got {csv_page.text()[:300]!r}")
        ex.failures.check(csv_page.header("x-next-cursor") is not None,
                          "GET /v1/reports?limit=1&format=csv of 2 reports: no X-Next-Cursor header")
    for query, what in (("colour=blue", "an unknown parameter"), ("format=xml", "an unknown format"),
                        ("limit=0", "limit below 1"),
                        ("limit=201", "limit above 200"), ("from=2024-13", "a month 13"),
                        ("include_withdrawn=yes", "a boolean that is not true/false")):
        response = call("GET", "/v1/reports", f"/v1/reports?{query}", 400, what=what)
        if query == "colour=blue" and response.status == 400:
            ex.failures.check("colour" in response.json().get("detail", ""),
                              f"GET /v1/reports?colour=blue: the detail must name the unknown "
                              f"parameter: {response.text()[:300]}")
    call("GET", "/v1/reports", "/v1/reports", 401, token="acc_0123456789abcdef_" + "B" * 43)

    # --- norms
    norms = call("GET", "/v1/norms", "/v1/norms", 200)
    norm_ids = [n.get("id") for n in norms.json().get("norms", [])] if norms.status == 200 else []
    for norm_id in norm_ids[:3]:
        call("GET", "/v1/norms/{id}", f"/v1/norms/{harness.urlquote(norm_id)}", 200)
    call("GET", "/v1/norms/{id}", "/v1/norms/no-such-norm", 404)

    # --- statistics
    for group in ("state", "sector", "level", "month", "verdict_summary", "reporter_kind"):
        call("GET", "/v1/statistics", f"/v1/statistics?group_by={group}", 200)
    call("GET", "/v1/statistics",
         "/v1/statistics?group_by=state&from=2015-01&to=2016-12&state=UA&sector=energy&level=high",
         200)
    call("GET", "/v1/statistics", "/v1/statistics?group_by=colour", 400)
    call("GET", "/v1/statistics", "/v1/statistics", 200, what="group_by defaults to month")


def exercise_notifications(node, ex, call, secretariat_token):
    """Issue 8, notifications (docs/notifications.md): points of contact, notifications,
    replies, pings; every operation for a success and an error status."""
    S = secretariat_token
    register = lambda body, what: ex.json_of(
        call("POST", "/v1/parties", "/v1/parties", 201, body=body, token=S), 201, what)
    state_c = register({"kind": "state", "name": "Contract State C", "state": "LV"}, "register state C")
    state_d = register({"kind": "state", "name": "Contract State D", "state": "EE"}, "register state D")
    token_of = lambda party, what: ex.json_of(
        call("POST", "/v1/tokens", "/v1/tokens", 201, body={"party_id": party["id"]}, token=S),
        201, what)["token"]
    token_c = token_of(state_c, "token for state C")
    token_d = token_of(state_d, "token for state D")

    contact = {"public": {"organisation": "National CERT", "role": "technical",
                          "languages": ["en", "lv"], "hours": "24/7"},
               "restricted": {"names": ["Duty officer"], "phone": "+37167000000",
                              "email": "duty@cert.example"}}
    put_contact = lambda party_id, expect, body=contact, token=token_c, **kw: call(
        "PUT", "/v1/parties/{id}/contact", f"/v1/parties/{party_id}/contact", expect, body=body,
        token=token, **kw)
    put_contact(state_c["id"], 200)
    put_contact(state_c["id"], 403, token=token_d, what="only the party or the secretariat")
    put_contact(state_c["id"], 401, token=None)
    put_contact(state_c["id"], 422, body={"public": contact["public"]}, what="restricted is required")
    put_contact(f"party--{uuid.uuid4()}", 404, token=S)
    call("GET", "/v1/contacts", "/v1/contacts", 200)
    call("GET", "/v1/contacts", "/v1/contacts", 200, token=token_d)
    call("GET", "/v1/contacts", "/v1/contacts?format=csv", 200)
    call("GET", "/v1/contacts", "/v1/contacts?format=xml", 400)

    alert = {"kind": "incident-alert", "to": [state_d["id"]], "priority": "urgent",
             "subject": "contract alert", "body": "details", "tlp": "AMBER"}
    send = lambda body, expect, token=token_c, **kw: call(
        "POST", "/v1/notifications", "/v1/notifications", expect, body=body, token=token, **kw)
    sent = ex.json_of(send(alert, 201), 201, "send a notification")
    send(alert, 401, token=None)
    send(dict(alert, to=[f"party--{uuid.uuid4()}"]), 422, what="an unknown recipient")
    send(dict(alert, priority="whenever"), 422)
    call("GET", "/v1/notifications", "/v1/notifications", 200, token=token_c)
    call("GET", "/v1/notifications", "/v1/notifications?role=received&exercise=false", 200, token=token_d)
    call("GET", "/v1/notifications", "/v1/notifications", 401)
    call("GET", "/v1/notifications", "/v1/notifications?role=cc", 400, token=token_c)
    thread = f"/v1/notifications/{sent['id']}"
    call("GET", "/v1/notifications/{id}", thread, 200, token=token_d)
    call("GET", "/v1/notifications/{id}", thread, 200, token=S)
    call("GET", "/v1/notifications/{id}", f"/v1/notifications/notification--{uuid.uuid4()}", 404,
         token=token_c)
    call("GET", "/v1/notifications/{id}", thread, 401)
    reply = lambda body, expect, token=token_d, **kw: call(
        "POST", "/v1/notifications/{id}/replies", thread + "/replies", expect, body=body,
        token=token, **kw)
    reply({"kind": "acknowledgment"}, 201)
    reply({"kind": "acknowledgment"}, 409, what="a second acknowledgment")
    reply({"kind": "acknowledgment"}, 403, token=token_c, what="the sender may not acknowledge")
    reply({"kind": "note", "body": "thanks"}, 201, token=token_c)
    reply({"kind": "answer"}, 422, what="an answer needs a body")
    reply({"kind": "note"}, 401, token=None)

    ping = lambda body, expect, token=S, **kw: call("POST", "/v1/pings", "/v1/pings", expect,
                                                    body=body, token=token, **kw)
    ping({"to": "all"}, 201)
    ping({"to": [state_c["id"]], "exercise": True}, 201)
    ping({"to": "all"}, 403, token=token_c, what="only the secretariat pings")
    ping({"to": "everyone"}, 422)
    call("GET", "/v1/pings", "/v1/pings", 200)
    call("GET", "/v1/pings", "/v1/pings?exercise=true", 200, token=token_c)
    call("GET", "/v1/pings", "/v1/pings?exercise=maybe", 400)


def exercise_cases(node, ex, call, secretariat_token):
    """Issue 8, cases (docs/grievance.md): filing with evidence, reads by role, evidence
    custody, transitions, appointments, conflicts, the panel draw and a finding; every
    operation for a success and the errors it documents."""
    S = secretariat_token
    request = lambda method, path, body=None, token=S: node.request(method, path, body, token=token)
    register = lambda body, what: ex.json_of(request("POST", "/v1/parties", body), 201, what)
    token_of = lambda party, what: ex.json_of(request("POST", "/v1/tokens", {"party_id": party["id"]}),
                                              201, what)["token"]
    filer = register({"kind": "state", "name": "Contract State LU", "state": "LU"}, "register state LU")
    accused = register({"kind": "state", "name": "Contract State HR", "state": "HR"}, "register state HR")
    other = register({"kind": "state", "name": "Contract State SI", "state": "SI"}, "register state SI")
    filer_token, accused_token, other_token = (token_of(p, "token") for p in (filer, accused, other))
    arbitrators = [register({"kind": "arbitrator", "name": f"Case arbitrator {s}", "state": s},
                            f"register arbitrator {s}") for s in ("IS", "LI", "MC", "SM")]
    arbitrator_token = token_of(arbitrators[3], "token for arbitrator SM")
    report = harness.report_as(harness.load_demo(node.repo), harness.state_reporter("LU"))
    ex.json_of(harness.submit(node, filer_token, report), 201, "submit a report for the case")
    content = b"contract evidence"
    filing = {"accused_state": "HR", "reports": [report["id"]], "statement": "contract statement",
              "evidence": [{"media_type": "text/plain", "description": "d",
                            "content_base64": base64.b64encode(content).decode()}]}
    file_case = lambda body, expect, token=filer_token, **kw: call(
        "POST", "/v1/cases", "/v1/cases", expect, body=body, token=token, **kw)
    filed = ex.json_of(file_case(filing, 201), 201, "file a case")
    case = filed["id"]
    file_case(filing, 401, token=None)
    file_case(filing, 403, token=arbitrator_token, what="an arbitrator may not file")
    bad = json.loads(json.dumps(filing))
    bad["evidence"][0]["sha256"] = "0" * 64
    file_case(bad, 422, what="a digest that does not match")
    file_case(filing, 415, content_type="text/plain")
    file_case("{", 400, what="a body that is not JSON")

    call("GET", "/v1/cases", "/v1/cases", 200)
    call("GET", "/v1/cases", "/v1/cases?stage=filed&exercise=false", 200, token=other_token)
    call("GET", "/v1/cases", "/v1/cases?stage=nowhere", 400)
    call("GET", "/v1/cases", "/v1/cases", 401, token="not-a-token")
    call("GET", "/v1/cases/statistics", "/v1/cases/statistics", 200)
    call("GET", "/v1/cases/statistics", "/v1/cases/statistics?exercise=maybe", 400)
    call("GET", "/v1/cases/statistics", "/v1/cases/statistics", 401, token="not-a-token")
    path = f"/v1/cases/{case}"
    call("GET", "/v1/cases/{id}", path, 200)
    shown = ex.json_of(call("GET", "/v1/cases/{id}", path, 200, token=filer_token), 200, "the filer's view")
    ex.failures.check(shown.get("allegation", {}).get("statement") == "contract statement",
                      "GET /v1/cases/{id}: the filer sees the allegation")
    call("GET", "/v1/cases/{id}", f"/v1/cases/case--{uuid.uuid4()}", 404)
    call("GET", "/v1/cases/{id}", path, 401, token="not-a-token")

    add = lambda body, expect, token=filer_token, **kw: call(
        "POST", "/v1/cases/{id}/evidence", path + "/evidence", expect, body=body, token=token, **kw)
    add({"evidence": [{"media_type": "text/plain", "description": "d", "content_base64": "AAEC"}]}, 201, token=accused_token)
    add({"evidence": [{"media_type": "text/plain", "description": "d", "content_base64": "AAEC"}]}, 403, token=other_token)
    add({"evidence": []}, 422)
    add({"evidence": [{"media_type": "text/plain", "description": "d", "content_base64": "AAEC"}]}, 401, token=None)
    evidence = f"{path}/evidence/{filed['evidence'][0]}"
    read = ex.json_of(call("GET", "/v1/cases/{id}/evidence/{eid}", evidence, 200, token=filer_token), 200,
                      "read evidence")
    ex.failures.check(read.get("evidence", {}).get("sha256") == hashlib.sha256(content).hexdigest(),
                      "GET evidence: the node's sha256 is the content's")
    call("GET", "/v1/cases/{id}/evidence/{eid}", evidence, 403, token=accused_token)
    call("GET", "/v1/cases/{id}/evidence/{eid}", f"{path}/evidence/evidence--{uuid.uuid4()}", 404,
         token=filer_token)
    call("GET", "/v1/cases/{id}/evidence/{eid}", evidence, 401)

    move = lambda body, expect, token=S, at=path, **kw: call(
        "POST", "/v1/cases/{id}/transitions", at + "/transitions", expect, body=body, token=token, **kw)
    move({"to": "hearing"}, 409, what="not allowed from filed")
    move({"to": "admissibility-review"}, 200)
    move({"to": "admitted"}, 403, token=accused_token, what="the accused may not admit")
    move({"to": "nowhere"}, 422)
    move({"to": "admitted"}, 401, token=None)
    move({"to": "admitted"}, 404, at=f"/v1/cases/case--{uuid.uuid4()}")
    for to in ("admitted", "information-requested"):
        move({"to": to}, 200)
    move({"to": "investigation"}, 200, token=accused_token)
    appoint = lambda body, expect, token=filer_token, **kw: call(
        "POST", "/v1/cases/{id}/appointments", path + "/appointments", expect, body=body, token=token, **kw)
    appoint({"side": "filer", "arbitrator": arbitrators[0]["id"]}, 201)
    appoint({"side": "accused", "arbitrator": arbitrators[1]["id"]}, 403, what="the filer for the accused")
    appoint({"side": "both", "arbitrator": arbitrators[1]["id"]}, 422)
    appoint({"side": "accused", "arbitrator": arbitrators[1]["id"]}, 401, token=None)
    appoint({"side": "accused", "arbitrator": arbitrators[1]["id"]}, 201, token=accused_token)
    conflict = lambda body, expect, token=arbitrator_token, **kw: call(
        "POST", "/v1/cases/{id}/conflicts", path + "/conflicts", expect, body=body, token=token, **kw)
    conflict({}, 201)
    conflict({}, 403, token=other_token)
    conflict({"with": []}, 422)
    conflict({}, 401, token=None)
    move({"to": "panel-selected"}, 200)
    draw = lambda expect, token=S, **kw: call(
        "POST", "/v1/cases/{id}/panel", path + "/panel", expect, body={}, token=token, **kw)
    draw(403, token=filer_token)
    draw(401, token=None)
    drawn = ex.json_of(draw(201), 201, "draw the panel")
    draw(409, what="drawn once")
    call("GET", "/v1/cases/{id}/panel", path + "/panel", 200)
    call("GET", "/v1/cases/{id}/panel", path + "/panel?kind=appeal", 404)
    call("GET", "/v1/cases/{id}/panel", path + "/panel?kind=other", 400)
    call("GET", "/v1/cases/{id}/panel", path + "/panel", 401, token="not-a-token")
    seats = [seat["arbitrator"] for seat in drawn["panel"]["seats"]]
    ex.failures.check(arbitrators[3]["id"] not in seats, "the arbitrator who declared a conflict sits")
    move({"to": "hearing"}, 200)
    finding = lambda body, expect, token=S, **kw: call(
        "POST", "/v1/cases/{id}/finding", path + "/finding", expect, body=body, token=token, **kw)
    finding({"outcome": "maybe", "reasoning": "r"}, 422)
    finding({"outcome": "no-violation", "reasoning": "r"}, 403, token=filer_token)
    finding({"outcome": "no-violation", "reasoning": "r"}, 401, token=None)
    finding({"outcome": "no-violation", "reasoning": "contract reasoning"}, 201)
    finding({"outcome": "no-violation", "reasoning": "again"}, 409, what="no second finding")


def exercise_responses(node, ex, call, secretariat_token):
    """Issue 8, responses (docs/response.md): a case is taken to remedy-and-response
    through the cases API (not checked here), then the recommendation, remediation and
    standing operations are called for a success and the errors they document."""
    S = secretariat_token
    request = lambda method, path, body=None, token=S: node.request(method, path, body, token=token)
    register = lambda body, what: ex.json_of(request("POST", "/v1/parties", body), 201, what)
    token_of = lambda party, what: ex.json_of(request("POST", "/v1/tokens", {"party_id": party["id"]}),
                                              201, what)["token"]
    filer = register({"kind": "state", "name": "Contract State MT", "state": "MT"}, "register state MT")
    accused = register({"kind": "state", "name": "Contract State CY", "state": "CY"}, "register state CY")
    filer_token = token_of(filer, "token for MT")
    accused_token = token_of(accused, "token for CY")
    arbitrators = [register({"kind": "arbitrator", "name": f"Contract arbitrator {i}"}, "register an arbitrator")
                   for i in (1, 2)]
    report = harness.report_as(harness.load_demo(node.repo), harness.state_reporter("MT"))
    ex.json_of(harness.submit(node, filer_token, report), 201, "submit a report for the case")
    case = ex.json_of(request("POST", "/v1/cases", {"accused_state": "CY", "reports": [report["id"]],
                                                    "statement": "contract case"}, token=filer_token),
                      201, "file a case")["id"]
    step = lambda body: ex.json_of(request("POST", f"/v1/cases/{case}/transitions", body), 200,
                                   f"move the case to {body['to']}")
    for to in ("admissibility-review", "admitted", "information-requested"):
        step({"to": to})
    step({"to": "investigation", "seed_tree_size": harness.log_size(node) + 10})
    for side, arbitrator in zip(("filer", "accused"), arbitrators):
        ex.json_of(request("POST", f"/v1/cases/{case}/appointments", {"side": side, "arbitrator": arbitrator["id"]}),
                   201, f"appoint the {side}'s arbitrator")
    step({"to": "panel-selected"})
    step({"to": "hearing"})
    ex.json_of(request("POST", f"/v1/cases/{case}/finding", {"outcome": "violation", "norms_violated": ["ACN-B1"],
                                                            "reasoning": "contract finding", "intent": "reckless"}),
               201, "issue a finding")
    step({"to": "remedy-and-response"})

    recommendation = f"/v1/cases/{case}/recommendation"
    call("GET", "/v1/cases/{id}/recommendation", recommendation, 200)
    call("GET", "/v1/cases/{id}/recommendation", recommendation, 200, token=accused_token)
    call("GET", "/v1/cases/{id}/recommendation", f"/v1/cases/case--{uuid.uuid4()}/recommendation", 404)
    call("GET", "/v1/cases/{id}/recommendation", recommendation, 401, token="not-a-token")
    today = time.strftime("%Y-%m-%d", time.gmtime())
    remediate = lambda body, expect, token=S, path=f"/v1/cases/{case}/remediation", **kw: call(
        "POST", "/v1/cases/{id}/remediation", path, expect, body=body, token=token, **kw)
    remediate({"status": "partial", "date": today}, 200)
    remediate({"status": "complete", "date": today}, 401, token=None)
    remediate({"status": "complete", "date": today}, 403, token=accused_token, what="the accused may not")
    remediate({"status": "done", "date": today}, 422)
    remediate({"status": "complete", "date": "2001-01-01"}, 409, what="before the finding")
    remediate({"status": "complete", "date": today}, 404, path=f"/v1/cases/case--{uuid.uuid4()}/remediation")
    remediate({"status": "complete", "date": today}, 415, content_type="text/plain")
    remediate("{", 400, what="a body that is not JSON")

    call("GET", "/v1/standing", "/v1/standing", 200)
    call("GET", "/v1/standing", "/v1/standing?as_of=2026-01-31", 200, token=filer_token)
    call("GET", "/v1/standing", "/v1/standing?as_of=2026-02-31", 422)
    call("GET", "/v1/standing", "/v1/standing?since=2026-01-01", 400)
    call("GET", "/v1/standing", "/v1/standing", 401, token="not-a-token")
    call("GET", "/v1/parties/{id}/standing", f"/v1/parties/{accused['id']}/standing", 200)
    call("GET", "/v1/parties/{id}/standing", f"/v1/parties/{accused['id']}/standing?as_of=x", 422)
    call("GET", "/v1/parties/{id}/standing", f"/v1/parties/{arbitrators[0]['id']}/standing", 404)
    call("GET", "/v1/parties/{id}/standing", f"/v1/parties/{accused['id']}/standing?format=csv", 400)
    call("GET", "/v1/parties/{id}/standing", f"/v1/parties/{accused['id']}/standing", 401, token="not-a-token")


def exercise_imports(node, ex, call, secretariat_token):
    """POST /v1/imports and the reference data reads (docs/exchange/imports.md)."""
    S = secretariat_token
    report = harness.report_as(harness.load_demo(node.repo),
                               {"kind": "secretariat", "name": "Contract test secretariat"})
    report["vulnerabilities"] = ["CVE-2024-12345"]
    body = {"source": "contract-test", "partial": False,
            "reports": [{"source": "incident--contract", "report": report}],
            "techniques": [{"id": "T0800", "name": "Activate Firmware Update Mode",
                            "stix_id": "attack-pattern--8e7089d3-fba2-44f8-94a8-9a79c53920c4",
                            "modified": "2023-10-13T17:56:58.380Z", "domain": "ics-attack",
                            "tactics": ["inhibit-response-function"],
                            "url": "https://attack.mitre.org/techniques/T0800", "deprecated": False}],
            "advisories": [{"tracking_id": "CONTRACT-2024-001", "publisher": "Example Vendor",
                            "title": "An advisory", "initial_release_date": "2024-01-02T00:00:00Z",
                            "current_release_date": "2024-01-02T00:00:00Z", "tracking_version": "1",
                            "cves": ["CVE-2024-12345"], "url": ""}]}
    imports = lambda payload, expect, token=S, **kw: call("POST", "/v1/imports", "/v1/imports",
                                                          expect, body=payload, token=token, **kw)
    summary = ex.json_of(imports(body, 200), 200, "import a report, a technique and an advisory")
    ex.failures.check(summary.get("imported") == 3 and summary.get("status") == "complete",
                      f"POST /v1/imports: summary {json.dumps(summary)[:300]}, expected 3 imported")
    again = ex.json_of(imports(body, 200), 200, "import the same again")
    ex.failures.check(again.get("unchanged") == 3, f"POST /v1/imports again: {json.dumps(again)[:300]}")
    imports(body, 401, token=None)
    imports({"reports": 3}, 422)
    imports(body, 415, content_type="text/plain")
    call("GET", "/v1/reference/techniques", "/v1/reference/techniques", 200)
    call("GET", "/v1/reference/techniques", "/v1/reference/techniques?format=csv", 200)
    call("GET", "/v1/reference/techniques", "/v1/reference/techniques?colour=blue", 400)
    call("GET", "/v1/advisories", "/v1/advisories?cve=CVE-2024-12345", 200)
    call("GET", "/v1/advisories", "/v1/advisories?format=csv&limit=1", 200)
    call("GET", "/v1/advisories", "/v1/advisories?cve=not-a-cve", 400)
    call("GET", "/v1/reports/{id}/advisories", f"/v1/reports/{report['id']}/advisories", 200)
    call("GET", "/v1/reports/{id}/advisories", f"/v1/reports/{report['id']}/advisories?format=csv", 200)
    call("GET", "/v1/reports/{id}/advisories", f"/v1/reports/{harness.new_report_id()}/advisories", 404)
    call("GET", "/v1/parties", "/v1/parties?format=csv", 200)
    call("GET", "/v1/parties", "/v1/parties?format=xml", 400)


def exercise_taxii(node, ex, call, secretariat_token):
    """The TAXII 2.1 server (docs/exchange/taxii.md): each operation's success and errors."""
    taxii = {"Accept": "application/taxii+json;version=2.1"}
    root = "/taxii2/api/"
    coll = root + "collections/{id}/"
    call("GET", "/taxii2/", "/taxii2/", 200, headers=taxii)
    call("GET", "/taxii2/", "/taxii2/", 406, headers={"Accept": "application/json"})
    call("GET", root, root, 200, headers=taxii)
    call("GET", root, root, 401, headers=taxii, token="acc_0000000000000000_" + "A" * 43)
    call("GET", root + "collections/", root + "collections/", 200, headers=taxii)
    call("GET", root + "collections/", root + "collections/", 406, headers={})
    call("GET", coll, root + "collections/reports/", 200, headers=taxii)
    call("GET", coll, root + "collections/nope/", 404, headers=taxii)
    for suffix in ("manifest/", "objects/"):
        call("GET", coll + suffix, root + "collections/reports/" + suffix + "?limit=3", 200, headers=taxii)
        call("GET", coll + suffix, root + "collections/reports/" + suffix + "?limit=0", 400, headers=taxii)
    marking = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
    one = coll + "objects/{object_id}/"
    call("GET", one, root + f"collections/reports/objects/{marking}/", 200, headers=taxii)
    call("GET", one, root + "collections/reports/objects/indicator--00000000-0000-4000-8000-000000000000/",
         404, headers=taxii)
    call("GET", one + "versions/", root + f"collections/reports/objects/{marking}/versions/", 200,
         headers=taxii)
    call("GET", one + "versions/", root + f"collections/reports/objects/{marking}/versions/?match%5Bid%5D=x",
         400, headers=taxii)
    post = dict(taxii)
    call("POST", coll + "objects/", root + "collections/reports/objects/", 415, body={"objects": []},
         token=secretariat_token, headers=post)
    call("POST", coll + "objects/", root + "collections/reports/objects/", 401, body={"objects": []},
         headers=post, content_type="application/taxii+json;version=2.1")
    added = call("POST", coll + "objects/", root + "collections/reports/objects/", 202,
                 body={"objects": []},
                 token=secretariat_token, headers=post, content_type="application/taxii+json;version=2.1")
    status_id = ex.json_of(added, 202, "add objects").get("id", "x")
    call("GET", root + "status/{status_id}/", root + f"status/{status_id}/", 200, token=secretariat_token,
         headers=taxii)
    call("GET", root + "status/{status_id}/", root + f"status/{status_id}/", 404, headers=taxii)


def exercise_transparency(ex, call):
    """Issue 9 (docs/transparency.md): the index and one year's report in each format."""
    index = ex.json_of(call("GET", "/v1/transparency/reports", "/v1/transparency/reports", 200),
                       200, "the transparency index")
    year = (index.get("years") or [2026])[-1]
    template = "/v1/transparency/reports/{year}"
    for query in ("", "?format=json", "?format=csv", "?format=html&state=UA"):
        call("GET", template, f"/v1/transparency/reports/{year}{query}", 200)
    call("GET", template, "/v1/transparency/reports/1969", 400, what="a year before 1970")
    call("GET", template, f"/v1/transparency/reports/{year}?format=pdf", 400, what="an unknown format")
    call("GET", template, f"/v1/transparency/reports/{year}?state=ua", 400, what="a lower-case state code")


def exercise_log(node, api, ex, call, failures):
    response = call("GET", "/log/checkpoint", "/log/checkpoint", 200)
    size = int(response.text().split("\n")[1]) if response.status == 200 else 0
    call("GET", "/log/vkey", "/log/vkey", 200)
    if size:
        width = size % 256 or 256
        last_tile = harness.tile_index_path((size - 1) // 256)
        suffix = "" if width == 256 else f".p/{width}"
        call("GET", "/log/tile/{path}", f"/log/tile/entries/{last_tile}{suffix}", 200)
        call("GET", "/log/tile/{path}", f"/log/tile/0/{last_tile}{suffix}", 200)
    beyond = harness.tile_index_path(size // 256 + 1)
    call("GET", "/log/tile/{path}", f"/log/tile/entries/{beyond}", 404,
         what="a bundle beyond the checkpoint")
    call("GET", "/log/tile/{path}", "/log/tile/entries/abc", 404, what="a malformed tile path")

    inclusion = lambda query, expect, **kw: call("GET", "/v1/log/proofs/inclusion",
                                                 f"/v1/log/proofs/inclusion?{query}", expect, **kw)
    entries = harness.read_log_entries(node, size) if size else []
    if size:
        inclusion("index=0", 200)
        leaf = base64.b64encode(hashlib.sha256(b"\x00" + entries[-1]).digest()).decode()
        response = inclusion(f"leaf_hash={harness.urlquote(leaf)}&tree_size={size}", 200)
        if response.status == 200:
            failures.check(response.json().get("index") == size - 1,
                           f"inclusion by leaf_hash of entry {size - 1}: index "
                           f"{response.json().get('index')}")
    inclusion(f"index={size}", 400, what="an index at the tree size")
    inclusion("index=x", 400)
    inclusion("leaf_hash=" + harness.urlquote(base64.b64encode(b"\x01" * 32).decode()), 404,
              what="a leaf hash no entry has")
    entry = lambda index, expect, **kw: call("GET", "/v1/log/entries/{index}",
                                             f"/v1/log/entries/{index}", expect, **kw)
    if size:
        response = entry(size - 1, 200)
        if response.status == 200:
            failures.check(response.body == entries[-1],
                           f"GET /v1/log/entries/{size - 1}: not the bytes of the entry bundle")
    entry(size, 404, what="an entry beyond the log")
    entry("x", 400, what="an index that is not a number")
    consistency = lambda query, expect, **kw: call("GET", "/v1/log/proofs/consistency",
                                                   f"/v1/log/proofs/consistency?{query}", expect, **kw)
    if size:
        consistency(f"old_size=1&tree_size={size}", 200)
    consistency("tree_size=1", 400, what="old_size is required")
    consistency(f"old_size={size + 1}", 400, what="old_size beyond the log")

    # Every entry is an event's public form, as the document describes it.
    log_event = api.schema("LogEvent")
    for index, entry in enumerate(entries):
        try:
            event = json.loads(entry)
        except ValueError as error:
            failures.add(f"log entry {index} is not JSON: {error}")
            continue
        for error in api.validate(event, log_event):
            failures.add(f"log entry {index} ({event.get('type')}) against LogEvent: {error}")
        failures.check(event.get("seq") == index,
                       f"log entry {index}: seq {event.get('seq')}, expected its index {index}")
    return len(entries)


def exercise_rate_limit(node, ex, call):
    """Sends anonymous requests until one gets 429, checked against the document."""
    for _ in range(RATE_LIMIT_PROBE_REQUESTS):
        response = node.request("GET", "/v1/norms", retry_rate_limit=False)
        if response.status == 429:
            for problem in ex.api.check_response("GET", "/v1/norms", response):
                ex.failures.add(f"rate limit: {problem}")
            ex.seen[("GET", "/v1/norms")].add(429)
            # Wait for the bucket to refill, so that a test run after this one on the
            # same address is not refused.
            wait = response.header("retry-after") or "1"
            time.sleep(min(int(wait) if wait.isdigit() else 1, 10))
            return True
        if response.status != 200:
            ex.failures.add(f"rate-limit probe: {response.describe()}: {response.text()[:200]}")
            return False
    return False


def run(accord, repo):
    api = harness.ApiDocument(repo)
    failures = Failures()
    check_document(api, failures)
    with Node(accord, repo) as node:
        routes = compare_routes(node, api, failures)
        node.start()
        ex, rate_limited = exercise(node, api, failures)
    no_error = []
    for key, statuses in sorted(ex.seen.items()):
        method, template = key
        if not any(200 <= s < 300 for s in statuses):
            failures.add(f"coverage: {method} {template} never answered a success status "
                         f"(saw {sorted(statuses) or 'nothing'})")
        if not any(s >= 400 for s in statuses):
            if key in NO_ERROR_STATUS:
                no_error.append(f"{method} {template}")
            else:
                failures.add(f"coverage: {method} {template} never answered an error status "
                             f"(saw {sorted(statuses) or 'nothing'})")
    note = (f"; no error status can be provoked from {len(no_error)} ({', '.join(no_error)})"
            if no_error else "")
    summary = (f"{routes} routes, {len(ex.seen)} documented operations, {ex.responses} "
               f"responses checked against their schemas; rate limit "
               f"{'reached' if rate_limited else 'not reached'}{note}")
    failures.raise_if_any(f"differences between the node and docs/api/openapi.yaml ({summary})")
    return summary.replace(" routes,", " routes match the document,", 1)


if __name__ == "__main__":
    harness.main(run, "openapi_contract_test.py ACCORD_BINARY REPO_ROOT")
