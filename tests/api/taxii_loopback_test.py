#!/usr/bin/python3
"""Issue 7's "Done when": a TAXII pull between two nodes on loopback.

Node A gets the demo data set (`accord demo load`); `accord taxii pull` of A's
TAXII collection into node B, and `accord taxii push` from A into node C;
then every report A shows its secretariat exists on B and on C with the same
report JSON (GET /v1/reports/{id}, the `report` member), and a second pull
changes nothing (every item unchanged).

Usage: taxii_loopback_test.py ACCORD_BINARY REPO_ROOT
"""

import re

import harness
from harness import Failures, Node, expect_json, fail


def base_url(node):
    return f"http://{node.client.host}:{node.client.port}"


def token_file(node):
    path = node.tmp / "secretariat.token.copy"
    path.write_text(node.secretariat_token() + "\n")
    return str(path)


def compare(a, b, label, failures):
    token_a, token_b = a.secretariat_token(), b.secretariat_token()
    items, _ = harness.list_all_reports(a, token_a)
    if not items:
        fail("node A lists no reports after `accord demo load`")
    for item in items:
        want = expect_json(a.request("GET", f"/v1/reports/{item['id']}", token=token_a), 200,
                           f"read {item['id']} on A")
        got = b.request("GET", f"/v1/reports/{item['id']}", token=token_b)
        if not failures.check(got.status == 200, f"{label}: {item['id']} is not on the other node "
                                                 f"({got.status})"):
            continue
        failures.check(got.json().get("report") == want.get("report"),
                       f"{label}: {item['id']}: the report differs from A's")
    return len(items)


def run(accord, repo):
    failures = Failures()
    with Node(accord, repo) as a, Node(accord, repo) as b, Node(accord, repo) as c:
        for node in (a, b, c):
            node.start()
        loaded = a.run_cli(["demo", "load", "--node", base_url(a), "--token-file", token_file(a),
                            str(a.repo / "data" / "demo")])
        if loaded.returncode != 0:
            fail(f"accord demo load exited {loaded.returncode}: {loaded.stderr[-800:]}")

        pull = ["taxii", "pull", base_url(a) + "/taxii2/", "--taxii-token-file", token_file(a),
                "--node", base_url(b), "--token-file", token_file(b)]
        pulled = b.run_cli(pull)
        if pulled.returncode != 0:
            fail(f"accord taxii pull exited {pulled.returncode}: {pulled.stderr[-1500:]}")
        pulled_count = compare(a, b, "pull A -> B", failures)
        again = b.run_cli(pull + ["--json"])
        if again.returncode != 0:
            fail(f"the second accord taxii pull exited {again.returncode}: {again.stderr[-1500:]}")
        answer = __import__("json").loads(again.stdout)
        failures.check(answer.get("imported") == 0 and answer.get("updated") == 0,
                       f"a second pull changed B: {again.stdout[:400]}")

        pushed = a.run_cli(["taxii", "push", base_url(c) + "/taxii2/", "--taxii-token-file", token_file(c),
                            "--node", base_url(a), "--token-file", token_file(a),
                            "--envelope-bytes", "200000"])
        if pushed.returncode != 0:
            fail(f"accord taxii push exited {pushed.returncode}: {pushed.stderr[-1500:]}")
        summary = re.search(r"^pushed (\d+) reports in (\d+) envelopes to ", pushed.stdout, re.MULTILINE)
        failures.check(summary is not None and int(summary.group(2)) >= 2,
                       f"push with --envelope-bytes 200000 used one envelope: {pushed.stdout[-400:]}")
        pushed_count = compare(a, c, "push A -> C", failures)
        # Progress on stderr (not a terminal here: plain lines, src/cli/progress.h):
        # the pages fetched by pull, the reports sent of all of them by push.
        failures.check(re.search(r"^fetch collection \S+  \d+ pages(  .*)?  \d+ objects$", pulled.stderr,
                                 re.MULTILINE) is not None,
                       f"pull printed no progress of pages and objects: {pulled.stderr[-600:]}")
        failures.check(summary is not None and re.search(
                           rf"^push to \S+ +100%  {pushed_count} / {pushed_count} reports(  .*)?  \d+ objects$",
                           pushed.stderr, re.MULTILINE) is not None and int(summary.group(1)) == pushed_count,
                       f"push printed no progress of {pushed_count} reports sent: {pushed.stderr[-600:]}"
                       f"{pushed.stdout[-300:]}")
    failures.raise_if_any("loopback differences")
    return f"{pulled_count} reports pulled A -> B and {pushed_count} pushed A -> C, identical"


if __name__ == "__main__":
    harness.main(run, "taxii_loopback_test.py ACCORD_BINARY REPO_ROOT")
