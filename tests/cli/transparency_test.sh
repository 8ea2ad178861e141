#!/usr/bin/env bash
# accord transparency report end to end: a log directory holding a few
# public events written by hand (docs/notifications.md's public bodies)
# gives the figures counted by hand, the same bytes twice, and exit 4 when
# a tile was altered or an entry names the wrong position.
#
#   tests/cli/transparency_test.sh path/to/accord
set -uo pipefail
accord=${1:?usage: transparency_test.sh path/to/accord}
work=$(mktemp -d /tmp/accord-transparency.XXXXXX)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
expect() {  # expect "description" EXPECTED_STATUS GREP_TEXT command...
  local description=$1 expected=$2 text=$3
  shift 3
  local out status
  out=$("$@" 2>&1); status=$?
  if [ "$status" -eq "$expected" ] && grep -qF -- "$text" <<<"$out"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $description (exit $status, expected $expected and '$text')"
    sed 's/^/  | /' <<<"$out" | head -n 10
  fi
}

# AT alerts BO (urgent, due in 24 h); BO acknowledges after 600 s.
cat >"$work/entries" <<'ENTRIES'
{"at":"2026-01-01T00:00:00Z","body":{"id":"party--a","kind":"state","name":"A","state":"AT","status":"active"},"schema":"accord.event/1","seq":0,"subject":"party--a","type":"party.registered"}
{"at":"2026-01-01T00:00:00Z","body":{"id":"party--b","kind":"state","name":"B","state":"BO","status":"active"},"schema":"accord.event/1","seq":1,"subject":"party--b","type":"party.registered"}
{"at":"2026-03-01T00:00:00Z","body":{"due":"2026-03-02T00:00:00Z","exercise":false,"from":"party--a","id":"notification--1","kind":"incident-alert","priority":"urgent","sent_at":"2026-03-01T00:00:00Z","tlp":"AMBER","to":["party--b"]},"schema":"accord.event/1","seq":2,"subject":"notification--1","type":"notification.sent"}
{"at":"2026-03-01T00:10:00Z","body":{"at":"2026-03-01T00:10:00Z","exercise":false,"from":"party--b","kind":"acknowledgment","late":false,"notification":"notification--1","reply":"notification-reply--1","state":"acknowledged"},"schema":"accord.event/1","seq":3,"subject":"notification--1","type":"notification.replied"}
ENTRIES
"$accord" log init "$work/log" --origin transparency-test.accord.invalid/log >/dev/null
"$accord" log append "$work/log" <"$work/entries" >/dev/null

expect "json cites the checkpoint" 0 '"origin":"transparency-test.accord.invalid/log","root_hash":"' \
  "$accord" transparency report --year 2026 --log "$work/log"
expect "json has the tree size" 0 '"tree_size":4}' \
  "$accord" transparency report --year 2026 --log "$work/log"
expect "csv: BO acknowledged in 600 s" 0 'BO,notifications.median_ack_seconds,600' \
  "$accord" transparency report --year 2026 --log "$work/log" --format csv
expect "csv: BO on time" 0 'BO,notifications.on_time_per_mille,1000' \
  "$accord" transparency report --year 2026 --log "$work/log" --format csv --state BO
expect "csv: AT sent one" 0 'AT,notifications.sent,1' \
  "$accord" transparency report --year 2026 --log "$work/log" --format csv
"$accord" transparency report --year 2026 --log "$work/log" --out "$work/one.json" >/dev/null
"$accord" transparency report --year 2026 --log "$work/log" --out "$work/two.json" >/dev/null
expect "the same bytes twice" 0 "" cmp "$work/one.json" "$work/two.json"
expect "html is one document" 0 '<!DOCTYPE html>' \
  "$accord" transparency report --year 2026 --log "$work/log" --format html
expect "a bad state code" 2 'state: "bo" is not an ISO 3166-1 alpha-2 code' \
  "$accord" transparency report --year 2026 --log "$work/log" --state bo
expect "no log directory" 3 'no verifier key' \
  "$accord" transparency report --year 2026 --log "$work/nowhere"

# An altered entry bundle no longer matches the signed checkpoint.
cp -r "$work/log" "$work/altered"
bundle=$(find "$work/altered/tile/entries" -type f | head -n 1)
sed -i 's/"AT"/"AX"/' "$bundle"
expect "an altered tile" 4 "verify the log against its checkpoint" \
  "$accord" transparency report --year 2026 --log "$work/altered"

# A correctly signed log whose entry names the wrong position.
"$accord" log init "$work/bad" --origin transparency-test.accord.invalid/bad >/dev/null
sed 's/"seq":1,/"seq":7,/' "$work/entries" | "$accord" log append "$work/bad" >/dev/null
expect "an entry at the wrong position" 4 "entry 1: seq is 7, not the entry's index" \
  "$accord" transparency report --year 2026 --log "$work/bad"

echo "transparency_test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
