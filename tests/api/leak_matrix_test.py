#!/usr/bin/python3
"""No read endpoint shows any reader a field past the visibility rules.

State A submits one report per TLP x publication.record x
publication.envelope x (with / without field_tlp stricter than the report),
addressed to state B, plus an exercise, a withdrawn and an amended report.
Every field that can leak carries its own canary string. Then every reader
(the public, A, B, an operator client of A, an operator client of B, a
watchdog, an arbitrator, the secretariat) reads every report through every
read endpoint, and each response must hold exactly the canaries this file's
own table of the rules allows, and no other. The table below is written
from DESIGN.md ("Roles and visibility") and docs/visibility.md, not from the
node's code.

The public reads public forms only (DESIGN.md): its GET gives access
"public", and what it sees of a report is what the log holds, the CLEAR
fields of a public record.

Readings this test takes where the API contract is silent (each named
where it is applied, and in the failure message):
  R1 a report whose envelope is parties-only is still served to the public
     as its public form (id, markings and the month only), in GET and in
     unfiltered lists: the log holds that public form anyway. Its envelope
     values match filters only for readers who may read the report under its
     TLP (the level: who may read all of it), never for the public
     (docs/visibility.md, "Publication").
  R2 the secretariat's GET of a report is logged as report.read when it
     reads content marked AMBER or above (DESIGN.md: "every read of TLP:AMBER
     or above is itself logged"); a GET that reads only CLEAR/GREEN content
     is not logged; a report whose marking is AMBER or above but of which the
     secretariat can read nothing (RED, not a recipient) may be logged or not.

Usage: leak_matrix_test.py ACCORD_BINARY REPO_ROOT
"""

import json
import re
import secrets

import harness
from harness import Failures, Node, Party, TLP_ORDER

CANARY = re.compile(r"CNRY[0-9A-Z]+Z[0-9a-f]{8}")
STATE_A, STATE_B = "EE", "LV"
AFFECTED_STATES = ["UA", "MD", "GE"]
SECTORS = ["energy.electricity", "drinking-water", "health.healthcare-providers"]
# The fields that carry a canary, and their pointers in the report.
FIELDS = {
    "TITLE": "/title",
    "NARR": "/narrative",
    "ENTITY": "/affected_entities/0/name",
    "REFT": "/references/0/title",
    "SERV": "/effects/services_affected/0",
}
# Why a report must not be in a list (see list_queries).
WHY_NOT_LISTED = {
    "NO": "it does not match the query, or the query excludes it",
    "LEAK": "being listed tells a value this reader may not read",
    "SPEC": "its envelope is parties-only, and the public filters on public envelopes only",
}
GROUP_BY = ["state", "sector", "level", "month", "verdict_summary", "reporter_kind"]


def rank(tlp):
    return TLP_ORDER.index(tlp)


def up(tlp, steps):
    return TLP_ORDER[min(rank(tlp) + steps, len(TLP_ORDER) - 1)]


def canary(tag):
    return f"CNRY{tag}Z{secrets.token_hex(4)}"


class Version:
    """One version of a report: its JSON, and per field its canary and marking."""

    def __init__(self, report, canaries, markings):
        self.report = report
        self.canaries = canaries  # field -> canary string
        self.markings = markings  # field -> effective TLP


class Variant:
    def __init__(self, index, tlp, record, envelope, field_marked, kind="matrix"):
        self.index = index
        self.tlp = tlp
        self.record = record
        self.envelope = envelope
        self.field_marked = field_marked
        self.kind = kind
        self.exercise = kind == "exercise"
        self.withdrawn = False
        self.state = AFFECTED_STATES[index % len(AFFECTED_STATES)]
        self.sector = SECTORS[index % len(SECTORS)]
        self.month = f"2016-{index % 12 + 1:02d}"
        self.versions = []
        self.receipts = []  # the submitter's receipts (submit, amend)
        self.version = 1  # the version number the node gave in its last receipt
        self.receipt = None
        self.id = None

    @property
    def current(self):
        return self.versions[-1]

    def describe(self):
        marks = "+field_tlp" if self.field_marked else ""
        extra = f" {self.kind}" if self.kind != "matrix" else ""
        return (f"report #{self.index} ({self.tlp}{marks}, record {self.record}, envelope "
                f"{self.envelope}{extra})")


