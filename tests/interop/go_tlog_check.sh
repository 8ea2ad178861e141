#!/usr/bin/env bash
# Verifies an accord log directory with the independent Go checker
# (tests/interop/go-tlog-checker): builds it into a temporary directory, fully
# offline from Debian's golang-go and golang-golang-x-mod-dev, runs it, and
# exits with its status (0 all checks passed, 1 a check failed, 2 usage or
# build error). For CTest: a missing Go toolchain is a failure, not a skip.
#
#   tests/interop/go_tlog_check.sh <log-dir> [<old-checkpoint-file>] [-- <checker flags>...]
#
# e.g. `... -- -proofs <file>` or `... -- -samples 0`; see go-tlog-checker/README.md.
set -euo pipefail

usage() {
  echo "usage: go_tlog_check.sh <log-dir> [<old-checkpoint-file>] [-- <checker flags>...]" >&2
  exit 2
}

[ $# -ge 1 ] || usage
log_dir=$1
shift
old=""
if [ $# -ge 1 ] && [ "$1" != "--" ]; then
  old=$1
  shift
fi
if [ $# -ge 1 ]; then
  [ "$1" = "--" ] || usage
  shift
fi

src="$(cd "$(dirname "$0")" && pwd)/go-tlog-checker"
gopath=/usr/share/gocode # where golang-golang-x-mod-dev installs x/mod

if ! command -v go >/dev/null; then
  echo "go_tlog_check: 'go' not found; install golang-go golang-golang-x-mod-dev (scripts/setup)" >&2
  exit 2
fi
if [ ! -d "$gopath/src/golang.org/x/mod/sumdb/tlog" ]; then
  echo "go_tlog_check: $gopath/src/golang.org/x/mod/sumdb/tlog not found; install golang-golang-x-mod-dev (scripts/setup)" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/go-tlog-check.XXXXXX")
trap 'rm -rf "$work"' EXIT

# GOPATH mode against Debian's source tree: no go.mod, no module download.
# GOENV=off ignores a user's `go env -w` settings, GOFLAGS= keeps the
# caller's build flags out, GOPROXY=off forbids any network fetch,
# GOTOOLCHAIN=local stops Go >= 1.21 from fetching another toolchain, and the
# build cache lives in the temporary directory (HOME may be read-only in CI).
if ! (cd "$src" && env GOENV=off GO111MODULE=off GOPATH="$gopath" GOFLAGS= GOPROXY=off \
        GOTOOLCHAIN=local CGO_ENABLED=0 GOCACHE="$work/gocache" \
        go build -o "$work/go-tlog-checker" .); then
  echo "go_tlog_check: building $src failed" >&2
  exit 2
fi

args=(-dir "$log_dir")
[ -z "$old" ] || args+=(-old "$old")
# Not exec: the EXIT trap must still remove the temporary directory.
status=0
"$work/go-tlog-checker" "${args[@]}" "$@" || status=$?
exit "$status"
