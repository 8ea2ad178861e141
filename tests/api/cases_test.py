#!/usr/bin/python3
"""Grievance cases through a real node (issue 8, docs/grievance.md).

Black-box over HTTP and the `accord` command line:
  - roles: the public and a wrong party see the public form only; the filer, the accused,
    the secretariat and the panel also see the allegation; evidence content is for the secretariat,
    the filer and arbitrators on the panel (an arbitrator off the panel gets 403); each
    read is a case.evidence-accessed entry on the log;
  - bad bodies answer 422 with a JSON Pointer per field;
  - a short information deadline set in the node config's [cases] table expires live:
    the case moves on, stamped at the deadline, with the accused's non-cooperation;
  - the panel is drawn with `accord case draw` and checked with `accord verify-panel`
    against the node's log ("panel verified"; a wrong log key is exit 4);
  - the log's entries never hold the statement, evidence content or custody notes.

Usage: cases_test.py ACCORD_BINARY REPO_ROOT
"""

import base64
import hashlib
import json
import time
import uuid

import harness
from harness import Failures, Node, TestFailure

SECRET_STATEMENT = "SECRET-STATEMENT unit 7 entered the plant network"
SECRET_DESCRIPTION = "SECRET-DESCRIPTION historian export"
SECRET_NOTE = "SECRET-NOTE handed over at the plant gate"
CONTENT = b"SECRET-CONTENT evidence bytes"
INFORMATION_SECONDS = 3


def set_short_deadlines(node):
    """Appends a [cases] table to config.toml: the accused has INFORMATION_SECONDS to answer."""
    config = node.data / "config.toml"
    text = config.read_text()
    if "[cases]" in text:
        text = text[:text.index("[cases]")]
    text += (f"\n[cases]\ninformation_response_seconds = {INFORMATION_SECONDS}\n"
             f"panel_appointment_seconds = 3600\nappeal_window_seconds = 3600\n")
    config.write_text(text)


def pointers(response):
    try:
        return {error.get("pointer") for error in response.json().get("errors", [])}
    except (ValueError, AttributeError):
        return set()


def filing(report_id):
    return {"accused_state": "SE", "reports": [report_id], "statement": SECRET_STATEMENT,
            "evidence": [{"media_type": "text/plain", "description": SECRET_DESCRIPTION,
                          "custody_note": SECRET_NOTE,
                          "content_base64": base64.b64encode(CONTENT).decode()}]}


