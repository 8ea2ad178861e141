#!/usr/bin/python3
"""Notifications through a real node (issue 8, docs/notifications.md).

Black-box over HTTP and the `accord` command line:
  - roles: the public is 401 on every notification route but the directory and the ping
    figures; a party that is neither sender nor recipient gets the same 404 as for an
    unknown id (existence is not revealed); a state may not set another's contact (403);
  - bad bodies answer 422 with a JSON Pointer per field;
  - a short acknowledgment window set in the node config's [notifications] table: a
    notification goes overdue live, once, and a late acknowledgment is recorded as late;
  - the log's entries never hold a subject, a body or restricted contact details;
  - the CLI: contact set|list, notify send|list|show|reply, ping send|report, and an
    exercise scenario injected with `accord exercise run` and measured with
    `accord exercise report`, kept apart from the real ping figures.

Usage: notifications_test.py ACCORD_BINARY REPO_ROOT
"""

import json
import pathlib
import time
import uuid

import harness
from harness import Failures, Node, TestFailure

SECRET_SUBJECT = "SECRET-SUBJECT pumping station encrypted"
SECRET_BODY = "SECRET-BODY historian and HMIs encrypted at 06:40 UTC"
SECRET_EMAIL = "secret-duty@cert.example"
URGENT_SECONDS = 3


def set_short_windows(node):
    """Appends a [notifications] table to the node's config.toml: urgent notifications
    must be acknowledged within URGENT_SECONDS."""
    config = node.data / "config.toml"
    text = config.read_text()
    if "[notifications]" in text:
        # `accord init` wrote the defaults: replace the table.
        text = text[:text.index("[notifications]")]
    text += (f"\n[notifications]\nurgent_seconds = {URGENT_SECONDS}\nnormal_seconds = 3600\n"
             f"ping_seconds = 3600\n")
    config.write_text(text)


def alert(to, priority="urgent", **extra):
    body = {"kind": "incident-alert", "to": to, "priority": priority, "subject": SECRET_SUBJECT,
            "body": SECRET_BODY, "tlp": "AMBER"}
    body.update(extra)
    return body


def pointers(response):
    try:
        return {error.get("pointer") for error in response.json().get("errors", [])}
    except (ValueError, AttributeError):
        return set()


def status_of(thread, party_id):
    for status in thread.get("statuses", []):
        if status.get("recipient") == party_id:
            return status
    raise TestFailure(f"no status of {party_id} in {json.dumps(thread)[:400]}")


