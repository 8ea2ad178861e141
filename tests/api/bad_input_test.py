#!/usr/bin/python3
"""Bad requests get the right status and problem type, and store nothing.

Each case sends one bad request and checks: the status; the problem's
`type` (/problems/<name>, /tmp/api-spec.md); for validation errors, the
JSON Pointers in `errors[]`; the response against docs/api/openapi.yaml;
that the number of reports (as the secretariat lists them, withdrawn and
exercises included), of parties, and the log's tree size are unchanged;
and that the node still answers GET /healthz. A last, valid submission
checks that the same counters do see a stored report.

Usage: bad_input_test.py ACCORD_BINARY REPO_ROOT
"""

import datetime
import json
import time

import harness
from harness import Failures, Node

# The node's default http.max_body_bytes (docs/configuration.md).
MAX_BODY_BYTES = 1 << 20


class Case:
    def __init__(self, label, method, path, template, body, status, problem, token="A",
                 content_type=None, headers=None, pointers=(), pointer_prefix=None):
        self.label = label
        self.method = method
        self.path = path
        self.template = template  # the document's path template
        self.body = body
        self.status = status if isinstance(status, (set, frozenset)) else {status}
        self.problem = problem
        self.token = token
        self.content_type = content_type
        self.headers = headers
        self.pointers = pointers            # each must be among errors[].pointer
        self.pointer_prefix = pointer_prefix  # every errors[].pointer must start with it


def snapshot(node, secretariat_token):
    items, _ = harness.list_all_reports(node, secretariat_token,
                                        "include_withdrawn=true&include_exercise=true")
    parties = harness.expect_json(node.request("GET", "/v1/parties", token=secretariat_token), 200,
                                  "count parties")
    return {"reports": len(items), "parties": len(parties.get("items", [])),
            "tree_size": harness.log_size(node)}


def run_case(node, api, tokens, case, before, failures):
    token = tokens.get(case.token) if case.token else None
    body = case.body() if callable(case.body) else case.body
    response = node.request(case.method, case.path, body=body, token=token,
                            content_type=case.content_type, headers=case.headers)
    where = f"{case.label}: {case.method} {case.path}"
    failures.check(response.status in case.status,
                   f"{where}: status {response.status}, expected {sorted(case.status)}: "
                   f"{response.text()[:400]}")
    problem_type = response.problem_type()
    failures.check(problem_type in ({case.problem} if isinstance(case.problem, str) else case.problem),
                   f"{where}: problem type {problem_type!r} (Content-Type "
                   f"{response.header('content-type')!r}), expected {case.problem!r}")
    for problem in api.check_response(case.method, case.template, response):
        failures.add(f"{case.label}: {problem}")
    if response.status == 401:
        failures.check(response.header("www-authenticate") == 'Bearer realm="accord"',
                       f"{where}: WWW-Authenticate {response.header('www-authenticate')!r}")
    if case.pointers or case.pointer_prefix:
        errors = []
        if response.media_type() == "application/problem+json":
            errors = response.json().get("errors") or []
        pointers = [e.get("pointer") for e in errors]
        for pointer in case.pointers:
            failures.check(pointer in pointers,
                           f"{where}: errors[].pointer {pointers}, expected {pointer!r} among them")
        if case.pointer_prefix and response.status == 422:
            for pointer in pointers:
                failures.check(pointer is not None and pointer.startswith(case.pointer_prefix),
                               f"{where}: errors[].pointer {pointer!r} does not start with "
                               f"{case.pointer_prefix!r}")
    after = snapshot(node, tokens["S"])
    failures.check(after == before,
                   f"{where}: something was stored: before {before}, after {after}")
    health = node.request("GET", "/healthz")
    failures.check(health.status == 200,
                   f"{where}: GET /healthz afterwards -> {health.status}: {health.text()[:200]}")
    return after


