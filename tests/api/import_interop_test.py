#!/usr/bin/python3
"""`accord import` of the shared third-party data into a fresh node (label interop).

  - `accord import veris $ACCORD_SHARED_DATA/vcdb --partial`: the number of
    reports the node lists equals the "imported" count the summary printed
    (the incidents without a known country are rejected, listed, and leave
    the exit status at 2);
  - `accord import stix $ACCORD_SHARED_DATA/attack-ics/ics-attack-18.1.json`:
    GET /v1/reference/techniques lists the bundle's techniques, among them
    every ATT&CK for ICS id the norms catalogue (data/norms) names;
  - then a bundle of `accord stix export` (demo reports citing those
    techniques in attack-patterns of accord's own): its reports are
    imported, but no technique is recorded or "updated": the list is
    MITRE's, byte for byte as before.
Fails, never skips, when ACCORD_SHARED_DATA is not the shared data folder.

Usage: import_interop_test.py ACCORD_BINARY REPO_ROOT
"""

import os
import pathlib
import re

import harness
from harness import Failures, Node, TestFailure

ATTACK_ICS_BUNDLE = "attack-ics/ics-attack-18.1.json"


def summary_count(stdout, name):
    match = re.search(rf"^  {name} +(\d+)$", stdout, re.MULTILINE)
    if not match:
        raise TestFailure(f"the summary has no '{name}' line:\n{stdout[:3000]}")
    return int(match.group(1))


def catalogue_ics_ids(repo):
    """The ATT&CK for ICS ids (T0NNN) the norms catalogue names."""
    ids = set()
    for path in (pathlib.Path(repo) / "data" / "norms").glob("*.toml"):
        ids.update(re.findall(r'"(T0[0-9]{3})"', path.read_text()))
    if not ids:
        raise TestFailure("data/norms names no ATT&CK for ICS technique id: the test would check nothing")
    return ids


def run(accord, repo):
    shared = os.environ.get("ACCORD_SHARED_DATA", "")
    if not shared or not (pathlib.Path(shared) / "vcdb").is_dir():
        raise TestFailure(f"ACCORD_SHARED_DATA={shared!r} is not the shared data folder (with vcdb/ and "
                          f"attack-ics/)")
    shared = pathlib.Path(shared)
    failures = Failures()
    with Node(accord, repo) as node:
        node.start()
        token = node.secretariat_token()
        client = node.cli_client_args()

        veris = node.run_cli(["import", "veris", str(shared / "vcdb"), "--partial", *client], timeout=900)
        imported = summary_count(veris.stdout, "imported")
        rejected = summary_count(veris.stdout, "rejected")
        failures.check(veris.returncode == (2 if rejected else 0),
                       f"accord import veris vcdb: exit {veris.returncode} with {rejected} rejected\n"
                       f"{veris.stderr[-2000:]}")
        failures.check(imported > 0, f"accord import veris vcdb imported nothing:\n{veris.stdout[:3000]}")
        items, _ = harness.list_all_reports(node, token, "include_withdrawn=true&include_exercise=true")
        failures.check(len(items) == imported,
                       f"the node lists {len(items)} reports; the summary printed {imported} imported")

        stix = node.run_cli(["import", "stix", str(shared / ATTACK_ICS_BUNDLE), *client], timeout=900)
        failures.check(stix.returncode == 0,
                       f"accord import stix {ATTACK_ICS_BUNDLE}: exit {stix.returncode}\n"
                       f"{stix.stdout[:3000]}{stix.stderr[-2000:]}")
        techniques = harness.expect_json(node.request("GET", "/v1/reference/techniques"), 200,
                                         "list techniques")["items"]
        listed = {technique["id"] for technique in techniques}
        failures.check(len(listed) == summary_count(stix.stdout, "imported"),
                       f"{len(listed)} techniques listed, {summary_count(stix.stdout, 'imported')} imported")
        missing = sorted(catalogue_ics_ids(repo) - listed)
        failures.check(not missing, f"ATT&CK ids of the norms catalogue not listed after the import: {missing}")

        demo = sorted(str(path) for path in (pathlib.Path(repo) / "data" / "demo").glob("*.json"))
        exported = node.run_cli(["stix", "export", *demo])
        if exported.returncode != 0:
            raise TestFailure(f"accord stix export: exit {exported.returncode}: {exported.stderr[-2000:]}")
        bundle = node.tmp / "demo-export.json"
        bundle.write_text(exported.stdout)
        again = node.run_cli(["import", "stix", str(bundle), *client], timeout=900)
        failures.check(again.returncode == 0 and summary_count(again.stdout, "imported") == len(demo) and
                       summary_count(again.stdout, "updated") == 0,
                       f"import of accord's own export: exit {again.returncode}, expected "
                       f"{len(demo)} reports imported and nothing updated\n{again.stdout[:3000]}"
                       f"{again.stderr[-2000:]}")
        failures.check("  to send    " + str(len(demo)) + " reports, 0 techniques" in again.stdout,
                       f"accord's export must yield no technique:\n{again.stdout[:3000]}")
        after = harness.expect_json(node.request("GET", "/v1/reference/techniques"), 200,
                                    "list techniques")["items"]
        failures.check(after == techniques,
                       "importing accord's export changed the technique list (MITRE's entries)")
        failures.raise_if_any("import interop failures")
    return (f"VCDB: {imported} reports imported and listed ({rejected} rejected); ATT&CK for ICS: "
            f"{len(listed)} techniques, every catalogue id among them")


if __name__ == "__main__":
    harness.main(run, "import_interop_test.py ACCORD_BINARY REPO_ROOT")