def build_version(template, variant, report_id, tags):
    report = harness.report_as(template, harness.state_reporter(STATE_A), report_id)
    canaries = {field: canary(f"{variant.index:03d}{tags.get(field, field)}") for field in FIELDS}
    report["title"] = f"Matrix report {variant.index} {canaries['TITLE']}"
    report["narrative"] = f"Narrative of matrix report {variant.index}: {canaries['NARR']}."
    report["affected_states"] = [variant.state]
    for entity in report["affected_entities"]:
        entity["state"] = variant.state
        entity["sector"] = variant.sector
    report["affected_entities"][0]["name"] = f"Utility {canaries['ENTITY']}"
    report["references"][0]["title"] = f"Advisory {canaries['REFT']}"
    report["effects"]["services_affected"][0] = f"service {canaries['SERV']}"
    report["times"] = {"start": f"{variant.month}-10T00:00:00Z", "precision": "day"}
    report["tlp"] = variant.tlp
    report["publication"] = {"record": variant.record, "envelope": variant.envelope}
    if variant.exercise:
        report["exercise"] = True
    markings = {field: variant.tlp for field in FIELDS}
    if variant.field_marked:
        stricter = {"TITLE": up(variant.tlp, 1), "NARR": up(variant.tlp, 1), "ENTITY": "RED",
                    "REFT": up(variant.tlp, 2)}
        report["field_tlp"] = {FIELDS[field]: tlp for field, tlp in stricter.items()}
        markings.update(stricter)
    else:
        report.pop("field_tlp", None)
    return Version(report, canaries, markings)


# ---------------------------------------------------------------- the rules, independently

class Rules:
    """DESIGN.md's table and docs/visibility.md's MayRead, for this test's parties."""

    def __init__(self, readers):
        self.r = readers

    def may_read(self, reader, marking, variant):
        r = self.r
        if marking == "CLEAR":
            # The public reads public forms only: a parties-only record is one
            # commitment there, so not even its CLEAR fields are the public's.
            return not (reader is r["public"] and variant.record == "parties-only")
        if reader is r["A"]:
            return True  # the submitter reads all it submitted, RED included
        if marking == "RED":
            return reader is r["B"]  # named recipients only, whatever the role
        if reader is r["public"]:
            return False
        if marking == "GREEN":
            return True  # every identified role
        if marking == "AMBER":
            # a named recipient, a client of one, the secretariat
            return reader in (r["B"], r["opB"], r["secretariat"])
        if marking == "AMBER+STRICT":
            return reader in (r["B"], r["secretariat"])  # not the recipient's clients
        raise AssertionError(marking)

    def readable_fields(self, reader, variant):
        version = variant.current
        return {f for f in FIELDS if self.may_read(reader, version.markings[f], variant)}

    def visible(self, reader, variant):
        # Every report is visible to every reader in some form: its public form
        # (id and, for a parties-only envelope, only the month) is in the public
        # log anyway, so the public gets it too (docs/visibility.md).
        return True

    def reads_in_full(self, reader, variant):
        return len(self.readable_fields(reader, variant)) == len(FIELDS)

    def access(self, reader, variant):
        if reader is self.r["public"] or not self.may_read(reader, variant.tlp, variant):
            return "public"  # DESIGN.md: the public reads public forms only
        if self.reads_in_full(reader, variant):
            return "full"
        return "partial"

    def withheld(self, reader, variant):
        marked = variant.current.report.get("field_tlp", {})
        return sorted(p for p, tlp in marked.items() if not self.may_read(reader, tlp, variant))

    def expected_canaries(self, reader, variant):
        version = variant.current
        return {version.canaries[f] for f in self.readable_fields(reader, variant)}

    def public_canaries(self, variant, version):
        """What a public form (the log entry) holds: CLEAR fields of a public record."""
        if variant.record != "public":
            return set()
        return {version.canaries[f] for f in FIELDS if version.markings[f] == "CLEAR"}


def canaries_in(text):
    return set(CANARY.findall(text))


def report_canaries(text):
    return {c for c in canaries_in(text) if not c.startswith("CNRYP")}


