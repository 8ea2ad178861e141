#!/usr/bin/env bash
# End to end: `accord norms list|show|check` on the real binary, with the
# demo incidents. Usage: norms_cli_test.sh ACCORD_BINARY SOURCE_DIR
set -euo pipefail
accord=$1
source_dir=$2
demo=$source_dir/data/demo
fail() { echo "FAIL: $*" >&2; exit 1; }

list=$("$accord" norms list)
grep -q '^ACN-B1 .*binding .*treaty .*No damage to or impairment of civilian critical infrastructure' <<<"$list" \
  || fail "list does not show ACN-B1"
"$accord" norms list --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["version"]=="1.0" and len(d["norms"])==23' \
  || fail "list --json"

"$accord" norms show RL-WATER | grep -q 'red line of ACN-B2' || fail "show RL-WATER"
status=0; "$accord" norms show ACN-X9 2>/dev/null || status=$?
[[ $status -eq 3 ]] || fail "show of an unknown id exits $status, not 3"

text=$("$accord" norms check "$demo/2015-12-ukraine-power-grid.json")
grep -q '^ASSESSMENT, NOT A FINDING' <<<"$text" || fail "check text lacks the assessment notice"
grep -q 'DEMO DATA' <<<"$text" || fail "check text does not say the adherence data is demo data"
grep -q 'ACN-B1 .*potential violation' <<<"$text" || fail "check text: ACN-B1"
grep -q 'adherence: RU ratified on' <<<"$text" || fail "check text has no traces"
"$accord" norms check --summary "$demo/2015-12-ukraine-power-grid.json" | grep -q 'adherence: RU' \
  && fail "--summary still prints traces"

"$accord" norms check "$demo/2021-05-colonial-pipeline.json" --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["format"] == "accord.norms-evaluation/1"
assert "not a judgment" in d["assessment_notice"]
assert d["catalogue"] == {"name": "accord-norms", "version": "1.0"}
assert d["summaries"][0] == {"layer": "binding", "verdict": "no-violation", "potential_violations": 0,
    "insufficient_information": 0, "no_violations": 6, "not_applied": 2}, d["summaries"][0]
assert d["response"]["class"] == "retorsion-only"
assert all(v["catalogue_version"] == "1.0" for v in d["verdicts"])
' || fail "check --json"

bad=$(mktemp)
trap 'rm -f "$bad"' EXIT
echo '{"schema": "accord.incident-report/1"}' >"$bad"
status=0; message=$("$accord" norms check "$bad" 2>&1) || status=$?
[[ $status -eq 2 ]] || fail "an invalid report exits $status, not 2"
grep -q '/title: required field is missing' <<<"$message" || fail "invalid report errors not listed"
echo "norms cli: ok"
