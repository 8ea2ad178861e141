#!/usr/bin/python3
"""Graduated responses and standing on a real node (docs/response.md "What is wired").

A case goes through the grievance API to a violation finding and
remedy-and-response, which records response.recommended; then the
recommendation, the secretariat's remediation and the standing endpoints are
called by every kind of reader with good and bad input, and the log is
checked for both response events. The CLI (`accord standing`, `accord
response show|remediation`) is run against the same node.

Expectations come from docs/response.md and data/response/ladder-1.toml:
remediation is the secretariat's alone; recommendations and standing are
public; a bad as_of is 422 naming it; an unknown query parameter is 400.

Usage: responses_test.py ACCORD_BINARY REPO_ROOT
"""

import datetime
import json
import uuid

import harness
from harness import Failures, Node

CANARY = "CNRYRESPONSESZ5e1f00d1"  # in the allegation's statement: never public


def file_case_to_remedy(node, S, filer, accused_state, report_id, arbitrators, failures):
    """Files a case by `filer` against `accused_state` and takes it to remedy-and-response
    with a violation finding; returns the case id and the events of the last step."""
    filed = harness.expect_json(node.request("POST", "/v1/cases", {
        "accused_state": accused_state, "reports": [report_id],
        "statement": f"statement {CANARY}"}, token=filer.token), 201, "file a case")
    case_id = filed["id"]

    def step(to, **extra):
        body = {"to": to}
        body.update(extra)
        return harness.expect_json(node.request("POST", f"/v1/cases/{case_id}/transitions", body, token=S),
                                   200, f"move the case to {to}")

    for to in ("admissibility-review", "admitted", "information-requested"):
        step(to)
    step("investigation", seed_tree_size=harness.log_size(node) + 10)
    for side, arbitrator in zip(("filer", "accused"), arbitrators):
        harness.expect_json(node.request("POST", f"/v1/cases/{case_id}/appointments",
                                         {"side": side, "arbitrator": arbitrator.id}, token=S),
                            201, f"appoint the {side}'s arbitrator")
    step("panel-selected")
    step("hearing")
    harness.expect_json(node.request("POST", f"/v1/cases/{case_id}/finding", {
        "outcome": "violation", "norms_violated": ["ACN-B1"], "reasoning": "the panel's reasoning",
        "intent": "deliberate", "red_lines": ["RL-SAFETY"]}, token=S), 201, "issue a finding")
    last = step("remedy-and-response")
    failures.check("response.recommended" in last.get("events", []),
                   f"entering remedy-and-response with a violation finding: events {last.get('events')}, "
                   f"expected response.recommended among them")
    return case_id


def check_problem(failures, response, status, what, names=(), pointers=()):
    """`response` has `status`, is problem+json, its detail names each of `names`, and its
    errors hold each of `pointers`."""
    if response.status != status:
        failures.add(f"{what}: {response.describe()}, expected {status}: {response.text()[:300]}")
        return
    failures.check(response.media_type() == "application/problem+json",
                   f"{what}: Content-Type {response.header('content-type')}, expected problem+json")
    body = response.json()
    for name in names:
        failures.check(name in body.get("detail", ""),
                       f"{what}: the detail {body.get('detail')!r} does not name {name!r}")
    got = [error.get("pointer") for error in body.get("errors", [])]
    for pointer in pointers:
        failures.check(pointer in got, f"{what}: errors {got} lack the pointer {pointer}")