def run(accord, repo):
    failures = Failures()
    with Node(accord, repo) as node:
        set_short_windows(node)
        node.start()
        S = node.secretariat_token()
        a = harness.register_party(node, S, "state A", "state", "State A", state="FI")
        b = harness.register_party(node, S, "state B", "state", "State B", state="SE")
        c = harness.register_party(node, S, "state C", "state", "State C", state="NO")
        op = harness.register_party(node, S, "operator", "operator", "Water Utility")
        req = node.request

        # --- points of contact
        contact = {"public": {"organisation": "National CERT", "role": "technical",
                              "languages": ["fi", "en"], "hours": "24/7"},
                   "restricted": {"names": ["Duty officer"], "email": SECRET_EMAIL}}
        r = req("PUT", f"/v1/parties/{a.id}/contact", contact, token=a.token)
        failures.check(r.status == 200, f"PUT own contact: {r.describe()} {r.text()[:300]}")
        r = req("PUT", f"/v1/parties/{a.id}/contact", contact, token=b.token)
        failures.check(r.status == 403, f"PUT another state's contact: {r.describe()}, expected 403")
        r = req("PUT", f"/v1/parties/{a.id}/contact", contact)
        failures.check(r.status == 401, f"PUT contact as the public: {r.describe()}, expected 401")
        bad = {"public": dict(contact["public"], languages=[]), "restricted": {"phone": "call us"}}
        r = req("PUT", f"/v1/parties/{a.id}/contact", bad, token=a.token)
        failures.check(r.status == 422 and {"/public/languages", "/restricted/phone"} <= pointers(r),
                       f"PUT a bad contact: {r.describe()}, pointers {sorted(map(str, pointers(r)))}")
        public_dir = harness.expect_json(req("GET", "/v1/contacts"), 200, "the public directory")
        failures.check(all("restricted" not in item for item in public_dir["items"]),
                       "the public directory shows restricted details")
        for who, token, sees in (("state B", b.token, True), ("the operator", op.token, False)):
            items = harness.expect_json(req("GET", "/v1/contacts", token=token), 200, "directory")["items"]
            shown = any("restricted" in item for item in items)
            failures.check(shown == sees, f"GET /v1/contacts as {who}: restricted shown={shown}")

        # --- notifications: roles and bad input
        r = req("POST", "/v1/notifications", alert([b.id]))
        failures.check(r.status == 401, f"POST /v1/notifications as the public: {r.describe()}")
        r = req("POST", "/v1/notifications", alert([b.id]), token=op.token)
        failures.check(r.status == 403, f"POST /v1/notifications as an operator: {r.describe()}")
        unknown = f"party--{uuid.uuid4()}"
        r = req("POST", "/v1/notifications", alert([b.id, unknown], priority="asap", id="x"),
                token=a.token)
        failures.check(r.status == 422 and {"/id"} <= pointers(r),
                       f"server-set id: {r.describe()} {sorted(map(str, pointers(r)))}")
        r = req("POST", "/v1/notifications", alert([b.id, unknown], priority="asap"), token=a.token)
        failures.check(r.status == 422 and "/priority" in pointers(r),
                       f"bad priority: {r.describe()} {sorted(map(str, pointers(r)))}")
        r = req("POST", "/v1/notifications", alert([b.id, unknown]), token=a.token)
        failures.check(r.status == 422 and "/to/1" in pointers(r),
                       f"unknown recipient: {r.describe()} {sorted(map(str, pointers(r)))}")
        r = req("POST", "/v1/notifications", b'{"kind":', token=a.token)
        failures.check(r.status == 400, f"JSON that does not parse: {r.describe()}")

        sent = harness.expect_json(req("POST", "/v1/notifications", alert([b.id, c.id]), token=a.token),
                                   201, "send an urgent alert")
        nid = sent["id"]
        thread_path = f"/v1/notifications/{nid}"

        # Who may read it: sender, recipients, secretariat; others get the unknown-id 404.
        for who, token in (("the sender", a.token), ("the secretariat", S)):
            harness.expect_status(req("GET", thread_path, token=token), 200, f"GET as {who}")
        outsider = req("GET", thread_path, token=op.token)
        missing = req("GET", f"/v1/notifications/notification--{uuid.uuid4()}", token=op.token)
        failures.check(outsider.status == 404 and missing.status == 404,
                       f"GET as an outsider {outsider.status}, unknown id {missing.status}: expected 404")
        failures.check(outsider.problem_type() == missing.problem_type(),
                       "an outsider's 404 differs from an unknown id's")
        failures.check(a.id not in outsider.text() and SECRET_SUBJECT not in outsider.text(),
                       f"the outsider's 404 leaks: {outsider.text()[:300]}")
        r = req("GET", thread_path)
        failures.check(r.status == 401, f"GET a notification as the public: {r.describe()}")
        r = req("POST", thread_path + "/replies", {"kind": "acknowledgment"}, token=op.token)
        failures.check(r.status == 404, f"an outsider acknowledges: {r.describe()}, expected 404")
        r = req("GET", "/v1/notifications")
        failures.check(r.status == 401, f"GET /v1/notifications as the public: {r.describe()}")
        mine = harness.expect_json(req("GET", "/v1/notifications", token=op.token), 200, "operator list")
        failures.check(mine["items"] == [], f"the operator lists others' notifications: {mine}")
        secretariat_view = harness.expect_json(req("GET", thread_path, token=S), 200, "secretariat view")
        failures.check("subject" not in secretariat_view["notification"],
                       "the secretariat, not a party to it, sees the subject")

        # B reads (delivery) and acknowledges on time; C does not.
        thread = harness.expect_json(req("GET", thread_path, token=b.token), 200, "B reads it")
        failures.check(status_of(thread, b.id)["state"] == "delivered",
                       f"B's first read: state {status_of(thread, b.id)['state']}, expected delivered")
        ack = harness.expect_json(req("POST", thread_path + "/replies", {"kind": "acknowledgment"},
                                      token=b.token), 201, "B acknowledges")
        failures.check(ack.get("state") == "acknowledged" and ack.get("late") is False,
                       f"B's acknowledgment: {ack}")
        r = req("POST", thread_path + "/replies", {"kind": "acknowledgment"}, token=b.token)
        failures.check(r.status == 409 and "allowed: answer" in r.text(),
                       f"a second acknowledgment: {r.describe()} {r.text()[:300]}")
        r = req("POST", thread_path + "/replies", {"kind": "answer"}, token=b.token)
        failures.check(r.status == 422 and "/body" in pointers(r), f"an answer without body: {r.describe()}")

        # C misses the 3-second window: the node records the overdue by itself, once.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            thread = harness.expect_json(req("GET", thread_path, token=a.token), 200, "poll the thread")
            if status_of(thread, c.id)["state"] == "overdue":
                break
            time.sleep(0.5)
        failures.check(status_of(thread, c.id)["state"] == "overdue",
                       f"C's status after the window: {status_of(thread, c.id)}")
        failures.check(status_of(thread, b.id)["state"] == "acknowledged",
                       "B's acknowledged status changed when C's deadline passed")
        time.sleep(1.5)
        late = harness.expect_json(req("POST", thread_path + "/replies", {"kind": "acknowledgment"},
                                       token=c.token), 201, "C acknowledges late")
        failures.check(late.get("state") == "acknowledged" and late.get("late") is True,
                       f"C's late acknowledgment: {late}")

        # --- pings: public summary, exercise kept apart
        harness.expect_status(req("POST", "/v1/pings", {"to": "all"}, token=S), 201, "ping all")
        harness.expect_status(req("POST", "/v1/pings", {"to": [b.id], "exercise": True}, token=S), 201,
                              "an exercise ping")
        r = req("POST", "/v1/pings", {"to": "all"}, token=a.token)
        failures.check(r.status == 403, f"a state pings: {r.describe()}")
        real = harness.expect_json(req("GET", "/v1/pings"), 200, "the public ping figures")
        failures.check(real["pings"] == 1 and "measurements" not in real,
                       f"public ping figures: {json.dumps(real)[:300]}")
        drill = harness.expect_json(req("GET", "/v1/pings?exercise=true", token=a.token), 200, "exercise pings")
        failures.check(drill["pings"] == 1 and "measurements" in drill,
                       f"exercise ping figures: {json.dumps(drill)[:300]}")

        # --- the log: notification events, no confidential content
        events = harness.decode_events(harness.read_log_entries(node))
        types = [e["type"] for e in events]
        for wanted in ("contact.updated", "notification.sent", "notification.delivered",
                       "notification.replied", "notification.overdue"):
            failures.check(wanted in types, f"the log has no {wanted} event")
        overdue = [e for e in events if e["type"] == "notification.overdue"]
        failures.check(len(overdue) == 1 and overdue[0]["body"].get("recipient") == c.id,
                       f"overdue events: {overdue}")
        raw = b"".join(harness.read_log_entries(node)).decode("utf-8", errors="replace")
        for secret in ("SECRET-", SECRET_EMAIL):
            failures.check(secret not in raw, f"the log holds {secret!r}")

        # --- the command line
        cli = lambda *args, token_file=None: node.run_cli(
            list(args) + ["--node", f"http://127.0.0.1:{node.client.port}",
                          "--token-file", str(token_file or node.data / "secretariat.token")])
        token_files = {}
        for party in (a, b, c):
            path = node.tmp / f"{party.state.lower()}.token"
            path.write_text(party.token + "\n")
            token_files[party.state] = path
        result = cli("contact", "set", b.id, "--organisation", "CERT-SE", "--role", "technical",
                     "--language", "sv", "--hours", "24/7", "--email", "duty@cert-se.example",
                     token_file=token_files["SE"])
        failures.check(result.returncode == 0, f"accord contact set: {result.stderr.strip()}")
        result = cli("contact", "list")
        failures.check(result.returncode == 0 and "CERT-SE" in result.stdout,
                       f"accord contact list: {result.returncode} {result.stdout[:300]} {result.stderr[:300]}")
        result = cli("notify", "send", "--to", c.id, "--subject", "cli alert", "--body", "hello",
                     "--priority", "normal", token_file=token_files["FI"])
        failures.check(result.returncode == 0 and result.stdout.strip().startswith("notification--"),
                       f"accord notify send: {result.returncode} {result.stdout} {result.stderr}")
        cli_id = result.stdout.strip()
        result = cli("notify", "show", cli_id, token_file=token_files["NO"])
        failures.check(result.returncode == 0 and "cli alert" in result.stdout,
                       f"accord notify show: {result.stdout[:300]} {result.stderr[:300]}")
        result = cli("notify", "reply", cli_id, "--kind", "answer", "--body", "received",
                     token_file=token_files["NO"])
        failures.check(result.returncode == 0 and "answered" in result.stdout,
                       f"accord notify reply: {result.stdout[:300]} {result.stderr[:300]}")
        result = cli("notify", "list", "--role", "sent", token_file=token_files["FI"])
        failures.check(result.returncode == 0 and cli_id in result.stdout,
                       f"accord notify list: {result.stdout[:300]} {result.stderr[:300]}")
        result = cli("notify", "show", cli_id, token_file=token_files["SE"])
        failures.check(result.returncode != 0 and "does not exist" in result.stderr,
                       f"accord notify show by an outsider: {result.returncode} {result.stderr[:300]}")
        result = cli("ping", "report")
        failures.check(result.returncode == 0 and b.id in result.stdout,
                       f"accord ping report: {result.stdout[:300]} {result.stderr[:300]}")

        # An exercise: a scenario with three senders, injected at once.
        scenario = node.tmp / "scenario.toml"
        scenario.write_text(f"""
name = "test exercise"
[tokens]
FI = "{token_files['FI']}"
SE = "{token_files['SE']}"
[[steps]]
at = "0s"
action = "notify"
from = "FI"
to = ["SE", "NO"]
subject = "EXERCISE alert"
[[steps]]
at = "1m"
action = "notify"
from = "SE"
to = ["FI"]
kind = "request-for-assistance"
priority = "normal"
subject = "EXERCISE request"
[[steps]]
at = "2m"
action = "ping"
to = "all"
""")
        result = cli("exercise", "run", str(scenario), "--no-wait")
        failures.check(result.returncode == 0 and result.stdout.count("notification--") == 3,
                       f"accord exercise run: {result.returncode} {result.stdout[:500]} {result.stderr[:500]}")
        exercise_items = harness.expect_json(req("GET", "/v1/notifications?exercise=true", token=S), 200,
                                             "exercise notifications")["items"]
        failures.check(len(exercise_items) == 4 and all(i["exercise"] for i in exercise_items),
                       f"exercise notifications: {len(exercise_items)} (3 injected + 1 ping earlier)")
        harness.expect_status(req("POST", f"/v1/notifications/{exercise_items[-1]['id']}/replies",
                                  {"kind": "acknowledgment"}, token=b.token), 201, "ack an exercise ping")
        result = cli("exercise", "report", "--json")
        try:
            report = json.loads(result.stdout)
            by_party = {p["party"]: p for p in report["parties"]}
            failures.check(by_party[b.id]["on_time"] >= 1, f"exercise report for B: {by_party[b.id]}")
            failures.check(by_party[c.id]["notifications"] == 2, f"exercise report for C: {by_party[c.id]}")
        except (ValueError, KeyError) as error:
            failures.add(f"accord exercise report --json: {error}: {result.stdout[:300]} {result.stderr[:300]}")
        real_after = harness.expect_json(req("GET", "/v1/pings"), 200, "real pings after the exercise")
        failures.check(real_after["pings"] == 1, f"the exercise changed the real ping figures: {real_after}")
        bad_scenario = node.tmp / "bad.toml"
        bad_scenario.write_text('name = "x"\n[[steps]]\nat = "soon"\naction = "notify"\nfrom = "FI"\n'
                                'to = ["SE"]\nsubject = "s"\n')
        result = cli("exercise", "run", str(bad_scenario), "--no-wait")
        failures.check(result.returncode != 0 and "steps[0].at" in result.stderr,
                       f"a bad scenario: {result.returncode} {result.stderr[:300]}")
        result = cli("notify", "--help")
        failures.check(result.returncode == 0 and "send" in result.stdout, "accord notify --help")

    failures.raise_if_any("notifications through a real node")
    return "contacts, notifications, deadlines, pings, CLI and exercises as documented"


if __name__ == "__main__":
    harness.main(run, "notifications_test.py ACCORD_BINARY REPO_ROOT")