# ---------------------------------------------------------------- set-up

def register_readers(node, secretariat):
    s = secretariat.token
    made = {}

    def contacts(label):
        made[label] = {"public": canary(f"P{label.upper()}PUB"),
                       "restricted": canary(f"P{label.upper()}RST")}
        return {"public": [{"role": "point-of-contact", "name": f"Desk {made[label]['public']}",
                            "email": f"{label.lower()}@example.org"}],
                "restricted": [{"role": "national-cert",
                                "name": f"Duty {made[label]['restricted']}",
                                "email": f"{label.lower()}-duty@example.org"}]}

    a = harness.register_party(node, s, "A", "state", "State A", state=STATE_A,
                               contacts=contacts("A"))
    b = harness.register_party(node, s, "B", "state", "State B", state=STATE_B,
                               contacts=contacts("B"))
    op_a = harness.register_party(node, s, "opA", "operator", "Operator of A", client_of=[a.id],
                                  contacts=contacts("opA"))
    op_b = harness.register_party(node, s, "opB", "operator", "Operator of B", client_of=[b.id],
                                  contacts=contacts("opB"))
    watchdog = harness.register_party(node, s, "watchdog", "watchdog", "A watchdog",
                                      contacts=contacts("watchdog"))
    arbitrator = harness.register_party(node, s, "arbitrator", "arbitrator", "An arbitrator",
                                        contacts=contacts("arbitrator"))
    public = Party("public", "public", None, None)
    readers = {"public": public, "A": a, "B": b, "opA": op_a, "opB": op_b,
               "watchdog": watchdog, "arbitrator": arbitrator, "secretariat": secretariat}
    return readers, made


def submit_variants(node, readers, template):
    a, b = readers["A"], readers["B"]
    variants = []
    index = 0
    for tlp in TLP_ORDER:
        for record in ("public", "parties-only"):
            for envelope in ("public", "parties-only"):
                for field_marked in (False, True):
                    if field_marked and tlp == "RED":
                        continue  # nothing is stricter than RED
                    variants.append(Variant(index, tlp, record, envelope, field_marked))
                    index += 1
    matrix_count = len(variants)
    variants.append(Variant(index, "CLEAR", "public", "public", False, kind="exercise"))
    variants.append(Variant(index + 1, "GREEN", "public", "public", True, kind="withdrawn"))
    variants.append(Variant(index + 2, "CLEAR", "public", "public", True, kind="amended"))
    for variant in variants:
        version = build_version(template, variant, harness.new_report_id(), {})
        variant.id = version.report["id"]
        variant.versions.append(version)
        response = harness.submit(node, a.token, version.report, recipients=[b.id])
        variant.receipt = harness.expect_json(response, 201, f"submit {variant.describe()}")
        variant.receipts.append(variant.receipt)
    amended = variants[-1]
    old = amended.current
    new = build_version(template, amended, amended.id, {"TITLE": "TITLEV2", "NARR": "NARRV2"})
    for field in ("ENTITY", "REFT", "SERV"):  # the same text in both versions
        new.canaries[field] = old.canaries[field]
    new.report["affected_entities"][0]["name"] = old.report["affected_entities"][0]["name"]
    new.report["references"][0]["title"] = old.report["references"][0]["title"]
    new.report["effects"]["services_affected"][0] = old.report["effects"]["services_affected"][0]
    receipt = harness.expect_json(node.request("PUT", f"/v1/reports/{amended.id}",
                                               {"report": new.report, "recipients": [b.id]},
                                               token=a.token), 200, f"amend {amended.describe()}")
    amended.versions.append(new)
    amended.receipts.append(receipt)
    amended.version = receipt.get("version")
    withdrawn = variants[-2]
    receipt = harness.expect_json(node.request("POST", f"/v1/reports/{withdrawn.id}/withdraw",
                                               {"reason": "leak matrix"}, token=a.token),
                                  200, f"withdraw {withdrawn.describe()}")
    withdrawn.withdrawn = True
    withdrawn.version = receipt.get("version")
    return variants, matrix_count


# ---------------------------------------------------------------- the checks

