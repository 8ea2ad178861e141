#!/usr/bin/env bash
# End-to-end check of the real `accord` binary, as a newcomer uses it:
# --help, init, serve, the HTTP answers the Foundation issue promises
# (healthz, the page in a real browser, 413/400 problem+json for a 10 MB
# body, a truncated request and bad UTF-8, and still serving after them),
# then a graceful stop on SIGTERM.
#
#   tests/cli/smoke_test.sh path/to/accord
set -uo pipefail
accord=${1:?usage: smoke_test.sh path/to/accord}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/accord-smoke.XXXXXX)
artifacts="$(dirname "$accord")/artifacts"
mkdir -p "$artifacts"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The dashboard and the browser driver come from `make web` / scripts/setup;
# without them the page checks below cannot pass, so say so plainly.
if [ ! -f "$repo/web/dist/index.html" ] || [ ! -d "$repo/web/node_modules/playwright-core" ]; then
  echo "FAIL: web/dist or web/node_modules is missing: run 'make test' (or scripts/setup && make web) first"
  echo "smoke: 0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
check() {  # check "description" command...
  local description=$1
  shift
  if "$@" >"$work/check.out" 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $description"
    sed 's/^/  | /' "$work/check.out" | head -n 20
  fi
}
contains() { grep -qF -- "$2" <<<"$1" || { echo "expected to find '$2' in:"; echo "$1"; return 1; }; }

# --- the command line
check "accord --help lists the commands" bash -c "'$accord' --help | grep -q 'serve'"
check "accord version prints the version" bash -c "'$accord' version | grep -Eq '^accord [0-9]+\.[0-9]+\.[0-9]+$'"
check "an unknown option exits 2" bash -c "'$accord' serve --no-such-option; test \$? -eq 2"

check "init creates the node" "$accord" init --data "$work/node" --listen 127.0.0.1:0
check "the node key is private (0600)" bash -c "test \"\$(stat -c %a '$work/node/node.key')\" = 600"
out=$("$accord" init --data "$work/node" 2>&1); status=$?
check "a second init refuses to overwrite the key" bash -c "test $status -eq 1"
check "and says why" contains "$out" "keys are never overwritten"
out=$("$accord" serve --data "$work/none" 2>&1); status=$?
check "serve without a node exits 3" bash -c "test $status -eq 3"
check "and says how to create one" contains "$out" "accord init --data"
printf '[node]\norigin = "a b"\n' >"$work/bad.toml"
mkdir -p "$work/badnode" && cp "$work/bad.toml" "$work/badnode/config.toml"
out=$("$accord" serve --data "$work/badnode" 2>&1); status=$?
check "a bad config names the key and the reason" contains "$out" "node.origin"

# --- the server
"$accord" serve --data "$work/node" --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(grep -o 'http://[0-9.:]*/' "$work/serve.out" 2>/dev/null | head -n 1)
  [ -n "$url" ] && break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "FAIL: the server did not print its URL"; cat "$work/serve.err"
  echo "smoke: $passed passed, $((failed + 1)) failed"; exit 1
fi

health=$(curl -s -w '\n%{http_code} %{content_type}' "${url}healthz")
check "GET /healthz is 200 JSON" contains "$health" "200 application/json"
check "healthz says ok" contains "$health" '"status":"ok"'
page=$(curl -s -w '\n%{http_code}' "$url")
check "GET / serves the dashboard" contains "$page" "200"
check "the dashboard is HTML" contains "$page" "<!doctype html>"

head -c 10000000 /dev/zero >"$work/big.json"
big=$(curl -s -w '\n%{http_code} %{content_type}' -H 'Content-Type: application/json' \
  --data-binary @"$work/big.json" "${url}v1/canonical-json")
check "a 10 MB body gets 413 problem+json" contains "$big" "413 application/problem+json"

bad=$(printf '{"name":"\xc3\x28"}' | curl -s -w '\n%{http_code} %{content_type}' \
  -H 'Content-Type: application/json' --data-binary @- "${url}v1/canonical-json")
check "bad UTF-8 in JSON gets 400 problem+json" contains "$bad" "400 application/problem+json"
check "and names where" contains "$bad" "byte 9"

port=${url##*:}; port=${port%/}
truncated=$(python3 - "$port" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b'POST /v1/canonical-json HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n'
          b'Content-Length: 100\r\n\r\n{"a":')
s.shutdown(socket.SHUT_WR)
s.settimeout(10)
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
print(data.decode(errors="replace"))
PY
)
check "a truncated request gets 400 problem+json" contains "$truncated" "HTTP/1.1 400"
check "saying it was truncated" contains "$truncated" "truncated"

canonical=$(curl -s -H 'Content-Type: application/json' --data '{"b":2,"a":[1.0,1e21,-0]}' \
  "${url}v1/canonical-json")
check "the canonical form follows RFC 8785" contains "$canonical" '{"a":[1,1e+21,0],"b":2}'
after=$(curl -s -w '\n%{http_code}' "${url}healthz")
check "the server still answers /healthz after all that" contains "$after" "200"
check "/metrics speaks Prometheus" bash -c "curl -s '${url}metrics' | grep -q '^# TYPE accord_http_requests_total counter'"

# --- the page in a real browser (Debian's Chromium through playwright-core)
check "the dashboard shows the node's health in Chromium" \
  node "$repo/web/e2e/smoke.mjs" "$url" "$artifacts/dashboard-health.png"

# --- graceful stop
kill -TERM "$server_pid"
stopped=1
for _ in $(seq 1 100); do
  if ! kill -0 "$server_pid" 2>/dev/null; then stopped=0; break; fi
  sleep 0.1
done
check "SIGTERM stops the server within 10 s" test "$stopped" -eq 0
wait "$server_pid"; status=$?
server_pid=""
check "and it exits 0" test "$status" -eq 0
check "after logging that it stopped" grep -q 'node stopped' "$work/serve.err"

echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
