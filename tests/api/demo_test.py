#!/usr/bin/python3
"""`accord demo load` on a real node: what `make run` shows a newcomer.

The demo set (data/demo) is 24 incident reports plus a directory
(data/demo/directory/directory.json): six state parties with points of
contact and three notifications with four replies. The test loads it, checks
what the public sees (reports, the directory without its restricted part,
the notification figures of the transparency report), loads it again (nothing
new), and loads a broken directory file (an error naming the member).

Usage: demo_test.py ACCORD_BINARY REPO_ROOT
"""

import datetime
import json
import shutil

import harness
from harness import Failures, Node


def demo_load(node, directory):
    return node.run_cli(["demo", "load", str(directory)] + node.cli_client_args())


def run(accord, repo):
    failures = Failures()
    year = datetime.datetime.now(datetime.timezone.utc).year
    demo = harness.pathlib.Path(repo).resolve() / "data" / "demo"
    directory = json.loads((demo / "directory" / "directory.json").read_text())
    with Node(accord, repo) as node:
        node.start()
        first = demo_load(node, demo)
        failures.check(first.returncode == 0, f"accord demo load: exit {first.returncode}: {first.stderr[-600:]}")
        failures.check("24 reports submitted" in first.stdout, f"first load: {first.stdout!r}")
        failures.check("6 state parties with points of contact, 3 notifications, 4 replies" in first.stdout,
                       f"first load: {first.stdout!r}")

        contacts = harness.expect_json(node.request("GET", "/v1/contacts"), 200, "the directory")["items"]
        organisations = sorted(item["public"]["organisation"] for item in contacts)
        expected = sorted(entry["contact"]["public"]["organisation"] for entry in directory["parties"])
        failures.check(organisations == expected, f"public directory {organisations}, expected {expected}")
        failures.check("example.invalid" not in json.dumps(contacts),
                       "the public directory shows a restricted e-mail address")

        report = harness.expect_json(node.request("GET", f"/v1/transparency/reports/{year}"), 200, "the report")
        figures = report["figures"]["global"]
        for name, value in (("incidents.reported", 24), ("notifications.sent", 3),
                            ("notifications.received", 5), ("notifications.acknowledged", 4)):
            failures.check(figures.get(name) == value, f"{name}: {figures.get(name)}, expected {value}")
        ukraine = report["figures"]["states"].get("UA", {})
        failures.check(ukraine.get("notifications.sent") == 1 and ukraine.get("notifications.received") == 1,
                       f"UA sent {ukraine.get('notifications.sent')} and received "
                       f"{ukraine.get('notifications.received')}, expected 1 and 1")

        # A CLEAR report's breakdown is public and is what `accord assess` computes offline;
        # its verdicts are the ones a full reader gets with the report.
        sample = demo / "2024-02-change-healthcare.json"
        report_id = json.loads(sample.read_text())["id"]
        published = harness.expect_json(node.request("GET", f"/v1/reports/{report_id}/assessment"), 200,
                                        "the breakdown of a CLEAR demo report")
        offline = node.run_cli(["assess", "--json", str(sample)])
        try:
            expected_severity = json.loads(offline.stdout)["reports"][0]["assessment"]
        except (ValueError, KeyError, IndexError):
            harness.fail(f"accord assess --json {sample}: exit {offline.returncode}: {offline.stdout[:300]}")
        failures.check(published.get("severity") == expected_severity,
                       f"the node's breakdown {json.dumps(published.get('severity'))[:300]} differs from "
                       f"accord assess's {json.dumps(expected_severity)[:300]}")
        full = harness.expect_json(node.request("GET", f"/v1/reports/{report_id}", token=node.secretariat_token()),
                                   200, "the full report")
        traced = [{"norm": v.get("norm"), "verdict": v.get("verdict")}
                  for v in published.get("evaluation", {}).get("verdicts", [])]
        failures.check(traced == full.get("verdicts"),
                       f"traced verdicts {traced} differ from the report's {full.get('verdicts')}")
        failures.check(all(v.get("trace") for v in published.get("evaluation", {}).get("verdicts", [])),
                       "a verdict of the evaluation has no trace")

        size = harness.log_size(node)
        again = demo_load(node, demo)
        failures.check(again.returncode == 0 and "24 already present" in again.stdout
                       and "demo directory: already present" in again.stdout,
                       f"second load: exit {again.returncode}: {again.stdout!r} {again.stderr[-300:]!r}")
        grown = harness.log_size(node)
        notifications = [e for e in harness.decode_events(harness.read_log_entries(node))[size:]
                         if e.get("type", "").startswith(("notification.", "party.", "report.", "contact."))]
        failures.check(not notifications, f"the second load logged {[e['type'] for e in notifications]} "
                                          f"({size} -> {grown} entries)")

    # A broken directory: the error names the member, the reports still load.
    with Node(accord, repo) as node:
        node.start()
        broken = node.tmp / "demo"
        shutil.copytree(demo, broken)
        bad = json.loads((broken / "directory" / "directory.json").read_text())
        del bad["parties"][2]["contact"]
        (broken / "directory" / "directory.json").write_text(json.dumps(bad))
        result = demo_load(node, broken)
        failures.check(result.returncode == 2 and "/parties/2/contact" in result.stderr,
                       f"a directory entry without contact: exit {result.returncode}, "
                       f"stderr {result.stderr[-400:]!r}; expected exit 2 naming /parties/2/contact")
    failures.raise_if_any("demo data set")
    return "reports, directory, notification figures, a second load and a broken file checked"


if __name__ == "__main__":
    harness.main(run, "demo_test.py ACCORD_BINARY REPO_ROOT")