def run(accord, repo):
    failures = Failures()
    with Node(accord, repo) as node:
        set_short_deadlines(node)
        node.start()
        S = node.secretariat_token()
        req = node.request
        filer = harness.register_party(node, S, "filer", "state", "State FI", state="FI")
        accused = harness.register_party(node, S, "accused", "state", "State SE", state="SE")
        other = harness.register_party(node, S, "other", "state", "State NO", state="NO")
        arbitrators = [harness.register_party(node, S, f"arbitrator {s}", "arbitrator", f"Arbitrator {s}", state=s)
                       for s in ("DE", "NL", "PT", "IE", "AT")]
        report = harness.report_as(harness.load_demo(node.repo), harness.state_reporter("FI"))
        harness.expect_json(harness.submit(node, filer.token, report), 201, "submit the report")

        # --- filing and bad input
        bad = filing(report["id"])
        bad["evidence"][0]["sha256"] = "0" * 64
        bad["accused_state"] = "XX"
        bad["filer"] = {"party_id": other.id}
        response = req("POST", "/v1/cases", bad, token=filer.token)
        failures.check(response.status == 422 and
                       {"/evidence/0/sha256", "/accused_state", "/filer"} <= pointers(response),
                       f"a bad filing: {response.status} {pointers(response)} {response.text()[:300]}")
        response = req("POST", "/v1/cases", filing(report["id"]))
        failures.check(response.status == 401, f"an anonymous filing: {response.status}")
        response = req("POST", "/v1/cases", filing(report["id"]), token=arbitrators[0].token)
        failures.check(response.status == 403, f"an arbitrator's filing: {response.status}")
        filed = harness.expect_json(req("POST", "/v1/cases", filing(report["id"]), token=filer.token), 201,
                                    "file the case")
        case, evidence_id = filed["id"], filed["evidence"][0]
        path = f"/v1/cases/{case}"

        # --- reads by role
        public = harness.expect_json(req("GET", path), 200, "the public form")
        failures.check("allegation" not in public, "the public sees the allegation")
        failures.check(public["evidence"][0]["sha256"] == hashlib.sha256(CONTENT).hexdigest(),
                       f"the node's sha256: {public['evidence'][0]}")
        wrong = harness.expect_json(req("GET", path, token=other.token), 200, "a wrong party's view")
        failures.check("allegation" not in wrong, "a wrong party sees the allegation")
        for party in (filer, accused):
            view = harness.expect_json(req("GET", path, token=party.token), 200, f"the {party.label}'s view")
            failures.check(view.get("allegation", {}).get("statement") == SECRET_STATEMENT,
                           f"the {party.label} does not see the statement")
        content_path = f"{path}/evidence/{evidence_id}"
        for party, status in ((other, 403), (accused, 403), (arbitrators[0], 403)):
            response = req("GET", content_path, token=party.token)
            failures.check(response.status == status,
                           f"{party.label} reading evidence: {response.status}, expected {status}")
        failures.check(req("GET", content_path).status == 401, "the public reading evidence")
        read = harness.expect_json(req("GET", content_path, token=filer.token), 200, "the filer reads evidence")
        failures.check(base64.b64decode(read["content_base64"]) == CONTENT, "the content read back")
        failures.check(read["evidence"]["custody"][-1]["action"] == "examined",
                       f"the read's custody entry: {read['evidence']['custody']}")

        # --- transitions: refusals and the live deadline
        move = lambda body, token=S, at=path: req("POST", f"{at}/transitions", body, token=token)
        response = move({"to": "hearing"})
        failures.check(response.status == 409 and "allowed: admissibility-review, closed" in response.text(),
                       f"an illegal step: {response.status} {response.text()[:300]}")
        response = move({"to": "nowhere", "colour": 1})
        failures.check(response.status == 422 and {"/to", "/colour"} <= pointers(response),
                       f"a bad transition body: {response.status} {pointers(response)}")
        for to in ("admissibility-review", "admitted"):
            harness.expect_status(move({"to": to}), 200, f"move to {to}")
        response = move({"to": "information-requested"}, token=accused.token)
        failures.check(response.status == 403, f"the accused requesting information: {response.status}")
        requested = harness.expect_json(move({"to": "information-requested"}), 200, "request information")
        deadline = requested.get("deadline")
        stage, view = None, None
        for _ in range(60):
            view = harness.expect_json(req("GET", path), 200, "poll the case")
            stage = view["stage"]
            if stage != "information-requested":
                break
            time.sleep(0.25)
        failures.check(stage == "investigation", f"the information deadline did not expire: {stage}")
        if stage == "investigation":
            failures.check(view["non_cooperation"] == [{"side": "accused", "stage": "information-requested",
                                                        "deadline": deadline}],
                           f"non-cooperation: {view['non_cooperation']} (deadline {deadline})")
            failures.check(view["history"][-1]["by"] == "deadline" and view["history"][-1]["at"] == deadline,
                           f"the expiry is stamped at the deadline: {view['history'][-1]}")

        # --- the panel, drawn and verified with the CLI
        client = node.cli_client_args()
        cli = lambda *args: node.run_cli(list(args) + client)
        for side, party, arbitrator in (("filer", filer, arbitrators[0]), ("accused", accused, arbitrators[1])):
            harness.expect_status(req("POST", f"{path}/appointments", {"side": side, "arbitrator": arbitrator.id},
                                      token=party.token), 201, f"appoint the {side}'s arbitrator")
        response = req("POST", f"{path}/conflicts", {}, token=arbitrators[2].token)
        failures.check(response.status == 201, f"a conflict declared: {response.status} {response.text()[:200]}")
        result = cli("case", "advance", case, "--to", "panel-selected")
        failures.check(result.returncode == 0 and "panel-selected" in result.stdout,
                       f"accord case advance: {result.returncode} {result.stdout[:300]} {result.stderr[:300]}")
        result = cli("case", "draw", case)
        failures.check(result.returncode == 0 and "chair" in result.stdout,
                       f"accord case draw: {result.returncode} {result.stdout[:300]} {result.stderr[:300]}")
        panel = harness.expect_json(req("GET", f"{path}/panel"), 200, "the panel record")
        seats = [seat["arbitrator"] for seat in panel["seats"]]
        failures.check(arbitrators[2].id not in seats, "an arbitrator who declared a conflict sits")
        result = cli("verify-panel", case)
        failures.check(result.returncode == 0 and "panel verified" in result.stdout,
                       f"accord verify-panel: {result.returncode} {result.stdout[:300]} {result.stderr[:300]}")
        # A well-formed key of another log (C2SP signed-note: key id = SHA-256(name "\n" 0x01 key)[:4]).
        other_name, other_key = "log.example/other", b"\x01" + b"\x02" * 32
        key_id = hashlib.sha256(other_name.encode() + b"\n" + other_key).digest()[:4].hex()
        wrong_key = f"{other_name}+{key_id}+" + base64.b64encode(other_key).decode()
        result = cli("verify-panel", case, "--vkey", wrong_key)
        failures.check(result.returncode == 4,
                       f"accord verify-panel with another log's key: {result.returncode} {result.stderr[:300]}")
        chair = next(a for a in arbitrators if a.id == panel["seats"][0]["arbitrator"])
        response = req("GET", content_path, token=chair.token)
        failures.check(response.status == 200, f"the chair reading evidence: {response.status}")
        view = harness.expect_json(req("GET", path, token=chair.token), 200, "the chair's view")
        failures.check(view.get("allegation", {}).get("statement") == SECRET_STATEMENT,
                       "the chair does not see the statement")
        result = cli("case", "show", case)
        failures.check(result.returncode == 0 and "panel-selected" in result.stdout,
                       f"accord case show: {result.returncode} {result.stdout[:300]}")

        # --- the hearing and the finding by the chair
        harness.expect_status(move({"to": "hearing"}), 200, "open the hearing")
        response = req("POST", f"{path}/finding", {"outcome": "no-violation", "reasoning": "r"},
                       token=arbitrators[3].token if arbitrators[3].id not in seats else other.token)
        failures.check(response.status == 403, f"a finding by someone off the panel: {response.status}")
        response = req("POST", f"{path}/finding", {"outcome": "violation", "reasoning": "r",
                                                   "norms_violated": ["ACN-Z9"]}, token=chair.token)
        failures.check(response.status == 422 and "/norms_violated/0" in pointers(response),
                       f"an unknown norm: {response.status} {pointers(response)}")
        harness.expect_status(req("POST", f"{path}/finding", {"outcome": "no-violation", "reasoning": "not shown"},
                                  token=chair.token), 201, "the chair's finding")
        stats = harness.expect_json(req("GET", "/v1/cases/statistics"), 200, "the statistics")
        failures.check(stats["cases"] == 1 and stats["attrition"] == [{"stage": "finding", "reason": "pending",
                                                                       "cases": 1}],
                       f"statistics: {stats}")

        # --- the CLI files a case with evidence and reads the content back, checked
        evidence_file = node.tmp / "exhibit.bin"
        evidence_file.write_bytes(CONTENT)
        result = cli("case", "file", "--accused", "SE", "--report", report["id"], "--statement", SECRET_STATEMENT,
                     "--evidence", str(evidence_file), "--media-type", "application/octet-stream",
                     "--description", SECRET_DESCRIPTION, "--token", filer.token)
        cli_case = result.stdout.strip()
        failures.check(result.returncode == 0 and cli_case.startswith("case--"),
                       f"accord case file: {result.returncode} {result.stdout[:300]} {result.stderr[:300]}")
        if cli_case.startswith("case--"):
            shown = harness.expect_json(req("GET", f"/v1/cases/{cli_case}", token=filer.token), 200, "the CLI's case")
            exhibit = shown["allegation"]["evidence"][0]["id"]
            out = node.tmp / "exhibit.out"
            result = cli("case", "evidence", cli_case, exhibit, "--out", str(out), "--token", filer.token)
            failures.check(result.returncode == 0 and out.exists() and out.read_bytes() == CONTENT,
                           f"accord case evidence --out: {result.returncode} {result.stdout[:300]} {result.stderr[:300]}")
            result = cli("case", "list", "--stage", "filed")
            failures.check(result.returncode == 0 and cli_case in result.stdout,
                           f"accord case list: {result.returncode} {result.stdout[:300]}")
            result = cli("case", "advance", cli_case, "--to", "hearing")
            failures.check(result.returncode == 1 and "allowed: admissibility-review, closed" in result.stderr,
                           f"accord case advance (illegal): {result.returncode} {result.stderr[:300]}")

        # --- the log holds no statement, content, description or custody note
        size, filed_entries = harness.log_size(node), 0
        for index in range(size):
            response = req("GET", f"/v1/log/entries/{index}")
            failures.check(response.status == 200, f"log entry {index}: {response.status}")
            text = response.text()
            filed_entries += '"type":"case.filed"' in text
            for secret in (SECRET_STATEMENT, SECRET_DESCRIPTION, SECRET_NOTE,
                           base64.b64encode(CONTENT).decode(), CONTENT.decode()):
                if secret in text:
                    failures.add(f"log entry {index} holds {secret[:20]!r}")
        failures.check(filed_entries == 2, f"the log's case.filed entries: {filed_entries} (2 cases filed)")
        result = cli("case", "--help")
        failures.check(result.returncode == 0 and "advance" in result.stdout and "draw" in result.stdout,
                       f"accord case --help: {result.returncode} {result.stdout[:300]}")

    failures.raise_if_any("cases through a real node")
    return "filing, roles, evidence custody, live deadline, panel draw verified, finding, clean log"


if __name__ == "__main__":
    harness.main(run, "cases_test.py ACCORD_BINARY REPO_ROOT")
