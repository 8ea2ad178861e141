#!/usr/bin/env python3
"""Crash test of the log: kill -9 an appending `accord log append` at random
moments, many times, and check after every kill that

  - the log verifies (`accord verify log`, which re-hashes every entry and
    tile against the signed checkpoint, and checks consistency with the
    checkpoint seen after the previous kill);
  - no acknowledged entry was lost: every entry that `accord log append`
    reported as appended ("appended A..B", printed only once the batch and
    its checkpoint are durable) is in the log, at its index, with its bytes.

Usage: crash_test.py ACCORD_BINARY [--rounds N] [--seed S]
Prints one closing line "crash-test: N passed, N failed".
"""
import argparse
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time


def read_entries(log_dir, size):
    """Entries 0..size-1 read from the C2SP entry bundles (tile/entries/...)."""
    def index_path(n):
        groups = []
        while True:
            groups.append(n % 1000)
            n //= 1000
            if n == 0:
                break
        groups.reverse()
        return "/".join(("x%03d" if i < len(groups) - 1 else "%03d") % g
                        for i, g in enumerate(groups))

    entries = []
    for tile in range((size + 255) // 256):
        width = min(256, size - tile * 256)
        path = os.path.join(log_dir, "tile", "entries", index_path(tile))
        if width < 256:
            path += ".p/%d" % width
        with open(path, "rb") as f:
            data = f.read()
        offset = 0
        for _ in range(width):
            (length,) = struct.unpack(">H", data[offset:offset + 2])
            entries.append(data[offset + 2:offset + 2 + length])
            offset += 2 + length
    return entries


def checkpoint_size(log_dir):
    with open(os.path.join(log_dir, "checkpoint"), "rb") as f:
        return int(f.read().split(b"\n")[1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("accord")
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    print("crash-test: seed %d, %d rounds" % (seed, args.rounds), flush=True)

    work = tempfile.mkdtemp(prefix="accord-crash-")
    log_dir = os.path.join(work, "log")
    seen = os.path.join(work, "last-seen-checkpoint")
    acknowledged = {}  # index -> bytes
    passed = failed = 0
    try:
        subprocess.run([args.accord, "log", "init", log_dir, "--origin", "crash.test/log"],
                       check=True, stdout=subprocess.DEVNULL)
        for round_number in range(args.rounds):
            start_size = checkpoint_size(log_dir)
            lines = [b"round %d entry %d %s" % (round_number, i, os.urandom(rng.randrange(1, 40)).hex().encode())
                     for i in range(20000)]
            input_path = os.path.join(work, "input")
            with open(input_path, "wb") as f:
                f.write(b"\n".join(lines) + b"\n")
            batch = rng.choice([1, 7, 64, 256, 300, 1000])
            with open(input_path, "rb") as stdin:
                process = subprocess.Popen(
                    [args.accord, "log", "append", log_dir, "--batch", str(batch)],
                    stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                time.sleep(rng.uniform(0.01, 0.4))
                process.send_signal(signal.SIGKILL)
                out, err = process.communicate()
            if process.returncode not in (-signal.SIGKILL, 0):
                print("FAIL round %d: append failed before the kill: %s" %
                      (round_number, err.decode(errors="replace")))
                failed += 1
                continue
            # Each "appended A..B" line is an acknowledgment. The round's
            # first entry went to the size the writer found on open, which
            # can exceed the public checkpoint read above: a kill between the
            # private and the public checkpoint leaves a batch that is durable
            # but unacknowledged, and the next open publishes it.
            base = None
            for line in out.decode().splitlines():
                if not line.startswith("appended "):
                    continue
                first, last = (int(n) for n in line.split()[1].split(".."))
                if base is None:
                    base = first
                    if base < start_size:
                        print("FAIL round %d: appending started at %d, below the checkpoint %d"
                              % (round_number, base, start_size))
                        failed += 1
                for index in range(first, last + 1):
                    acknowledged[index] = lines[index - base]

            # Restart: the log must verify and extend what was seen before.
            verify = subprocess.run([args.accord, "verify", "log", log_dir, "--last-seen", seen],
                                    capture_output=True)
            problems = []
            if verify.returncode != 0:
                problems.append("accord verify log failed: " +
                                (verify.stderr or verify.stdout).decode(errors="replace").strip())
            size = checkpoint_size(log_dir)
            if acknowledged and size < max(acknowledged) + 1:
                problems.append("checkpoint size %d, but entry %d was acknowledged" %
                                (size, max(acknowledged)))
            else:
                entries = read_entries(log_dir, size)
                lost = [i for i, data in acknowledged.items() if entries[i] != data]
                if lost:
                    problems.append("%d acknowledged entries lost or changed, first %d" %
                                    (len(lost), lost[0]))
            # A restart of the writer must also work (the next round does it),
            # and a reopened log must accept appends where it left off.
            if problems:
                failed += 1
                print("FAIL round %d (batch %d, log size %d): %s" %
                      (round_number, batch, size, "; ".join(problems)), flush=True)
            else:
                passed += 1
        print("crash-test: %d acknowledged entries checked after %d kills"
              % (len(acknowledged), args.rounds))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("crash-test: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
