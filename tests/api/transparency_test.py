#!/usr/bin/python3
"""The node's published transparency reports on a real node (docs/transparency.md).

GET /v1/transparency/reports lists the years the log covers; GET
/v1/transparency/reports/{year} serves the annual report in JSON, CSV and
HTML. The claim under test is the one a watchdog relies on: what the node
publishes is byte for byte what `accord transparency report` computes from
the node's log directory at the same checkpoint, and it follows the log as
it grows. Bad parameters are 400 problem+json naming the parameter.

Usage: transparency_test.py ACCORD_BINARY REPO_ROOT
"""

import datetime
import json

import harness
from harness import Failures, Node

FORMATS = {"json": "application/json", "csv": "text/csv", "html": "text/html"}


def cli_report(node, year, fmt, state=None):
    """`accord transparency report` on the node's own log directory, as bytes (--out: the
    CSV's CRLF line ends must not go through a text-mode pipe)."""
    out = node.tmp / f"offline-report.{fmt}"
    args = ["transparency", "report", "--year", str(year), "--format", fmt,
            "--log", str(node.data / "log"), "--out", str(out)]
    if state:
        args += ["--state", state]
    result = node.run_cli(args)
    if result.returncode != 0:
        harness.fail(f"accord {' '.join(args)}: exit {result.returncode}: {result.stderr[:400]}")
    return out.read_bytes()


def compare_with_cli(node, year, failures, expected_size, state=None):
    for fmt, media in FORMATS.items():
        query = f"?format={fmt}" + (f"&state={state}" if state else "")
        response = node.request("GET", f"/v1/transparency/reports/{year}{query}")
        if not failures.check(response.status == 200, f"{response.describe()}: {response.text()[:300]}"):
            continue
        failures.check(response.media_type() == media,
                       f"{response.describe()}: Content-Type {response.header('content-type')}, expected {media}")
        failures.check(response.header("accord-tree-size") == str(expected_size),
                       f"{response.describe()}: Accord-Tree-Size {response.header('accord-tree-size')}, "
                       f"expected the log's size {expected_size}")
        offline = cli_report(node, year, fmt, state)
        if response.body != offline:
            at = next((i for i, (a, b) in enumerate(zip(response.body, offline)) if a != b),
                      min(len(response.body), len(offline)))
            failures.add(f"{response.describe()}: differs from `accord transparency report` at byte {at}: "
                         f"node {response.body[at:at + 60]!r}, offline {offline[at:at + 60]!r}")


def run(accord, repo):
    failures = Failures()
    year = datetime.datetime.now(datetime.timezone.utc).year
    with Node(accord, repo) as node:
        node.start()
        S = node.secretariat_token()
        ukraine = harness.register_party(node, S, "Ukraine", "state", "Ukraine", state="UA")
        template = harness.load_demo(repo)
        for _ in range(3):
            harness.expect_json(harness.submit(node, ukraine.token,
                                               harness.report_as(template, harness.state_reporter("UA"))),
                                201, "submit a report")

        size = harness.log_size(node)
        index = harness.expect_json(node.request("GET", "/v1/transparency/reports"), 200, "the report index")
        failures.check(index.get("origin") == node.origin,
                       f"index origin {index.get('origin')!r}, expected the node's {node.origin!r}")
        failures.check(index.get("tree_size") == size, f"index tree_size {index.get('tree_size')}, log has {size}")
        failures.check(index.get("years") == [year], f"index years {index.get('years')}, expected [{year}]")

        compare_with_cli(node, year, failures, size)
        compare_with_cli(node, year, failures, size, state="UA")

        report = harness.expect_json(node.request("GET", f"/v1/transparency/reports/{year}"), 200, "the report")
        failures.check(report.get("checkpoint", {}).get("tree_size") == size,
                       f"the report cites tree size {report.get('checkpoint')}, log has {size}")
        failures.check(report["figures"]["global"].get("incidents.reported") == 3,
                       f"incidents.reported {report['figures']['global'].get('incidents.reported')}, expected 3")
        only_ua = harness.expect_json(node.request("GET", f"/v1/transparency/reports/{year}?state=UA"), 200,
                                      "the report of UA")
        failures.check(list(only_ua["figures"]["states"]) == ["UA"] and only_ua.get("state") == "UA",
                       f"?state=UA: states {list(only_ua['figures']['states'])}, state {only_ua.get('state')}")

        # The published report follows the log (no stale cache).
        harness.expect_json(harness.submit(node, ukraine.token,
                                           harness.report_as(template, harness.state_reporter("UA"))),
                            201, "submit a fourth report")
        grown = harness.log_size(node)
        later = harness.expect_json(node.request("GET", f"/v1/transparency/reports/{year}"), 200, "the report")
        failures.check(later["checkpoint"]["tree_size"] == grown and grown > size,
                       f"after another report the log has {grown} entries, the report cites "
                       f"{later['checkpoint']['tree_size']}")
        failures.check(later["figures"]["global"].get("incidents.reported") == 4,
                       f"after another report incidents.reported is "
                       f"{later['figures']['global'].get('incidents.reported')}, expected 4")
        compare_with_cli(node, year, failures, grown)

        # Bad parameters: 400 problem+json naming what is wrong.
        for path, named in (("/v1/transparency/reports/20x6", "year"),
                            ("/v1/transparency/reports/1969", "year"),
                            (f"/v1/transparency/reports/{year}?format=pdf", "format"),
                            (f"/v1/transparency/reports/{year}?state=ua", "state")):
            response = node.request("GET", path)
            body = response.json() if response.media_type() == "application/problem+json" else {}
            failures.check(response.status == 400 and named in body.get("detail", ""),
                           f"{response.describe()}: expected 400 problem+json naming {named!r}: "
                           f"{response.text()[:300]}")
    failures.raise_if_any("transparency report endpoints")
    return "index, JSON/CSV/HTML reports identical to the offline command, growth and bad input checked"


if __name__ == "__main__":
    harness.main(run, "transparency_test.py ACCORD_BINARY REPO_ROOT")