class Matrix:
    def __init__(self, node, rules, readers, variants, failures):
        self.node = node
        self.rules = rules
        self.readers = readers
        self.variants = variants
        self.by_id = {v.id: v for v in variants}
        self.f = failures
        self.cells = 0
        self.views = set()
        self.public_forms = {}  # report id -> the view's public_form, per reader
        # The salts of every commitment, from the submitter's receipts: only ever the
        # submitter's (the contract), so no other reader's response and no log entry may
        # hold one.
        self.salts = set()
        for variant in variants:
            for receipt in variant.receipts:
                self.salts.update((receipt.get("salts") or {}).values())

    def no_salts(self, where, text):
        for salt in self.salts:
            if salt in text:
                self.f.add(f"LEAK {where}: shows the salt {salt}, which only the submitter's "
                           f"receipt may hold")
                return

    def leak(self, where, found, allowed, variant_of=None):
        """Every canary in `found` must be in `allowed`; names each one that is not."""
        for extra in sorted(found - allowed):
            owner = self.owner(extra)
            self.f.add(f"LEAK {where}: shows {extra} ({owner}) which this reader may not read")

    def owner(self, text):
        for v in self.variants:
            for number, version in enumerate(v.versions, 1):
                for field, value in version.canaries.items():
                    if value == text:
                        return (f"field {FIELDS[field]} marked {version.markings[field]} of "
                                f"{v.describe()} v{number}")
        return "a party's contact"

    def get_one(self, reader, variant):
        self.views.add("GET /v1/reports/{id}")
        where = f"GET /v1/reports/{{{variant.describe()}}} as {reader}"
        response = self.node.request("GET", f"/v1/reports/{variant.id}", token=reader.token)
        self.cells += 1
        found = report_canaries(response.text())
        if reader is not self.readers["A"]:
            self.no_salts(where, response.text())
        if not self.rules.visible(reader, variant):
            self.f.check(response.status == 404,
                         f"{where}: {response.status}, expected 404 (the contract: a report whose "
                         f"envelope is parties-only is 404 to the public)")
            # What the log shows anyway is not shown past the rules; the rest is.
            self.leak(where, found, self.rules.public_canaries(variant, variant.current))
            return
        if response.status != 200:
            self.f.add(f"{where}: {response.status}, expected 200: {response.text()[:300]}")
            self.leak(where, found, set())
            return
        allowed = self.rules.expected_canaries(reader, variant)
        self.leak(where, found, allowed)
        for missing in sorted(allowed - found):
            self.f.add(f"{where}: {missing} ({self.owner(missing)}) is missing although this "
                       f"reader may read it")
        view = response.json()
        access = self.rules.access(reader, variant)
        self.f.check(view.get("access") == access,
                     f"{where}: access {view.get('access')!r}, expected {access!r}")
        if access == "partial":
            withheld = self.rules.withheld(reader, variant)
            self.f.check(sorted(view.get("withheld", [])) == withheld,
                         f"{where}: withheld {view.get('withheld')}, expected {withheld}")
        if access == "full":
            self.f.check(view.get("recipients") == [self.readers["B"].id],
                         f"{where}: recipients {view.get('recipients')}, expected [B]")
        self.f.check(view.get("version") == variant.version,
                     f"{where}: version {view.get('version')}, expected {variant.version}")
        self.f.check(view.get("withdrawn") == variant.withdrawn,
                     f"{where}: withdrawn {view.get('withdrawn')}, expected {variant.withdrawn}")
        self.public_forms.setdefault(variant.id, {})[reader.label] = view.get("public_form")

    def csv_export(self, reader):
        """GET /v1/reports?format=csv as `reader`: the export holds only the canaries the
        reader's JSON list may show (titles it may read, as a list shows them)."""
        self.views.add("GET /v1/reports?format=csv")
        where = f"GET /v1/reports?format=csv&limit=200 as {reader}"
        response = self.node.request("GET", "/v1/reports?format=csv&limit=200", token=reader.token)
        if not self.f.check(response.status == 200, f"{where}: {response.status}"):
            return
        text = response.text()
        self.no_salts(where, text)
        allowed = set()
        for variant in self.by_id.values():
            if variant.id not in text:
                continue
            marking = variant.current.markings["TITLE"]
            may = self.rules.may_read(reader, marking, variant)
            if reader is self.rules.r["secretariat"] and rank(marking) >= rank("AMBER"):
                may = False
            if may:
                allowed.add(variant.current.canaries["TITLE"])
        self.leak(where, report_canaries(text), allowed)

    def listing(self, reader, query, expect_in, label):
        """GET /v1/reports?query as `reader`: `expect_in(variant)` is True (must be listed),
        None (either), or a key of WHY_NOT_LISTED (must not be listed; list_queries)."""
        self.views.add(f"GET /v1/reports?{label}")
        where = f"GET /v1/reports?{query} as {reader}"
        items, pages = harness.list_all_reports(self.node, reader.token, query)
        listed = {}
        for item in items:
            if item.get("id") in listed:
                self.f.add(f"{where}: {item.get('id')} listed twice")
            listed[item.get("id")] = item
        for page in pages:
            self.no_salts(where, page.text())
            found = report_canaries(page.text())
            allowed = set()
            for item in json.loads(page.body).get("items", []):
                variant = self.by_id.get(item.get("id"))
                if variant and self.rules.may_read(reader, variant.current.markings["TITLE"],
                                                   variant):
                    allowed.add(variant.current.canaries["TITLE"])
            self.leak(where, found, allowed)
        for item_id in listed:
            if item_id not in self.by_id:
                self.f.add(f"{where}: lists {item_id}, which this test did not submit")
        for variant in self.variants:
            self.cells += 1
            want = expect_in(variant)
            present = variant.id in listed
            if want is True and not present:
                self.f.add(f"{where}: {variant.describe()} is missing")
            elif present and want in WHY_NOT_LISTED:
                self.f.add(f"{want} {where}: lists {variant.describe()}: "
                           f"{WHY_NOT_LISTED[want]}")
            if not present:
                continue
            item = listed[variant.id]
            title_marking = variant.current.markings["TITLE"]
            may_title = self.rules.may_read(reader, title_marking, variant)
            # Lists are not logged, so they leave out every title the secretariat
            # could read only through a logged read (AMBER or above: DESIGN.md).
            if reader is self.rules.r["secretariat"] and rank(title_marking) >= rank("AMBER"):
                may_title = False
            if may_title:
                self.f.check(item.get("title") == variant.current.report["title"],
                             f"{where}: {variant.describe()}: title {item.get('title')!r}, "
                             f"expected the report's title (the reader may read it)")
            else:
                self.f.check("title" not in item,
                             f"LEAK {where}: {variant.describe()}: a title member although the "
                             f"reader may not read the title")
            log_form = self.latest_public_form.get(variant.id)
            if log_form is not None:
                self.f.check(item.get("envelope") == log_form.get("envelope"),
                             f"{where}: {variant.describe()}: envelope {item.get('envelope')} is "
                             f"not the public form's {log_form.get('envelope')}")

    def statistics(self, reader, group_by, expected):
        self.views.add(f"GET /v1/statistics?group_by={group_by}")
        where = f"GET /v1/statistics?group_by={group_by} as {reader}"
        response = self.node.request("GET", f"/v1/statistics?group_by={group_by}",
                                     token=reader.token)
        self.cells += 1
        self.leak(where, canaries_in(response.text()), set())
        self.no_salts(where, response.text())
        if response.status != 200:
            self.f.add(f"{where}: {response.status}: {response.text()[:300]}")
            return None
        body = response.json()
        groups = {g.get("key"): g.get("count") for g in body.get("groups", [])}
        withheld = {w.get("month"): w.get("count") for w in body.get("withheld", [])}
        want_groups, want_total, want_withheld = expected
        self.f.check(groups == want_groups,
                     f"{where}: groups {groups}, expected from the public envelopes {want_groups}")
        self.f.check(body.get("total") == want_total,
                     f"{where}: total {body.get('total')}, expected {want_total} (reports with "
                     f"a public envelope, not exercise, not withdrawn)")
        self.f.check(withheld == want_withheld,
                     f"{where}: withheld {withheld}, expected {want_withheld}")
        return json.dumps({k: v for k, v in body.items() if k != "tree_size"}, sort_keys=True)


