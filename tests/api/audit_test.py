#!/usr/bin/python3
"""`accord audit` against real nodes, honest and misbehaving on purpose (issue 9,
docs/transparency.md "Auditing a node you do not trust").

  (a) an honest node with the demo data: PASS, the checkpoint pinned; after more reports,
      PASS "consistent with" the checkpoint seen before;
  (b) a rewritten entry: a proxy in front of the honest node alters one byte of one entry
      inside an entry bundle (then of a hash tile; then only on the second read, after the
      bytes were verified): exit 4 naming the file;
  (c) a forked log shown to two clients: a node's data directory copied (same key, same
      origin), both copies started and fed different reports. One auditor sees copy A (PASS)
      then copy B: a split view at one size, a fork at a larger one, naming both roots. A
      second auditor with a fresh state directory sees copy B alone as PASS: only kept state,
      other watchdogs or witnesses can tell. A witness refuses the second view;
  (d) an edited report: the proxy serves the real tiles and checkpoint but one number of the
      JSON report changed: exit 4 naming its JSON Pointer; the CSV and HTML edited too;
  (e) a log directory (the node's DATA/log, as a mirror): PASS; a missing one exit 3, bad
      arguments exit 2, an unreachable node exit 3;
  (f) --witness: a checkpoint cosigned with `accord witness` counts; a quorum not met fails.

Usage: audit_test.py ACCORD_BINARY REPO_ROOT
"""

import http.client
import http.server
import json
import pathlib
import shutil
import tempfile
import threading

import harness
from harness import Node, fail


class Proxy:
    """An HTTP proxy in front of a node that serves GETs through `mutate(path, body, count)`
    (count: how many times this path was asked for, from 1), which returns the body to send,
    or (body, {header: value}) to replace headers too."""

    def __init__(self, upstream_port, mutate):
        proxy = self
        self.upstream_port = upstream_port
        self.mutate = mutate
        self.counts = {}
        self.lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                upstream = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port, timeout=30)
                try:
                    upstream.request("GET", self.path)
                    answer = upstream.getresponse()
                    body = answer.read()
                    headers = [(k, v) for k, v in answer.getheaders()
                               if k.lower() not in ("content-length", "connection", "transfer-encoding")]
                    status = answer.status
                finally:
                    upstream.close()
                with proxy.lock:
                    proxy.counts[self.path] = proxy.counts.get(self.path, 0) + 1
                    count = proxy.counts[self.path]
                if status == 200:
                    changed = proxy.mutate(self.path, body, count)
                    if isinstance(changed, tuple):  # (body, headers to replace)
                        body, replace = changed
                        headers = [(k, v) for k, v in headers if k.lower() not in
                                   {name.lower() for name in replace}] + list(replace.items())
                    else:
                        body = changed
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def node_url(node):
    return f"http://127.0.0.1:{node.client.port}"


def audit(node, *args):
    """Runs `accord audit ARGS`; returns (exit status, stdout, stderr)."""
    result = node.run_cli(["audit"] + [str(a) for a in args])
    return result.returncode, result.stdout, result.stderr


def expect_audit(what, result, status, *texts):
    code, out, err = result
    missing = [t for t in texts if t not in out]
    if code != status or missing:
        fail(f"{what}: accord audit exited {code} (expected {status}); missing {missing!r}\n"
             f"stdout:\n{out[-3000:]}\nstderr:\n{err[-1500:]}")
    return out


def entry_spans(bundle):
    """(start, length) of each entry of a C2SP entry bundle (uint16 big-endian lengths)."""
    spans, offset = [], 0
    while offset + 2 <= len(bundle):
        length = int.from_bytes(bundle[offset:offset + 2], "big")
        spans.append((offset + 2, length))
        offset += 2 + length
    return spans


def flip_digit_in_entry(bundle, index):
    """The bundle with one digit inside entry `index` changed, framing intact."""
    start, length = entry_spans(bundle)[index]
    data = bytearray(bundle)
    for at in range(start + length - 1, start, -1):
        if chr(data[at]).isdigit():
            data[at] = ord("1") if data[at] != ord("1") else ord("2")
            return bytes(data)
    fail(f"entry {index} holds no digit to change")


