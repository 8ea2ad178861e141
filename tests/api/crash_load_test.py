#!/usr/bin/python3
"""No acknowledged report is lost when the node is killed under load.

Each round: 8 client threads submit reports (the demo data set with fresh
ids, each thread with its own secretariat token, so that no thread waits on
another's rate limit); after about 2 s the node gets SIGKILL. Every id that
was answered 201 is recorded. The node is started again, and then:
  - every acknowledged report of this and the earlier rounds reads back (200)
    at its version, and the log entry at its receipt's log_index is its
    report.submitted event;
  - `accord verify log DATA/log --last-seen F` passes: the tiles re-hash to
    the signed checkpoint, which extends the one seen after the round before;
  - after a clean stop, `accord rebuild --data DATA --check` (rebuilds the
    projections from the events and compares them with the stored ones)
    exits 0.
Three rounds on the same data directory.

Usage: crash_load_test.py ACCORD_BINARY REPO_ROOT
"""

import json
import random
import threading
import time

import harness
from harness import Failures, Node, TestFailure

ROUNDS = 3
THREADS = 8
LOAD_SECONDS = 2.0
JOIN_TIMEOUT_SECONDS = 60


class Load:
    """The client threads of one round."""

    def __init__(self, node, tokens, templates, round_number):
        self.client = node.client
        self.tokens = tokens
        self.templates = templates
        self.round = round_number
        self.lock = threading.Lock()
        self.acknowledged = {}   # id -> receipt
        self.unexpected = []     # (status, body) of answers other than 201/429
        self.sent = 0
        self.stop = threading.Event()

    def worker(self, number):
        rng = random.Random(f"{self.round}-{number}")
        token = self.tokens[number]
        while not self.stop.is_set():
            template = rng.choice(self.templates)
            report = harness.report_as(template, template["reporter"])
            try:
                # No retry on 429 here: the loop itself retries with a new report.
                response = self.client.request("POST", "/v1/reports", {"report": report},
                                               token=token, retry_rate_limit=False, timeout=20)
            except Exception:  # the node was killed mid-request
                if self.stop.is_set():
                    return
                time.sleep(0.05)
                continue
            with self.lock:
                self.sent += 1
                if response.status == 201:
                    receipt = json.loads(response.body)
                    if receipt.get("id") != report["id"]:
                        self.unexpected.append((201, f"receipt id {receipt.get('id')} for "
                                                     f"{report['id']}"))
                    self.acknowledged[report["id"]] = receipt
                elif response.status == 429:
                    pass
                else:
                    self.unexpected.append((response.status, response.text()[:300]))
            if response.status == 429:
                time.sleep(float(response.header("retry-after") or 1))


def run_round(node, tokens, templates, round_number, failures):
    load = Load(node, tokens, templates, round_number)
    threads = [threading.Thread(target=load.worker, args=(n,), daemon=True)
               for n in range(THREADS)]
    for thread in threads:
        thread.start()
    time.sleep(LOAD_SECONDS + random.uniform(0, 0.5))
    node.kill()
    load.stop.set()
    for thread in threads:
        thread.join(JOIN_TIMEOUT_SECONDS)
        if thread.is_alive():
            raise TestFailure(f"round {round_number}: a client thread did not end within "
                              f"{JOIN_TIMEOUT_SECONDS} s after the node was killed")
    for status, body in load.unexpected[:20]:
        failures.add(f"round {round_number}: POST /v1/reports under load -> {status}: {body}")
    return load


def check_after_restart(node, secretariat_token, acknowledged, last_seen, round_number, failures):
    """Every acknowledged report reads back and sits at its log index; the log verifies."""
    entries = harness.read_log_entries(node)
    for report_id, receipt in sorted(acknowledged.items()):
        response = node.request("GET", f"/v1/reports/{report_id}", token=secretariat_token)
        if not failures.check(response.status == 200,
                              f"round {round_number}: acknowledged report {report_id} (log_index "
                              f"{receipt.get('log_index')}) is lost after kill -9 and restart: "
                              f"GET -> {response.status}: {response.text()[:200]}"):
            continue
        view = response.json()
        failures.check(view.get("version", 1) >= 1 and view.get("id") == report_id,
                       f"round {round_number}: GET /v1/reports/{report_id}: id {view.get('id')}")
        index = receipt.get("log_index")
        if not isinstance(index, int) or index >= len(entries):
            failures.add(f"round {round_number}: {report_id}: receipt log_index {index} is not "
                         f"in the log of {len(entries)} entries")
            continue
        event = json.loads(entries[index])
        failures.check(event.get("type") == "report.submitted" and event.get("subject") == report_id,
                       f"round {round_number}: log entry {index} is {event.get('type')} of "
                       f"{event.get('subject')}, but the receipt of {report_id} named it")
        failures.check(receipt.get("tree_size", 0) <= len(entries),
                       f"round {round_number}: {report_id}: receipt tree_size "
                       f"{receipt.get('tree_size')} beyond the log's {len(entries)}")
    verify = node.run_cli(["verify", "log", str(node.data / "log"), "--last-seen", str(last_seen)])
    failures.check(verify.returncode == 0,
                   f"round {round_number}: accord verify log {node.data / 'log'} --last-seen "
                   f"{last_seen} exited {verify.returncode}: "
                   f"{(verify.stderr or verify.stdout).strip()[:500]}")
    return len(entries)


def run(accord, repo):
    failures = Failures()
    templates = [harness.load_demo(repo, name) for name in harness.demo_names(repo)]
    if not templates:
        raise TestFailure(f"no demo reports in {repo}/data/demo")
    acknowledged = {}
    per_round = []
    with Node(accord, repo) as node:
        node.start()
        secretariat = harness.find_secretariat(node, node.secretariat_token())
        tokens = [harness.issue_token(node, secretariat.token, secretariat.id, f"thread {n}")
                  for n in range(THREADS)]
        last_seen = node.tmp / "last-seen-checkpoint"
        for round_number in range(1, ROUNDS + 1):
            load = run_round(node, tokens, templates, round_number, failures)
            if not load.acknowledged:
                failures.add(f"round {round_number}: no submission was acknowledged in "
                             f"{LOAD_SECONDS} s of load ({load.sent} answers)")
            acknowledged.update(load.acknowledged)
            node.start()
            size = check_after_restart(node, secretariat.token, acknowledged, last_seen,
                                       round_number, failures)
            code = node.stop()
            failures.check(code == 0, f"round {round_number}: accord serve exited {code} on "
                                      f"SIGTERM; stderr: {node.stderr_tail(500)}")
            rebuild = node.run_cli(["rebuild", "--data", str(node.data), "--check"])
            failures.check(rebuild.returncode == 0,
                           f"round {round_number}: accord rebuild --data {node.data} --check "
                           f"exited {rebuild.returncode}: "
                           f"{(rebuild.stderr or rebuild.stdout).strip()[:500]}")
            per_round.append(f"{len(load.acknowledged)}/{load.sent}")
            if round_number < ROUNDS:
                node.start()
            failures.raise_if_any(f"failures after round {round_number}")
    return (f"{ROUNDS} rounds of {THREADS} threads killed with SIGKILL after ~{LOAD_SECONDS:.0f} s "
            f"(acknowledged/answered per round: {', '.join(per_round)}); all "
            f"{len(acknowledged)} acknowledged reports read back, the log ({size} entries) "
            f"verifies and extends the last seen checkpoint, projections rebuild identical")


if __name__ == "__main__":
    harness.main(run, "crash_load_test.py ACCORD_BINARY REPO_ROOT")