def cases(template, report, report_b, tokens):
    """Every bad request, built from a valid report of A (`report`, already stored) and a
    fresh valid one (`fresh()`)."""

    def fresh(**changes):
        r = harness.report_as(template, harness.state_reporter("PL"))
        for key, value in changes.items():
            r[key] = value
        return r

    valid_text = json.dumps({"report": fresh()})

    def corrupt(insert):
        def build():
            text = json.dumps({"report": fresh()}).encode("utf-8")
            at = text.index(b'"title": "') + len(b'"title": "')
            return text[:at] + insert + text[at:]
        return build

    no_title = fresh()
    del no_title["title"]
    bad_end = fresh()
    bad_end["times"] = {"start": "2015-12-23T15:30:00Z", "end": "2015-12-23T13:00:00Z"}
    bad_entity = fresh()
    bad_entity["affected_entities"][0]["state"] = "PL"
    several = fresh(tlp="BLUE", colour="blue")
    del several["effects"]
    deep = fresh()
    nested = "x"
    for _ in range(40):
        nested = [nested]
    deep["narrative"] = nested
    foreign = fresh()
    foreign["reporter"] = {"kind": "state", "state": "LT"}
    duplicate = json.loads(json.dumps(report))
    duplicate["title"] = "another title under a taken id"
    # B's own reporter, so that the one fault is that B did not submit it.
    amended_by_b = json.loads(json.dumps(report))
    amended_by_b["title"] = "amended by somebody else"
    amended_by_b["reporter"] = {"kind": "state", "state": "LT"}
    pad = "y" * (MAX_BODY_BYTES + (MAX_BODY_BYTES // 2))

    post = lambda label, body, status, problem, **kw: Case(
        label, "POST", "/v1/reports", "/v1/reports", body, status, problem, **kw)
    invalid, validation = "/problems/invalid_argument", "/problems/validation_failed"
    return [
        post("malformed JSON", b'{"report": {"id": ', 400, invalid),
        post("trailing garbage after the JSON", valid_text.encode() + b" ]", 400, invalid),
        post("an empty body", b"", 400, invalid),
        post("bad UTF-8 (0xff)", corrupt(b"\xff\xfe"), 400, invalid),
        post("bad UTF-8 (truncated sequence)", corrupt(b"\xc3("), 400, invalid),
        post("bad UTF-8 (overlong /)", corrupt(b"\xc0\xaf"), 400, invalid),
        post("bad UTF-8 (encoded surrogate)", corrupt(b"\xed\xa0\x80"), 400, invalid),
        post("a lone surrogate escape (not I-JSON, RFC 7493 2.1)", corrupt(b"\\ud800"),
             {400, 422}, {invalid, validation}),
        post("a missing required field", {"report": no_title}, 422, validation,
             pointers=["/report/title"], pointer_prefix="/report/"),
        post("a date before the start", {"report": bad_end}, 422, validation,
             pointers=["/report/times/end"], pointer_prefix="/report/"),
        post("an entity state outside affected_states", {"report": bad_entity}, 422, validation,
             pointers=["/report/affected_entities/0/state"], pointer_prefix="/report/"),
        post("several violations at once", {"report": several}, 422, validation,
             pointers=["/report/tlp", "/report/colour", "/report/effects"],
             pointer_prefix="/report/"),
        post("a report that is not an object", {"report": [1, 2]}, 422, validation,
             pointers=["/report"]),
        post("no report", {}, 422, validation, pointers=["/report"]),
        post("an unknown member of the submission", {"report": fresh(), "colour": "blue"}, 422,
             validation, pointers=["/colour"]),
        post("a recipient that is not a party id", {"report": fresh(), "recipients": ["B"]}, 422,
             validation, pointers=["/recipients/0"]),
        post("101 recipients", {"report": fresh(),
                                "recipients": [f"party--00000000-0000-4000-8000-{i:012d}"
                                               for i in range(101)]},
             422, validation, pointers=["/recipients"]),
        post("101 scrub names", {"report": fresh(), "scrub_names": [f"Name {i}" for i in range(101)]},
             422, validation, pointers=["/scrub_names"]),
        post("a report nested 40 deep", {"report": deep}, {413, 422},
             {"/problems/resource_exhausted", validation}),
        # Refused by the transport before any accord code reads it: a plain
        # HTTP problem (about:blank, RFC 9457 section 4.2.1).
        post("a body over http.max_body_bytes", {"report": fresh(), "scrub_names": [pad]}, 413,
             "about:blank"),
        post("Content-Type text/plain", valid_text.encode(), 415, "/problems/unsupported_media_type",
             content_type="text/plain"),
        post("Content-Type application/x-www-form-urlencoded", valid_text.encode(), 415,
             "/problems/unsupported_media_type", content_type="application/x-www-form-urlencoded"),
        post("no Content-Type", valid_text.encode(), 415, "/problems/unsupported_media_type",
             content_type=""),
        post("no token", {"report": fresh()}, 401, "/problems/unauthenticated", token=None),
        post("a revoked token", {"report": fresh()}, 401, "/problems/unauthenticated",
             token="revoked"),
        post("a malformed token", {"report": fresh()}, 401, "/problems/unauthenticated",
             token="malformed"),
        post("an unknown token of the right shape", {"report": fresh()}, 401,
             "/problems/unauthenticated", token="unknown"),
        post("a token of a revoked party", {"report": fresh()}, 401, "/problems/unauthenticated",
             token="revoked_party"),
        post("Basic instead of Bearer", {"report": fresh()}, 401, "/problems/unauthenticated",
             token=None, headers={"Authorization": "Basic dXNlcjpwYXNz"}),
        post("an arbitrator submits (wrong role)",
             {"report": harness.report_as(template, {"kind": "secretariat", "name": "x"})}, 403,
             "/problems/permission_denied", token="R"),
        post("a state submits as another state", {"report": foreign}, {403, 422},
             {"/problems/permission_denied", validation}, pointer_prefix="/report/reporter"),
        post("a duplicate id", {"report": duplicate}, 409, "/problems/conflict"),
        Case("amend by another party", "PUT", f"/v1/reports/{report['id']}", "/v1/reports/{id}",
             {"report": amended_by_b}, 403, "/problems/permission_denied", token="B"),
        Case("withdraw by another party", "POST", f"/v1/reports/{report['id']}/withdraw",
             "/v1/reports/{id}/withdraw", {"reason": "not mine"}, 403,
             "/problems/permission_denied", token="B"),
        Case("amend with another id in the body", "PUT", f"/v1/reports/{report['id']}",
             "/v1/reports/{id}", {"report": report_b}, 422, validation, pointers=["/report/id"]),
        Case("register a party as a state", "POST", "/v1/parties", "/v1/parties",
             {"kind": "watchdog", "name": "Self-made watchdog"}, 403,
             "/problems/permission_denied"),
        Case("a second active party for one state", "POST", "/v1/parties", "/v1/parties",
             {"kind": "state", "name": "Second PL", "state": "PL"}, 409, "/problems/conflict",
             token="S"),
        Case("issue a token as a state", "POST", "/v1/tokens", "/v1/tokens",
             {"party_id": "party--00000000-0000-4000-8000-000000000000"}, 403,
             "/problems/permission_denied"),
        Case("a list query with an unknown parameter", "GET", "/v1/reports?colour=blue",
             "/v1/reports", None, 400, invalid),
    ]


def run(accord, repo):
    api = harness.ApiDocument(repo)
    failures = Failures()
    template = harness.load_demo(repo)
    with Node(accord, repo) as node:
        node.start()
        s = node.secretariat_token()
        a = harness.register_party(node, s, "A", "state", "State PL", state="PL")
        b = harness.register_party(node, s, "B", "state", "State LT", state="LT")
        r = harness.register_party(node, s, "R", "arbitrator", "An arbitrator")
        gone = harness.register_party(node, s, "gone", "state", "State EE", state="EE")
        revoked = harness.expect_json(node.request("POST", "/v1/tokens", {"party_id": a.id},
                                                   token=s), 201, "issue a token to revoke")
        harness.expect_json(harness.revoke_token(node, s, revoked["id"]), 200, "revoke a token")
        harness.expect_json(node.request("POST", f"/v1/parties/{gone.id}/revoke",
                                         {"reason": "bad input test"}, token=s),
                            200, "revoke a party")
        tokens = {"S": s, "A": a.token, "B": b.token, "R": r.token, "revoked": revoked["token"],
                  "malformed": "acc_not-a-token", "unknown": "acc_0123456789abcdef_" + "Q" * 43,
                  "revoked_party": gone.token}
        report = harness.report_as(template, harness.state_reporter("PL"))
        harness.expect_json(harness.submit(node, a.token, report), 201, "submit the base report")
        report_b = harness.report_as(template, harness.state_reporter("PL"))

        before = snapshot(node, s)
        all_cases = cases(template, report, report_b, tokens)
        for case in all_cases:
            before = run_case(node, api, tokens, case, before, failures)

        # An expired token: one that expires in 2 s, used after it has.
        expires = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=2))
        expiring = node.request("POST", "/v1/tokens",
                                {"party_id": a.id,
                                 "expires_at": expires.strftime("%Y-%m-%dT%H:%M:%SZ")}, token=s)
        expired_checked = False
        if failures.check(expiring.status == 201,
                          f"POST /v1/tokens expiring in 2 s: {expiring.status}: "
                          f"{expiring.text()[:300]}"):
            time.sleep(3.5)
            tokens["expired"] = expiring.json()["token"]
            before = snapshot(node, s)
            run_case(node, api, tokens,
                     Case("an expired token", "POST", "/v1/reports", "/v1/reports",
                          {"report": harness.report_as(template, harness.state_reporter("PL"))},
                          401, "/problems/unauthenticated", token="expired"),
                     before, failures)
            expired_checked = True

        # The counters do see a stored report (the checks above can fail).
        before = snapshot(node, s)
        stored = harness.report_as(template, harness.state_reporter("PL"))
        response = node.request("POST", "/v1/reports", {"report": stored}, token=a.token,
                                content_type="application/json; charset=utf-8")
        failures.check(response.status == 201,
                       f"a valid report with Content-Type 'application/json; charset=utf-8': "
                       f"{response.status}: {response.text()[:300]}")
        after = snapshot(node, s)
        failures.check(after["reports"] == before["reports"] + 1 and
                       after["tree_size"] > before["tree_size"],
                       f"a stored report must show in the counters: before {before}, after {after}")
        failures.raise_if_any("bad-input failures")
    return (f"{len(all_cases) + (1 if expired_checked else 0)} bad requests: right status and "
            f"problem type, nothing stored, node still healthy; {failures.checks} checks")


if __name__ == "__main__":
    harness.main(run, "bad_input_test.py ACCORD_BINARY REPO_ROOT")