def expected_statistics(variants, public_forms, group_by):
    """From the public envelopes alone, as a watchdog would recompute them."""
    groups, withheld, total = {}, {}, 0
    for variant in variants:
        if variant.withdrawn or variant.exercise:
            continue
        envelope = public_forms[variant.id]["envelope"]
        if variant.envelope == "parties-only":
            month = envelope.get("month") or envelope.get("year")
            withheld[month] = withheld.get(month, 0) + 1
            continue
        total += 1
        keys = {"state": envelope.get("affected_states", []),
                "sector": envelope.get("sectors", []),
                "level": [envelope.get("severity_level")],
                "month": [envelope.get("month") or envelope.get("year")],
                "verdict_summary": [envelope.get("verdict_summary")],
                "reporter_kind": [envelope.get("reporter_kind")]}[group_by]
        for key in keys:
            groups[key] = groups.get(key, 0) + 1
    return groups, total, withheld


def check_log(matrix, rules, readers, contacts, failures):
    """The log's entries: exactly the CLEAR canaries of public records, never a restricted
    contact; report.read events as rule R2 says. Returns the latest public form per report."""
    entries = harness.read_log_entries(matrix.node)
    events = harness.decode_events(entries)
    latest, versions_seen, reads = {}, {}, []
    party_public = {}
    for label, made in contacts.items():
        party_public[readers[label].id] = made["public"]
    for index, (entry, event) in enumerate(zip(entries, events)):
        matrix.cells += 1
        where = f"log entry {index} ({event.get('type')} {event.get('subject')})"
        found = canaries_in(entry.decode("utf-8", errors="replace"))
        matrix.no_salts(where, entry.decode("utf-8", errors="replace"))
        kind = event.get("type", "")
        subject = event.get("subject")
        variant = matrix.by_id.get(subject)
        if kind in ("report.submitted", "report.amended") and variant:
            number = versions_seen.get(subject, 0)
            versions_seen[subject] = number + 1
            if number >= len(variant.versions):
                failures.add(f"{where}: more versions in the log than were submitted")
                continue
            version = variant.versions[number]
            allowed = rules.public_canaries(variant, version)
            matrix.leak(where, found, allowed)
            for missing in sorted(allowed - found):
                failures.add(f"{where}: the public form lacks {missing} ({matrix.owner(missing)}), "
                             f"a CLEAR field of a public record")
            latest[subject] = event.get("body", {}).get("public_form")
        elif kind == "report.withdrawn" and variant:
            allowed = rules.public_canaries(variant, variant.current)
            matrix.leak(where, found, allowed)
        elif kind in ("party.registered", "party.revoked"):
            allowed = {party_public[subject]} if subject in party_public else set()
            matrix.leak(where, found, allowed)
        else:
            matrix.leak(where, found, set())
        if kind == "report.read":
            reads.append((index, event))
    # R2: the secretariat's reads of AMBER and above, and nobody else's.
    secretariat = readers["secretariat"]
    logged = {}
    for index, event in reads:
        body = event.get("body", {})
        if body.get("reader_party_id") != secretariat.id:
            failures.add(f"log entry {index}: report.read by {body.get('reader_party_id')}, but "
                         f"only the secretariat's reads are logged")
            continue
        if body.get("marking") not in ("AMBER", "AMBER+STRICT", "RED"):
            failures.add(f"log entry {index}: report.read with marking {body.get('marking')!r}, "
                         f"expected AMBER or above")
        logged[body.get("report_id")] = logged.get(body.get("report_id"), 0) + 1
    for variant in matrix.variants:
        version = variant.current
        markings = set(version.markings.values()) | {variant.tlp}
        read_amber = any(rank(m) >= rank("AMBER") and rules.may_read(secretariat, m, variant)
                         for m in markings)
        any_amber = any(rank(m) >= rank("AMBER") for m in markings)
        count = logged.get(variant.id, 0)
        if read_amber and count != 1:
            failures.add(f"R2: the secretariat's GET of {variant.describe()} read content marked "
                         f"AMBER or above, so one report.read event was due; the log has {count}")
        elif not any_amber and count:
            failures.add(f"R2: the secretariat's GET of {variant.describe()} read nothing above "
                         f"GREEN, yet the log has {count} report.read event(s)")
        elif any_amber and count > 1:
            failures.add(f"R2: {count} report.read events for one GET of {variant.describe()}")
    for variant in matrix.variants:
        failures.check(versions_seen.get(variant.id, 0) == len(variant.versions),
                       f"log: {versions_seen.get(variant.id, 0)} submitted/amended events for "
                       f"{variant.describe()}, expected {len(variant.versions)}")
    return latest, len(entries), sum(logged.values())