def submit_reports(node, party, count):
    template = harness.load_demo(node.repo)
    for _ in range(count):
        report = harness.report_as(template, harness.state_reporter(party.state))
        harness.expect_json(harness.submit(node, party.token, report), 201, "submit a report")


def checkpoint_text(node):
    return harness.expect_status(node.request("GET", "/log/checkpoint"), 200, "read the checkpoint").text()


def root_of(note):
    import base64
    return base64.b64decode(note.split("\n")[2]).hex()


def run(accord, repo):
    work = pathlib.Path(tempfile.mkdtemp(prefix="accord-audit-test-"))
    checks = 0
    try:
        with Node(accord, repo) as node:
            node.start()
            S = node.secretariat_token()
            load = node.run_cli(["demo", "load"] + node.cli_client_args() + [str(node.repo / "data" / "demo")])
            if load.returncode != 0:
                fail(f"accord demo load: exit {load.returncode}: {load.stderr[-800:]}")
            url = node_url(node)
            state = work / "auditor"

            # (a) honest node: PASS, first audit pins the checkpoint.
            size = harness.log_size(node)
            out = expect_audit("(a) honest node, first audit", audit(node, "--log", url, "--state-dir", state,
                                                                     "--state", "UA"), 0,
                               "audit: PASS  ", f"at tree size {size}, root ", "identical",
                               "first audit of this log: checkpoint pinned")
            if " 0 published reports" in out:
                fail(f"(a) the audit compared no report:\n{out}")
            checks += 1
            reporter = harness.register_party(node, S, "reporter", "state", "State FI", state="FI")
            submit_reports(node, reporter, 2)
            expect_audit("(a) honest node, second audit", audit(node, "--log", url, "--state-dir", state), 0,
                         "audit: PASS  ", f"consistent with the checkpoint of size {size} seen on ")
            checks += 1
            code, _, err = audit(node, "--log", url, "--state-dir", state)
            if code != 0 or "trusting on first use" in err:
                fail(f"(a) a third audit should use the pinned key quietly: exit {code}, stderr {err[-500:]}")
            checks += 1

            # (d) edited reports: real tiles and checkpoint, one number changed.
            report = harness.expect_json(node.request("GET", "/v1/transparency/reports/" + str(
                harness.expect_json(node.request("GET", "/v1/transparency/reports"), 200, "index")["years"][-1])
                + "?format=json"), 200, "the JSON report")
            reported = report["figures"]["global"]["incidents.reported"]
            before, after = f'"incidents.reported":{reported},'.encode(), f'"incidents.reported":{reported + 1},'.encode()

            def edit_json(path, body, count):
                if path.startswith("/v1/transparency/reports/") and "format=json" in path and "state=" not in path:
                    if before not in body:
                        fail(f"(d) the JSON report lacks {before!r}")
                    return body.replace(before, after, 1)
                return body

            def edit_csv(path, body, count):
                if "format=csv" in path:
                    line = f"global,incidents.reported,{reported}\r\n".encode()
                    if line not in body:
                        fail(f"(d) the CSV report lacks {line!r}")
                    return body.replace(line, f"global,incidents.reported,{reported + 1}\r\n".encode(), 1)
                return body

            html_line = {}

            def edit_html(path, body, count):
                if "format=html" in path:
                    lines = body.split(b"\n")
                    middle = len(lines) // 2
                    html_line["number"] = middle + 1
                    lines[middle] += b" "
                    return b"\n".join(lines)
                return body

            for name, mutate, expected in (
                    ("json", edit_json, f"/figures/global/incidents.reported: node says {reported + 1}, "
                                        f"log gives {reported}"),
                    ("csv", edit_csv, "(global,incidents.reported): node says global,incidents.reported,"
                                      f"{reported + 1}, log gives global,incidents.reported,{reported}"),
                    ("html", edit_html, None)):
                proxy = Proxy(node.client.port, mutate)
                try:
                    result = audit(node, "--log", proxy.url, "--state-dir", state)
                finally:
                    proxy.close()
                if expected is None:
                    expected = f"line {html_line['number']}: node says"
                expect_audit(f"(d) edited {name} report", result, 4, "audit: FAIL  ", expected)
                checks += 1

            # (d) a report citing a tree size beyond the checkpoint fetched after it.
            def inflate_size(path, body, count):
                if path.startswith("/v1/transparency/reports/"):
                    return body, {"Accord-Tree-Size": str(size + 10000)}
                return body

            proxy = Proxy(node.client.port, inflate_size)
            try:
                result = audit(node, "--log", proxy.url, "--state-dir", state)
            finally:
                proxy.close()
            expect_audit("(d) a report citing a size beyond the checkpoint", result, 4, "audit: FAIL  ",
                         "larger than the node's checkpoint")
            checks += 1

            # (b) a rewritten entry, a rewritten hash tile, and bytes that change after verification.
            def rewrite_entry(path, body, count):
                if path.startswith("/log/tile/entries/000"):
                    return flip_digit_in_entry(body, 5)
                return body

            def rewrite_hash(path, body, count):
                if path.startswith("/log/tile/0/000"):
                    data = bytearray(body)
                    data[5 * 32] ^= 1
                    return bytes(data)
                return body

            def rewrite_on_second_read(path, body, count):
                if path.startswith("/log/tile/entries/000") and count >= 2:
                    return flip_digit_in_entry(body, 5)
                return body

            for name, mutate, expected in (("entry bundle", rewrite_entry, "tile/entries/000"),
                                           ("hash tile", rewrite_hash, "tile/0/000"),
                                           ("bundle changed after verification", rewrite_on_second_read,
                                            "with other bytes than before")):
                proxy = Proxy(node.client.port, mutate)
                try:
                    result = audit(node, "--log", proxy.url, "--state-dir", work / f"fresh-{checks}")
                finally:
                    proxy.close()
                expect_audit(f"(b) rewritten {name}", result, 4, "audit: FAIL  ", expected)
                checks += 1

            # (e) the node's log directory as a mirror; error exits.
            expect_audit("(e) a log directory", audit(node, "--log", node.data / "log", "--state-dir", state), 0,
                         "audit: PASS  ", "no published reports to compare (a log directory)")
            checks += 1
            expect_audit("(e) a missing directory", audit(node, "--log", work / "nowhere", "--state-dir", state), 3)
            expect_audit("(e) a quorum above the witnesses given",
                         audit(node, "--log", url, "--witness-quorum", "2", "--state-dir", state), 2)
            expect_audit("(e) an unreachable node", audit(node, "--log", "http://127.0.0.1:9", "--state-dir",
                                                          work / "unreachable"), 3)
            checks += 3

            # A node whose key changed under the pinned one: the proxy's URL first leads to
            # this node, then to another node (another key).
            with Node(accord, repo) as other:
                other.start()
                proxy = Proxy(node.client.port, lambda path, body, count: body)
                try:
                    expect_audit("(a) pin the key behind a URL", audit(node, "--log", proxy.url, "--state-dir",
                                                                       work / "kstate"), 0, "audit: PASS  ")
                    proxy.upstream_port = other.client.port
                    expect_audit("(a) another key behind the pinned URL",
                                 audit(node, "--log", proxy.url, "--state-dir", work / "kstate"), 4,
                                 "audit: FAIL  the node now serves the log key ", "pinned on the first audit")
                finally:
                    proxy.close()
            checks += 2

            # (f) witnesses: a cosigned checkpoint in a mirror counts; a quorum not met fails.
            w1, w2 = work / "w1", work / "w2"
            for witness, name in ((w1, "w1.accord.invalid"), (w2, "w2.accord.invalid")):
                for args in (["witness", "init", str(witness), "--name", name],
                             ["witness", "follow", str(witness), "--vkey", str(node.data / "log" / "vkey")]):
                    result = node.run_cli(args)
                    if result.returncode != 0:
                        fail(f"accord {' '.join(args)}: exit {result.returncode}: {result.stderr}")
            mirror = work / "mirror"
            mirror.mkdir()
            shutil.copytree(node.data / "log" / "tile", mirror / "tile")
            shutil.copy(node.data / "log" / "vkey", mirror / "vkey")
            shutil.copy(node.data / "log" / "checkpoint", work / "checkpoint")
            cosigned = node.run_cli(["witness", "cosign", str(w1), "--checkpoint", str(work / "checkpoint")])
            if cosigned.returncode != 0:
                fail(f"accord witness cosign: exit {cosigned.returncode}: {cosigned.stderr}")
            (mirror / "checkpoint").write_text(cosigned.stdout)
            expect_audit("(f) one witness that cosigned", audit(node, "--log", mirror, "--witness", w1 / "vkey",
                                                                "--state-dir", work / "wstate"), 0,
                         "audit: PASS  ", "1 of 1 witnesses cosigned (quorum 1): w1.accord.invalid+")
            expect_audit("(f) a witness that did not cosign", audit(node, "--log", mirror, "--witness", w1 / "vkey",
                                                                    "--witness", w2 / "vkey",
                                                                    "--state-dir", work / "wstate"), 4,
                         "audit: FAIL  witness quorum not met: 1 of the 2 witnesses given cosigned",
                         "w2.accord.invalid+")
            expect_audit("(f) a quorum of one of two", audit(node, "--log", mirror, "--witness", w1 / "vkey",
                                                             "--witness", w2 / "vkey", "--witness-quorum", "1",
                                                             "--state-dir", work / "wstate"), 0, "audit: PASS  ")
            checks += 3

        # (c) a forked log shown to two clients.
        with Node(accord, repo) as a, Node(accord, repo) as b:
            a.start()
            S = a.secretariat_token()
            reporter = harness.register_party(a, S, "reporter", "state", "State FI", state="FI")
            submit_reports(a, reporter, 2)
            a.stop()
            shutil.rmtree(b.data)
            shutil.copytree(a.data, b.data)  # the same key, the same origin
            a.start()
            b.start()
            submit_reports(a, reporter, 1)
            submit_reports(b, reporter, 1)
            if harness.log_size(a) != harness.log_size(b):
                fail(f"(c) the copies should have one size: {harness.log_size(a)} and {harness.log_size(b)}")
            note_a, note_b = checkpoint_text(a), checkpoint_text(b)
            if note_a == note_b:
                fail("(c) the two copies signed the same checkpoint: no fork to show")
            one, two = work / "auditor-1", work / "auditor-2"
            expect_audit("(c) copy A", audit(a, "--log", node_url(a), "--state-dir", one), 0, "audit: PASS  ")
            expect_audit("(c) copy B at the same size: split view", audit(a, "--log", node_url(b), "--state-dir", one),
                         4, "audit: FAIL  split view: ", root_of(note_a), root_of(note_b))
            submit_reports(b, reporter, 1)
            note_b2 = checkpoint_text(b)
            expect_audit("(c) copy B grown: fork", audit(a, "--log", node_url(b), "--state-dir", one), 4,
                         "audit: FAIL  fork: ", root_of(note_a), root_of(note_b2))
            expect_audit("(c) copy A still passes for its auditor",
                         audit(a, "--log", node_url(a), "--state-dir", one), 0, "audit: PASS  ")
            expect_audit("(c) a fresh auditor sees copy B alone as honest",
                         audit(a, "--log", node_url(b), "--state-dir", two), 0, "audit: PASS  ",
                         "first audit of this log")
            checks += 5
            # A witness that cosigned A's view refuses B's.
            w = work / "wc"
            for args in (["witness", "init", str(w), "--name", "wc.accord.invalid"],
                         ["witness", "follow", str(w), "--vkey", str(a.data / "log" / "vkey")]):
                if a.run_cli(args).returncode != 0:
                    fail(f"accord {' '.join(args)} failed")
            (work / "a.note").write_text(note_a)
            (work / "b.note").write_text(note_b)
            first = a.run_cli(["witness", "cosign", str(w), "--checkpoint", str(work / "a.note")])
            second = a.run_cli(["witness", "cosign", str(w), "--checkpoint", str(work / "b.note")])
            if first.returncode != 0 or second.returncode != 4 or "split view" not in second.stderr:
                fail(f"(c) the witness should cosign A ({first.returncode}) and refuse B as a split view "
                     f"({second.returncode}: {second.stderr[-300:]})")
            checks += 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return f"{checks} audits and refusals as expected"


if __name__ == "__main__":
    harness.main(run, "audit_test.py ACCORD_BINARY REPO_ROOT")