def run(accord, repo):
    failures = Failures()
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    tomorrow = (datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=2)).isoformat()
    with Node(accord, repo) as node:
        node.start()
        S = node.secretariat_token()
        pl = harness.register_party(node, S, "PL", "state", "State PL", state="PL")
        lt = harness.register_party(node, S, "LT", "state", "State LT", state="LT")
        watchdog = harness.register_party(node, S, "W", "watchdog", "A watchdog")
        arbitrators = [harness.register_party(node, S, f"R{i}", "arbitrator", f"Arbitrator {i}")
                       for i in (1, 2)]
        report = harness.report_as(harness.load_demo(repo), harness.state_reporter("PL"))
        harness.expect_json(harness.submit(node, pl.token, report), 201, "submit a report")
        case_id = file_case_to_remedy(node, S, pl, "LT", report["id"], arbitrators, failures)

        # ------------------------------------------------ the recommendation
        rec_path = f"/v1/cases/{case_id}/recommendation"
        for who, token in (("the public", None), ("the accused", lt.token), ("a watchdog", watchdog.token)):
            rec = harness.expect_json(node.request("GET", rec_path, token=token), 200,
                                      f"GET the recommendation as {who}")
            failures.check(rec.get("accused_state") == "LT" and rec.get("case") == case_id,
                           f"GET {rec_path} as {who}: {json.dumps(rec)[:300]}")
        # RL-SAFETY sets "suspension" at least (ladder-1.toml [red_lines] overrides).
        failures.check(rec.get("recommendation", {}).get("rung") in ("suspension", "sanctions-recommendation"),
                       f"a violation crossing RL-SAFETY: rung {rec.get('recommendation', {}).get('rung')}, "
                       f"expected suspension or above")
        failures.check(rec.get("remediation") == {"status": "none"},
                       f"a new recommendation's remediation: {rec.get('remediation')}")
        check_problem(failures, node.request("GET", f"/v1/cases/case--{uuid.uuid4()}/recommendation"), 404,
                      "the recommendation of an unknown case", names=["has no recommendation"])

        # ------------------------------------------------------- remediation
        rem_path = f"/v1/cases/{case_id}/remediation"
        remediate = lambda body, token=S, path=rem_path: node.request("POST", path, body, token=token)
        good = {"status": "partial", "date": today}
        check_problem(failures, remediate(good, token=None), 401, "remediation by the public")
        for who, party in (("the filer", pl), ("the accused", lt), ("a watchdog", watchdog),
                           ("an arbitrator", arbitrators[0])):
            check_problem(failures, remediate(good, token=party.token), 403, f"remediation by {who}",
                          names=["record remediation"])
        check_problem(failures, remediate({"status": "mostly", "date": "2026-02-30", "by": "me"}), 422,
                      "a remediation body with three bad members", pointers=["/status", "/date", "/by"])
        check_problem(failures, remediate({}), 422, "an empty remediation body", pointers=["/status", "/date"])
        check_problem(failures, remediate({"status": "complete", "date": tomorrow}), 422,
                      "remediation dated after today", pointers=["/date"])
        check_problem(failures, remediate(["partial"]), 422, "a remediation body that is an array",
                      pointers=[""])
        check_problem(failures, remediate({"status": "partial", "date": "2001-01-01"}), 409,
                      "remediation dated before the finding", names=["before the finding"])
        check_problem(failures, remediate(good, path=f"/v1/cases/case--{uuid.uuid4()}/remediation"), 404,
                      "remediation of an unknown case")
        # A second case, admitted but without a finding: no recommendation yet.
        other = harness.expect_json(node.request("POST", "/v1/cases", {
            "accused_state": "LT", "reports": [report["id"]], "statement": "another"}, token=pl.token),
            201, "file a second case")
        check_problem(failures, remediate(good, path=f"/v1/cases/{other['id']}/remediation"), 409,
                      "remediation of a case without a recommendation", names=["has no recommendation"])

        done = harness.expect_json(remediate(good), 200, "record partial remediation")
        failures.check(done.get("remediation") == {"status": "partial", "date": today} and "log_index" in done,
                       f"the remediation receipt: {json.dumps(done)[:300]}")
        rec = harness.expect_json(node.request("GET", rec_path), 200, "GET the recommendation again")
        failures.check(rec.get("remediation") == {"status": "partial", "date": today},
                       f"the recorded remediation: {rec.get('remediation')}")

        # ----------------------------------------------------------- standing
        listing = harness.expect_json(node.request("GET", "/v1/standing"), 200, "GET /v1/standing as the public")
        failures.check(listing.get("as_of") == today, f"standing defaults to today: as_of {listing.get('as_of')}")
        states = {item["state"]: item for item in listing.get("items", [])}
        failures.check(sorted(states) == ["LT", "PL"],
                       f"standing lists the active state parties only: {sorted(states)}")
        if "LT" in states:
            failures.check(states["LT"]["standing"] == "under-review",
                           f"LT with a partially remediated finding and open cases: {states['LT']}")
        if "PL" in states:
            failures.check(states["PL"]["standing"] == "good-standing" and states["PL"]["reasons"] == [],
                           f"PL with a clean record: {states['PL']}")
        before = harness.expect_json(node.request("GET", "/v1/standing?as_of=2020-01-01"), 200,
                                     "standing on a day before every record")
        failures.check(all(item["standing"] == "good-standing" for item in before.get("items", [])),
                       f"standing on 2020-01-01: {json.dumps(before)[:400]}")
        for bad in ("2026-02-30", "today", "2026-1-1"):
            check_problem(failures, node.request("GET", f"/v1/standing?as_of={bad}"), 422,
                          f"as_of={bad}", names=["as_of"], pointers=["/as_of"])
            check_problem(failures, node.request("GET", f"/v1/parties/{lt.id}/standing?as_of={bad}"), 422,
                          f"one party's standing with as_of={bad}", names=["as_of"])
        check_problem(failures, node.request("GET", "/v1/standing?asof=2026-01-01"), 400,
                      "an unknown query parameter", names=["asof"])
        one = harness.expect_json(node.request("GET", f"/v1/parties/{lt.id}/standing", token=watchdog.token),
                                  200, "one party's standing")
        failures.check(one.get("party") == lt.id and one.get("as_of") == today,
                       f"GET /v1/parties/{lt.id}/standing: {json.dumps(one)[:300]}")
        check_problem(failures, node.request("GET", f"/v1/parties/party--{uuid.uuid4()}/standing"), 404,
                      "the standing of an unknown party")
        check_problem(failures, node.request("GET", f"/v1/parties/{watchdog.id}/standing"), 404,
                      "the standing of a watchdog", names=["not a state"])

        # ---------------------------------------------------------------- CLI
        client = node.cli_client_args()
        shown = node.run_cli(["response", "show", case_id] + client)
        failures.check(shown.returncode == 0 and "recommended rung" in shown.stdout,
                       f"accord response show: exit {shown.returncode}: {(shown.stdout + shown.stderr)[:400]}")
        recorded = node.run_cli(["response", "remediation", case_id, "--status", "complete", "--date", today]
                                + client)
        failures.check(recorded.returncode == 0 and "recorded remediation complete" in recorded.stdout,
                       f"accord response remediation: exit {recorded.returncode}: "
                       f"{(recorded.stdout + recorded.stderr)[:400]}")
        refused = node.run_cli(["response", "remediation", case_id, "--status", "complete", "--date", "2001-01-01"]
                               + client)
        failures.check(refused.returncode != 0 and "before the finding" in refused.stderr,
                       f"accord response remediation before the finding: exit {refused.returncode}: "
                       f"{refused.stderr[:400]}")
        standing = node.run_cli(["standing", "LT", "--json"] + client)
        try:
            item = json.loads(standing.stdout)
            failures.check(item.get("standing") == "under-review"
                           and any("probation" in reason for reason in item.get("reasons", [])),
                           f"accord standing LT after complete remediation: {standing.stdout[:400]}")
        except ValueError:
            failures.add(f"accord standing LT --json: exit {standing.returncode}, not JSON: "
                         f"{(standing.stdout + standing.stderr)[:400]}")
        bad_day = node.run_cli(["standing", "--as-of", "someday"] + client)
        failures.check(bad_day.returncode != 0 and "as_of" in bad_day.stderr,
                       f"accord standing --as-of someday: exit {bad_day.returncode}: {bad_day.stderr[:300]}")

        # ---------------------------------------------------------------- log
        events = harness.decode_events(harness.read_log_entries(node))
        types = [event.get("type") for event in events]
        failures.check(types.count("response.recommended") == 1,
                       f"the log holds {types.count('response.recommended')} response.recommended, expected 1")
        failures.check(types.count("response.remediation-recorded") == 2,
                       f"the log holds {types.count('response.remediation-recorded')} "
                       f"response.remediation-recorded, expected 2 (API and CLI)")
        for event in events:
            if event.get("type", "").startswith("response."):
                text = json.dumps(event)
                failures.check(CANARY not in text, f"{event.get('type')} shows the allegation's statement")
                failures.check(event.get("subject") == case_id,
                               f"{event.get('type')}: subject {event.get('subject')}, expected {case_id}")
    failures.raise_if_any("graduated responses and standing")
    return "recommendation, remediation, standing and CLI checked for every reader"


if __name__ == "__main__":
    harness.main(run, "responses_test.py ACCORD_BINARY REPO_ROOT")