def check_parties(node, readers, contacts, failures, matrix):
    """GET /v1/parties and /v1/parties/{id}: restricted contacts and client_of go to the
    secretariat and to the party itself only."""
    labels = [label for label in contacts]
    for reader in readers.values():
        matrix.views.add("GET /v1/parties")
        response = node.request("GET", "/v1/parties", token=reader.token)
        where = f"GET /v1/parties as {reader}"
        matrix.cells += 1
        if response.status != 200:
            failures.add(f"{where}: {response.status}: {response.text()[:200]}")
            continue
        allowed = {contacts[l]["public"] for l in labels}
        for label in labels:
            if reader.kind == "secretariat" or reader is readers[label]:
                allowed.add(contacts[label]["restricted"])
        found = {c for c in canaries_in(response.text()) if c.startswith("CNRYP")}
        matrix.leak(where, found, allowed)
        for missing in sorted(allowed - found):
            failures.add(f"{where}: {missing} is missing although this reader may see it")
        for item in response.json().get("items", []):
            own = reader.id is not None and item.get("id") == reader.id
            if "client_of" in item and not (own or reader.kind == "secretariat"):
                failures.add(f"LEAK {where}: client_of of {item.get('id')} shown")
        for label in labels:
            matrix.views.add("GET /v1/parties/{id}")
            party = readers[label]
            one = node.request("GET", f"/v1/parties/{party.id}", token=reader.token)
            where_one = f"GET /v1/parties/{{{label}}} as {reader}"
            matrix.cells += 1
            if one.status != 200:
                failures.add(f"{where_one}: {one.status}: {one.text()[:200]}")
                continue
            allowed_one = {contacts[label]["public"]}
            if reader.kind == "secretariat" or reader is party:
                allowed_one.add(contacts[label]["restricted"])
                if party.client_of:
                    failures.check(one.json().get("client_of") == party.client_of,
                                   f"{where_one}: client_of {one.json().get('client_of')}, "
                                   f"expected {party.client_of}")
            else:
                failures.check("client_of" not in one.json(), f"LEAK {where_one}: client_of shown")
            found_one = {c for c in canaries_in(one.text()) if c.startswith("CNRYP")}
            matrix.leak(where_one, found_one, allowed_one)
            for missing in sorted(allowed_one - found_one):
                failures.add(f"{where_one}: {missing} is missing")


