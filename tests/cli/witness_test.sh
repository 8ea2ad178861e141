#!/usr/bin/env bash
# accord witness end to end: it cosigns checkpoints that extend the last one
# it cosigned, and refuses - naming it a split view - a forked log (two
# trees of one size, or a proof that does not connect), and a rollback.
#
#   tests/cli/witness_test.sh path/to/accord
set -uo pipefail
accord=${1:?usage: witness_test.sh path/to/accord}
work=$(mktemp -d /tmp/accord-witness.XXXXXX)
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
entries() { python3 -c "
for i in range($2, $3): print('$1 %d' % i)"; }

"$accord" log init "$work/a" --origin witness-test.accord.invalid/log >/dev/null
entries a 0 300 | "$accord" log append "$work/a" >/dev/null
cp "$work/a/checkpoint" "$work/cp300"
cp -r "$work/a" "$work/b"  # the same log, about to be forked
entries a 300 600 | "$accord" log append "$work/a" >/dev/null
entries b 300 600 | "$accord" log append "$work/b" >/dev/null
"$accord" log prove "$work/a" --consistency 300 >"$work/a-300-600.json"
cp "$work/a/checkpoint" "$work/a600"
cp "$work/b/checkpoint" "$work/b600"
entries b 600 700 | "$accord" log append "$work/b" >/dev/null
"$accord" log prove "$work/b" --consistency 600 >"$work/b-600-700.json"
cp "$work/b/checkpoint" "$work/b700"

w="$work/witness"
expect "init creates a cosigner key" 0 "+" "$accord" witness init "$w" --name witness.accord.invalid
expect "follow registers the log" 0 "following witness-test.accord.invalid/log" \
  "$accord" witness follow "$w" --vkey "$work/a/vkey"
expect "the first checkpoint is cosigned" 0 "— witness.accord.invalid " \
  "$accord" witness cosign "$w" --checkpoint "$work/cp300"
expect "a checkpoint proven to extend it is cosigned" 0 "— witness.accord.invalid " \
  "$accord" witness cosign "$w" --checkpoint "$work/a600" --proof "$work/a-300-600.json"
expect "the fork at the same size is refused as a split view" 4 "split view" \
  "$accord" witness cosign "$w" --checkpoint "$work/b600"
expect "the fork's later checkpoint is refused as a split view" 4 "split view" \
  "$accord" witness cosign "$w" --checkpoint "$work/b700" --proof "$work/b-600-700.json"
expect "an older checkpoint is refused as a rollback" 2 "rollback" \
  "$accord" witness cosign "$w" --checkpoint "$work/cp300"
expect "a proof from the wrong size gets the witness's size" 1 "last cosigned size 600" \
  "$accord" witness cosign "$w" --checkpoint "$work/b700" --proof "$work/a-300-600.json"
"$accord" log init "$work/c" --origin other.accord.invalid/log >/dev/null
expect "a log it does not follow is refused" 3 "does not follow" \
  "$accord" witness cosign "$w" --checkpoint "$work/c/checkpoint"
expect "a note that is not a checkpoint is refused" 2 "no blank line" \
  "$accord" witness cosign "$w" --checkpoint "$w/vkey"

echo "witness: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
