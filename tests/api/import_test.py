#!/usr/bin/python3
"""`accord import` against a running node (docs/exchange/imports.md).

A STIX bundle made with `accord stix export` from two demo reports plus one
ATT&CK technique as MITRE publishes it, and the same bundle with one object
that breaks STIX 2.1 (spec_version 2.0):
  - the bad bundle without --partial: nothing is sent, nothing stored
    (reports, techniques, log size unchanged), the summary says the bundle
    was refused and why, exit status 2;
  - with --partial: the rest is stored, the rejected object listed, exit 2;
    the technique is MITRE's object alone: the export's own attack-patterns
    (no created_by_ref) are listed as ignored, not recorded as techniques;
  - the good bundle again: everything "unchanged", nothing written, exit 0.
A VERIS directory written here (one incident that maps, one without a
country) the same way; a token that is not the secretariat's is refused
(403); and the list views as CSV (format=csv and Accept: text/csv).

Usage: import_test.py ACCORD_BINARY REPO_ROOT
"""

import csv
import io
import json
import re
import socket

import harness
from harness import Failures, Node, TestFailure

BAD_OBJECT = {"type": "incident", "spec_version": "2.0",
              "id": "incident--6a8e5b1c-1111-4222-8333-444455556666",
              "created": "2024-01-01T00:00:00.000Z", "modified": "2024-01-01T00:00:00.000Z",
              "name": "an incident of STIX 2.0"}

# ATT&CK for ICS T0816 as MITRE publishes it (created_by_ref: the identity
# "The MITRE Corporation" of ../shared/data/attack-ics/ics-attack-18.1.json).
MITRE_PATTERN = {"type": "attack-pattern", "spec_version": "2.1",
                 "id": "attack-pattern--2e8cd3a5-3b6e-4f3e-9d8e-1b1c2d3e4f50",
                 "created_by_ref": "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5",
                 "created": "2020-05-21T17:43:26.506Z", "modified": "2023-10-13T17:56:42.431Z",
                 "name": "Device Restart/Shutdown",
                 "external_references": [{"source_name": "mitre-attack", "external_id": "T0816",
                                          "url": "https://attack.mitre.org/techniques/T0816"}],
                 "kill_chain_phases": [{"kill_chain_name": "mitre-ics-attack",
                                        "phase_name": "inhibit-response-function"}],
                 "x_mitre_domains": ["ics-attack"]}

VERIS_GOOD = {
    "schema_version": "1.3.7", "incident_id": "5D0C3A3E-4B4E-4C8A-9D2B-1A2B3C4D5E6F",
    "security_incident": "Confirmed",
    "summary": "Ransomware disrupted the billing systems of a water utility.",
    "timeline": {"incident": {"year": 2023, "month": 5, "day": 14}},
    "victim": {"victim_id": "Example Water", "country": ["PL"], "industry": "221310"},
    "actor": {"external": {"variety": ["Nation-state"], "country": ["Unknown"]}},
    "action": {"malware": {"variety": ["Ransomware"], "cve": "CVE-2023-12345"}},
    "asset": {"assets": [{"variety": "S - Database"}]},
    "attribute": {"availability": {"variety": ["Interruption"]}},
    "reference": "https://example.org/water-incident",
    "plus": {"created": "2023-06-01T10:00:00Z", "modified": "2023-06-02T10:00:00Z"}}


def counts(node, token):
    """What the node holds: reports (all of them, as the secretariat lists them),
    techniques, and the log's size."""
    items, _ = harness.list_all_reports(node, token, "include_withdrawn=true&include_exercise=true")
    reports = len(items)
    techniques = harness.expect_json(node.request("GET", "/v1/reference/techniques"), 200,
                                     "list techniques")["items"]
    return {"reports": reports, "techniques": len(techniques), "log": harness.log_size(node)}


def summary_count(stdout, name):
    match = re.search(rf"^  {name} +(\d+)$", stdout, re.MULTILINE)
    if not match:
        raise TestFailure(f"the summary has no '{name}' line:\n{stdout}")
    return int(match.group(1))


