#!/usr/bin/env bash
# accord's log, checked by an independent verifier built on Go's
# golang.org/x/mod/sumdb/note and sumdb/tlog (tests/interop/go-tlog-checker):
# accord writes a log across tile boundaries in uneven batches, keeps an old
# checkpoint, and proves inclusion and consistency; the Go checker must
# accept the signatures, the roots recomputed from the tiles, every entry,
# and accord's proofs.
#
#   tests/interop/go_checker_test.sh path/to/accord
set -euo pipefail
accord=${1:?usage: go_checker_test.sh path/to/accord}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/accord-go-check.XXXXXX)
trap 'rm -rf "$work"' EXIT

log="$work/log"
"$accord" log init "$log" --origin go-check.accord.invalid/log >/dev/null
# 70 000 entries: full tiles at level 0 and 1, partial ones at levels 0-2.
python3 -c "
for i in range(300): print('entry %d' % i)" | "$accord" log append "$log" --batch 7 >/dev/null
cp "$log/checkpoint" "$work/old-checkpoint"
python3 -c "
for i in range(300, 70000): print('entry %d %s' % (i, 'x' * (i % 50)))" |
  "$accord" log append "$log" --batch 4096 >/dev/null

# accord's own proofs, in the checker's line format.
proofs="$work/proofs"
: >"$proofs"
for index in 0 1 255 256 299 300 65535 65536 69999; do
  "$accord" log prove "$log" --index "$index" | python3 -c '
import json, sys
p = json.load(sys.stdin)
print("inclusion", p["index"], p["tree_size"], *p["proof"])' >>"$proofs"
done
for size in 300 4000; do
  "$accord" log prove "$log" --index 17 --size "$size" | python3 -c '
import json, sys
p = json.load(sys.stdin)
print("inclusion", p["index"], p["tree_size"], *p["proof"])' >>"$proofs"
done
for old in 0 1 7 300 65536 69999 70000; do
  "$accord" log prove "$log" --consistency "$old" | python3 -c '
import json, sys
p = json.load(sys.stdin)
print("consistency", p["old_size"], p["tree_size"], *p["proof"])' >>"$proofs"
done

bash "$here/go_tlog_check.sh" "$log" "$work/old-checkpoint" -- -proofs "$proofs"
