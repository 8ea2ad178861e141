#!/usr/bin/python3
"""The node's TAXII 2.1 server, black-box (docs/exchange/taxii.md; TAXII 2.1 sections cited).

Usage: taxii_test.py ACCORD_BINARY REPO_ROOT
"""

import harness
from harness import Failures, Node, expect_json, expect_status

TAXII = "application/taxii+json;version=2.1"
ACCEPT = {"Accept": TAXII}
ROOT = "/taxii2/api/"
OBJECTS = ROOT + "collections/reports/objects/"


def get(node, path, token=None, accept=TAXII):
    return node.request("GET", path, token=token, headers={"Accept": accept} if accept else {})


def all_objects(node, token, failures, limit=7):
    """Every object, page by page; checks more/next and the date headers on the way."""
    objects, path, pages = [], OBJECTS + f"?limit={limit}", 0
    while True:
        response = get(node, path, token)
        page = expect_json(response, 200, "GET objects")
        pages += 1
        failures.check(response.header("content-type") == TAXII, f"{path}: Content-Type "
                       f"{response.header('content-type')!r} (TAXII 3.1)")
        got = page.get("objects", [])
        failures.check(len(got) <= limit, f"{path}: {len(got)} objects for limit={limit} (TAXII 3.4)")
        if got:
            first, last = response.header("x-taxii-date-added-first"), response.header("x-taxii-date-added-last")
            failures.check(first and last and first <= last, f"{path}: X-TAXII-Date-Added-* {first} {last}")
        objects.extend(got)
        if not page.get("more"):
            return objects, pages
        failures.check("next" in page, f"{path}: more without next")
        path = OBJECTS + f"?limit={limit}&next=" + harness.urlquote(page["next"])