def list_queries(rules, readers, variants):
    """[(query, label, expect)]: expect(reader)(variant) is True (must be listed), None
    (either: the contract leaves it open), or why it must not be listed: "NO" (it does not
    match, or is excluded by default), "LEAK" (being listed tells what the reader may not
    know), "SPEC" (the public filters on public envelopes only)."""
    levels = sorted({v.receipt["severity"]["level"] for v in variants})
    pairs = sorted({(x["norm"], x["verdict"]) for v in variants for x in v.receipt["verdicts"]})
    norm, verdict = pairs[0] if pairs else ("no-norm", "no-violation")
    public = readers["public"]

    def listable(reader, v, withdrawn=False, exercise=False):
        if not ((withdrawn or not v.withdrawn) and (exercise or not v.exercise)):
            return "NO"
        return True if rules.visible(reader, v) else "R1"

    def by_envelope(match, needs_full=False):
        def expect(reader):
            def decide(v):
                base = listable(reader, v)
                if base == "NO" or not match(v):
                    return "NO"
                if v.envelope == "public":
                    return base
                # A parties-only envelope. The filtered value is in report fields
                # marked with the report's TLP (the level: in the full view only).
                knows = (rules.reads_in_full(reader, v) if needs_full
                         else rules.may_read(reader, v.tlp, v))
                if not knows:
                    return "LEAK"
                if reader is public:
                    return "SPEC"
                return None
            return decide
        return expect

    def in_sector(code):
        return lambda v: any(s == code or s.startswith(code + ".") for s in
                             sorted({e["sector"] for e in v.current.report["affected_entities"]}))

    queries = [
        ("", "unfiltered", lambda reader: lambda v: listable(reader, v)),
        ("include_withdrawn=true", "include_withdrawn",
         lambda reader: lambda v: listable(reader, v, withdrawn=True)),
        ("include_exercise=true", "include_exercise",
         lambda reader: lambda v: listable(reader, v, exercise=True)),
        ("state=UA", "state", by_envelope(lambda v: v.state == "UA")),
        ("state=MD", "state", by_envelope(lambda v: v.state == "MD")),
        ("sector=energy", "sector", by_envelope(in_sector("energy"))),
        ("sector=drinking-water", "sector", by_envelope(in_sector("drinking-water"))),
        ("from=2016-04&to=2016-08", "from&to",
         by_envelope(lambda v: "2016-04" <= v.month <= "2016-08")),
        ("from=2016-10", "from", by_envelope(lambda v: v.month >= "2016-10")),
        ("to=2016-02", "to", by_envelope(lambda v: v.month <= "2016-02")),
    ]
    for level in levels:
        queries.append((f"level={level}", "level",
                        by_envelope(lambda v, level=level: v.receipt["severity"]["level"] == level,
                                    needs_full=True)))

    # Norm and verdict filters match only reports the reader may read in full.
    def by_verdict(reader):
        def decide(v):
            base = listable(reader, v)
            if base == "NO" or {"norm": norm, "verdict": verdict} not in v.receipt["verdicts"]:
                return "NO"
            if not rules.reads_in_full(reader, v):
                return "LEAK"
            return base
        return decide

    queries.append((f"norm={harness.urlquote(norm)}&verdict={verdict}", "norm&verdict",
                    by_verdict))
    return queries