def declared_length_status(node, path, length, token):
    """The status line the node answers a POST whose header declares `length` bytes
    (none of them sent): a body over the route's limit is refused before it is read."""
    with socket.create_connection(("127.0.0.1", node.client.port), timeout=30) as connection:
        connection.sendall((f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
                            f"Content-Length: {length}\r\n\r\n").encode())
        answer = connection.recv(4096).decode("latin-1")
    return answer.split("\r\n", 1)[0]


def run(accord, repo):
    failures = Failures()
    with Node(accord, repo) as node:
        node.start()
        token = node.secretariat_token()
        client = node.cli_client_args()

        def accord_import(*args):
            result = node.run_cli(["import", *args, *client])
            return result

        # The bundles.
        demo = [str(node.repo / "data" / "demo" / name)
                for name in ("2015-12-ukraine-power-grid.json", "2017-06-notpetya.json")]
        exported = node.run_cli(["stix", "export", *demo])
        if exported.returncode != 0:
            raise TestFailure(f"accord stix export: {exported.stderr}")
        bundle = json.loads(exported.stdout)
        bundle["objects"].append(MITRE_PATTERN)
        cited = set()  # the techniques the two reports cite
        for path in demo:
            with open(path, encoding="utf-8") as handle:
                cited.update(json.load(handle).get("techniques", []))
        good = node.tmp / "good-bundle.json"
        good.write_text(json.dumps(bundle))
        bundle["objects"].append(BAD_OBJECT)
        bad = node.tmp / "bad-bundle.json"
        bad.write_text(json.dumps(bundle))

        before = counts(node, token)
        refused = accord_import("stix", str(bad))
        failures.check(refused.returncode == 2,
                       f"import of a bundle with a bad object: exit {refused.returncode}, expected 2\n"
                       f"{refused.stdout}{refused.stderr}")
        failures.check("refused: nothing was sent, because 1 object was rejected" in refused.stdout,
                       f"the summary must say the bundle was refused and why:\n{refused.stdout}")
        failures.check(BAD_OBJECT["id"] in refused.stdout and "/spec_version" in refused.stdout,
                       f"the summary must name the object and the field:\n{refused.stdout}")
        failures.check(counts(node, token) == before,
                       f"a refused bundle stored something: before {before}, after {counts(node, token)}")

        partial = accord_import("stix", str(bad), "--partial")
        failures.check(partial.returncode == 2,
                       f"--partial with a rejected object: exit {partial.returncode}, expected 2\n"
                       f"{partial.stdout}{partial.stderr}")
        after_partial = counts(node, token)
        failures.check(after_partial["reports"] == before["reports"] + 2,
                       f"--partial must store the two reports: {before} -> {after_partial}")
        failures.check(after_partial["techniques"] == before["techniques"] + 1,
                       f"--partial must store MITRE's technique alone: {before} -> {after_partial}")
        imported = summary_count(partial.stdout, "imported")
        failures.check(imported == 2 + 1,
                       f"--partial: imported {imported}, expected 2 reports and 1 technique\n{partial.stdout}")
        # docs/exchange/stix.md: the export's attack-patterns carry no created_by_ref.
        not_mitre = re.search(r"^ +(\d+)  attack-pattern: ATT&CK reference not published by MITRE "
                              r"\(no created_by_ref\); the technique catalogue keeps MITRE's own objects$",
                              partial.stdout, re.MULTILINE)
        failures.check(not_mitre is not None and int(not_mitre.group(1)) == len(cited),
                       f"the export's {len(cited)} attack-patterns must be listed as ignored, not "
                       f"published by MITRE:\n{partial.stdout}")
        failures.check(summary_count(partial.stdout, "rejected") == 1, f"--partial:\n{partial.stdout}")
        failures.check(after_partial["log"] == before["log"] + imported,
                       f"one event per imported record: log {before['log']} -> {after_partial['log']}, "
                       f"{imported} imported")

        again = accord_import("stix", str(good))
        failures.check(again.returncode == 0, f"re-import: exit {again.returncode}\n{again.stdout}{again.stderr}")
        failures.check(summary_count(again.stdout, "unchanged") == imported and
                       summary_count(again.stdout, "imported") == 0,
                       f"re-import must find everything unchanged:\n{again.stdout}")
        failures.check(counts(node, token) == after_partial, "a re-import with nothing new wrote something")

        # VERIS: a directory with one incident that maps and one that does not.
        veris = node.tmp / "veris"
        veris.mkdir()
        (veris / "good.json").write_text(json.dumps(VERIS_GOOD))
        unknown = dict(VERIS_GOOD, incident_id="6E1D4B4F-5C5F-4D9B-8E3C-2B3C4D5E6F70",
                       victim=dict(VERIS_GOOD["victim"], country=["Unknown"]))
        (veris / "no-country.json").write_text(json.dumps(unknown))
        before = counts(node, token)
        refused = accord_import("veris", str(veris))
        failures.check(refused.returncode == 2 and "refused: nothing was sent" in refused.stdout and
                       "no-country.json /victim/country" in refused.stdout,
                       f"VERIS without --partial: exit {refused.returncode}\n{refused.stdout}")
        failures.check(counts(node, token) == before, "a refused VERIS import stored something")
        partial = accord_import("veris", str(veris), "--partial")
        failures.check(partial.returncode == 2 and summary_count(partial.stdout, "imported") == 1,
                       f"VERIS --partial: exit {partial.returncode}\n{partial.stdout}{partial.stderr}")
        failures.check(counts(node, token)["reports"] == before["reports"] + 1, "VERIS --partial stored no report")
        failures.check("ignored" in partial.stdout and "action: malware" in partial.stdout,
                       f"ignored objects must be grouped by reason:\n{partial.stdout}")

        # Only the secretariat imports.
        watchdog = harness.register_party(node, token, "watchdog", "watchdog", "Watch")
        watchdog_token = node.tmp / "watchdog.token"
        watchdog_token.write_text(watchdog.token)
        denied = node.run_cli(["import", "stix", str(good), "--node", f"http://127.0.0.1:{node.client.port}",
                               "--token-file", str(watchdog_token)])
        failures.check(denied.returncode != 0 and "403" not in denied.stdout and
                       "may not import records" in denied.stderr,
                       f"a watchdog's import: exit {denied.returncode}\n{denied.stdout}{denied.stderr}")

        # Body limits: an import may be larger than a report (1 MiB), up to 64 MiB.
        large = node.request("POST", "/v1/imports", {"source": "x" * (2 << 20)}, token=token)
        failures.check(large.status == 422 and large.problem_type() == "/problems/validation_failed",
                       f"a 2 MiB import body must reach the decoder (422 for its /source), got "
                       f"{large.describe()} {large.text()[:200]}")
        over = declared_length_status(node, "/v1/imports", (64 << 20) + 1, token)
        failures.check(over.startswith("HTTP/1.1 413"),
                       f"an import body over 64 MiB must be refused with 413 before it is read: {over!r}")
        report_over = declared_length_status(node, "/v1/reports", (2 << 20), token)
        failures.check(report_over.startswith("HTTP/1.1 413"),
                       f"a report body over 1 MiB must still be refused with 413: {report_over!r}")

        # CSV list views.
        techniques_csv = node.request("GET", "/v1/reference/techniques?format=csv")
        failures.check(techniques_csv.status == 200 and techniques_csv.media_type() == "text/csv",
                       f"techniques as CSV: {techniques_csv.describe()}")
        rows = list(csv.reader(io.StringIO(techniques_csv.text())))
        failures.check(rows and rows[0][:2] == ["id", "name"] and
                       len(rows) - 1 == after_partial["techniques"],
                       f"techniques CSV: {len(rows) - 1} rows for {after_partial['techniques']} techniques")
        parties_csv = node.request("GET", "/v1/parties", headers={"Accept": "text/csv"})
        failures.check(parties_csv.status == 200 and parties_csv.media_type() == "text/csv" and
                       parties_csv.text().startswith("id,kind,name,state,status,registered_at\r\n"),
                       f"parties with Accept: text/csv: {parties_csv.describe()} {parties_csv.text()[:200]}")
        advisories_csv = node.request("GET", "/v1/advisories?format=csv")
        failures.check(advisories_csv.status == 200 and advisories_csv.text().startswith("publisher,tracking_id,"),
                       f"advisories as CSV: {advisories_csv.describe()}")
        failures.raise_if_any("import failures")
    return f"STIX and VERIS imports all-or-nothing, --partial, unchanged re-import, CSV lists; {failures.checks} checks"


if __name__ == "__main__":
    harness.main(run, "import_test.py ACCORD_BINARY REPO_ROOT")