def run(accord, repo):
    failures = Failures()
    with Node(accord, repo) as node:
        node.start()
        secretariat = node.secretariat_token()
        watchdog = harness.register_party(node, secretariat, "watchdog", "watchdog", "Watchdog W")
        template = harness.load_demo(repo)
        clear = harness.report_as(template, harness.state_reporter("UA"))
        amber = harness.report_as(template, harness.state_reporter("UA"))
        amber["tlp"] = "AMBER"
        amber["title"] = "CANARY-AMBER title"
        state = harness.register_party(node, secretariat, "state", "state", "State UA", state="UA")
        expect_status(harness.submit(node, state.token, clear), 201, "submit CLEAR")
        expect_status(harness.submit(node, state.token, amber), 201, "submit AMBER")

        # Discovery and API root (4.1, 4.2).
        discovery = expect_json(get(node, "/taxii2/"), 200, "discovery")
        failures.check(discovery.get("api_roots") == [ROOT] and discovery.get("default") == ROOT,
                       f"discovery: {discovery}")
        api_root = expect_json(get(node, ROOT), 200, "API root")
        failures.check(TAXII in api_root.get("versions", []) and api_root.get("max_content_length", 0) > 0,
                       f"API root: {api_root}")
        # Negotiation (3.1, 1.6.8): 406 without a TAXII range, q=0, or another version.
        for accept in (None, "application/json", TAXII + ";q=0", "application/taxii+json;version=2.0"):
            response = get(node, "/taxii2/", accept=accept)
            failures.check(response.status == 406 and response.media_type() == "application/taxii+json",
                           f"Accept {accept!r}: {response.status} {response.header('content-type')}")
        for accept in ("application/taxii+json", "*/*", "application/json, application/taxii+json;q=0.5"):
            failures.check(get(node, "/taxii2/", accept=accept).status == 200, f"Accept {accept!r} refused")
        # Collections (5.1, 5.2).
        collections = expect_json(get(node, ROOT + "collections/"), 200, "collections")["collections"]
        failures.check(len(collections) == 1 and collections[0]["alias"] == "reports" and
                       collections[0]["can_read"] and not collections[0]["can_write"], f"{collections}")
        mine = expect_json(get(node, ROOT + "collections/", secretariat), 200, "collections")["collections"]
        failures.check(mine[0]["can_write"], "the secretariat cannot write the collection")
        by_id = expect_json(get(node, ROOT + f"collections/{collections[0]['id']}/"), 200, "collection")
        failures.check(by_id == collections[0], "the collection by id differs from the list")

        # Visibility: the public never sees the AMBER report; the state that filed it does.
        amber_incident = "incident--" + amber["id"].split("--", 1)[1]
        clear_incident = "incident--" + clear["id"].split("--", 1)[1]
        public, pages = all_objects(node, None, failures)
        failures.check(pages > 1, "limit=7 gave one page")
        public_text = str(public)
        failures.check("CANARY-AMBER" not in public_text and amber_incident not in public_text,
                       "the public sees the AMBER report")
        failures.check(clear_incident in public_text, "the public does not see the CLEAR report")
        ids = [(o["id"], o.get("modified", o.get("created"))) for o in public]
        failures.check(len(ids) == len(set(ids)), "pages repeat objects")
        own, _ = all_objects(node, state.token, failures, limit=50)
        failures.check(amber_incident in str(own), "the submitting state does not see its AMBER report")
        watched, _ = all_objects(node, watchdog.token, failures, limit=50)
        failures.check(amber_incident not in str(watched), "a watchdog sees an AMBER report")

        # One object, its versions, the manifest (5.6, 5.8, 5.3).
        one = expect_json(get(node, OBJECTS + clear_incident + "/"), 200, "get an object")
        failures.check([o["id"] for o in one.get("objects", [])] == [clear_incident], f"{one}")
        expect_status(get(node, OBJECTS + amber_incident + "/"), 404, "AMBER object for the public")
        versions = get(node, OBJECTS + clear_incident + "/versions/")
        failures.check(versions.status == 200 and versions.header("x-taxii-date-added-last"),
                       f"versions: {versions.status}")
        manifest = expect_json(get(node, ROOT + "collections/reports/manifest/?match%5Btype%5D=incident"), 200,
                               "manifest")
        failures.check({r["id"] for r in manifest.get("objects", [])} == {clear_incident},
                       f"manifest of incidents for the public: {manifest}")
        # Filters and errors (3.4).
        for query in ("limit=0", "limit=x", "added_after=yesterday", "match%5Bversion%5D=all,first",
                      "next=bogus", "limit=1&limit=2"):
            response = get(node, OBJECTS + "?" + query)
            failures.check(response.status == 400 and response.json().get("http_status") == "400",
                           f"?{query}: {response.status} {response.text()[:200]}")
        later = get(node, OBJECTS + "?added_after=2999-01-01T00:00:00.000000Z")
        failures.check(later.status == 200 and later.json() == {}, f"added_after in the future: {later.text()[:200]}")

        # Add objects (5.5) and status (4.3).
        envelope = {"objects": []}
        response = node.request("POST", OBJECTS, envelope, token=secretariat, headers=ACCEPT)
        failures.check(response.status == 415, f"POST as application/json: {response.status}")
        response = node.request("POST", OBJECTS, envelope, token=watchdog.token, headers=ACCEPT,
                                content_type=TAXII)
        failures.check(response.status == 403, f"POST by a watchdog: {response.status}")
        response = node.request("POST", OBJECTS, envelope, headers=ACCEPT, content_type=TAXII)
        failures.check(response.status == 401 and response.header("www-authenticate"),
                       f"POST without a token: {response.status}")
        status = expect_json(node.request("POST", OBJECTS, envelope, token=secretariat, headers=ACCEPT,
                                          content_type=TAXII), 202, "POST an envelope")
        expect_json(get(node, ROOT + f"status/{status['id']}/", secretariat), 200, "status")
        expect_status(get(node, ROOT + f"status/{status['id']}/", watchdog.token), 404, "another's status")
    failures.raise_if_any("TAXII differences")
    return f"{failures.checks} checks"


if __name__ == "__main__":
    harness.main(run, "taxii_test.py ACCORD_BINARY REPO_ROOT")