def run(accord, repo):
    failures = Failures(limit=300)
    template = harness.load_demo(repo)
    with Node(accord, repo) as node:
        node.start()
        secretariat = harness.find_secretariat(node, node.secretariat_token())
        readers, contacts = register_readers(node, secretariat)
        rules = Rules(readers)
        variants, matrix_count = submit_variants(node, readers, template)
        matrix = Matrix(node, rules, readers, variants, failures)
        matrix.latest_public_form = {}
        for reader in readers.values():
            for variant in variants:
                matrix.get_one(reader, variant)
        latest, entries, reads = check_log(matrix, rules, readers, contacts, failures)
        matrix.latest_public_form = latest
        for variant in variants:
            for label, form in matrix.public_forms.get(variant.id, {}).items():
                failures.check(form == latest.get(variant.id),
                               f"GET /v1/reports/{{{variant.describe()}}} as {label}: public_form "
                               f"differs from the log's latest public form of the report")
        queries = list_queries(rules, readers, variants)
        for reader in readers.values():
            for query, label, expect in queries:
                matrix.listing(reader, query, expect(reader), label)
            matrix.csv_export(reader)
        for group_by in GROUP_BY:
            expected = expected_statistics(variants, latest, group_by)
            answers = {}
            for reader in readers.values():
                answers[reader.label] = matrix.statistics(reader, group_by, expected)
            distinct = {a for a in answers.values() if a is not None}
            failures.check(len(distinct) <= 1,
                           f"GET /v1/statistics?group_by={group_by}: the answer differs between "
                           f"readers ({sorted(answers)}); it must come from public envelopes only")
        check_parties(node, readers, contacts, failures, matrix)
        size = (f"matrix of {len(readers)} readers x {len(variants)} reports ({matrix_count} "
                f"TLP x publication x field_tlp combinations + exercise, withdrawn, amended) over "
                f"{len(matrix.views)} read views and {entries} log entries: {matrix.cells} cells")
        failures.raise_if_any(f"visibility failures in a {size} (LEAK: shown past the rules; "
                              f"others: the contract not met)")
    return f"{size}, {failures.checks} checks; {reads} secretariat reads logged; no leak"


if __name__ == "__main__":
    harness.main(run, "leak_matrix_test.py ACCORD_BINARY REPO_ROOT")
