#!/bin/bash
# End to end: accord assess on the real binary (docs/methodology.md, section 8).
# Usage: assess_cli_test.sh ACCORD SOURCE_DIR
set -u
accord=$1
src=$2
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$("$accord" assess "$src/data/demo/2015-12-ukraine-power-grid.json") || fail "text run failed"
grep -q "score 509/1000, level high (methodology 1.0)" <<<"$out" || fail "text score: $out"
grep -q "confidence low; range 393..773" <<<"$out" || fail "text range: $out"
grep -q "population (/effects/people_affected" <<<"$out" || fail "missing list: $out"

json=$("$accord" assess --json "$src/data/demo/2024-02-change-healthcare.json") || fail "json run failed"
grep -q '"methodology_version":"1.0"' <<<"$json" || fail "json version: $json"
grep -q '"level":"high"' <<<"$json" || fail "json level: $json"
grep -q '"score":517' <<<"$json" || fail "json score: $json"

# Bad input: a clear error and exit status 2, never a crash.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo '{"schema": "accord.incident-report/1"}' >"$tmp/bad.json"
"$accord" assess "$tmp/bad.json" 2>"$tmp/err"
status=$?
[ "$status" -eq 2 ] || fail "bad report: exit $status"
grep -q "invalid incident report" "$tmp/err" || fail "bad report message: $(cat "$tmp/err")"
echo 'version = ' >"$tmp/profile.toml"
"$accord" assess --methodology "$tmp/profile.toml" \
  "$src/data/demo/2015-12-ukraine-power-grid.json" 2>"$tmp/err"
status=$?
[ "$status" -eq 2 ] || fail "bad profile: exit $status"
grep -q "methodology profile: line 1" "$tmp/err" || fail "bad profile message: $(cat "$tmp/err")"
echo "ok"
