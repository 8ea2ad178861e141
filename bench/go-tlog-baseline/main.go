// Command go-tlog-baseline is the peer baseline of accord's ledger benchmark
// (bench/ledger_bench.cc, issue 3): it appends the same entries with Go's
// golang.org/x/mod/sumdb/tlog, the Merkle tree code behind the Go checksum
// database, and prints entries per second. tools/bench_ledger builds and runs
// it in the same run as the C++ benchmark and `openssl speed`, so the three
// figures share one machine and one load.
//
// What is timed: for every entry n, tlog.StoredHashes(n, entry, reader), i.e.
// the RFC 6962 leaf hash plus the hash of every complete subtree the entry
// closes, appended to an in-memory slice that the reader reads back. That is
// the same work as accord's MemoryTree::Append(LeafHash(entry)). Generating
// the entries is not timed.
//
// The entries are the ones the C++ benchmark makes: entry i is `-bytes`
// bytes taken from the little-endian words SplitMix64(32*i + k), k = 0, 1, ...
// The program prints the tree's root (RFC 9162 section 2.1.1) so that
// tools/bench_ledger can check both sides hashed the same data.
//
// Output, one line per run and one summary line, `key=value` fields:
//
//	go-tlog-baseline run=1 entries=1000000 entry_bytes=256 seconds=0.81 cpu_seconds=0.84 entries_per_s=... entries_per_cpu_s=...
//	go-tlog-baseline summary entries=1000000 entry_bytes=256 runs=3 median_entries_per_s=... median_entries_per_cpu_s=... root=<hex> go=go1.19.8
//
// seconds is wall-clock time; cpu_seconds is the process's user + system CPU
// time over the same span (getrusage), which includes the garbage
// collector's background work and excludes time lost to other jobs on the
// machine, like the C++ benchmark's per-thread CPU time and openssl speed's
// user time.
//
// Note: Go 1.19's crypto/sha256 on amd64 has no SHA-NI path (AVX2 at best),
// so on CPUs with SHA extensions this baseline understates what Go could do
// with a newer toolchain; the report says so.
//
// Written for Go 1.19 and x/mod 0.7.0 (Debian bookworm); builds offline in
// GOPATH mode:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE=$(mktemp -d) go build
package main

import (
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"runtime"
	"sort"
	"syscall"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// splitMix64 is the SplitMix64 output function (Steele, Lea and Flood,
// "Fast splittable pseudorandom number generators", OOPSLA 2014) applied to
// x + golden gamma: a stateless, well-mixed word for position x.
func splitMix64(x uint64) uint64 {
	z := x + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// benchEntry is entry `index` of the benchmark: `size` bytes of
// splitMix64(32*index + k) words, little-endian, the last word truncated.
func benchEntry(index uint64, size int) []byte {
	entry := make([]byte, (size+7)/8*8)
	for k := 0; k*8 < size; k++ {
		binary.LittleEndian.PutUint64(entry[8*k:], splitMix64(32*index+uint64(k)))
	}
	return entry[:size]
}

// memoryHashes is tlog's storage: the stored hashes in StoredHashIndex order.
type memoryHashes []tlog.Hash

func (m *memoryHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, index := range indexes {
		if index < 0 || index >= int64(len(*m)) {
			return nil, fmt.Errorf("stored hash %d not yet written (have %d)", index, len(*m))
		}
		out[i] = (*m)[index]
	}
	return out, nil
}

// cpuSeconds is the process's user + system CPU time so far.
func cpuSeconds() float64 {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		fmt.Fprintln(os.Stderr, "go-tlog-baseline: getrusage:", err)
		os.Exit(1)
	}
	return float64(usage.Utime.Nano()+usage.Stime.Nano()) / 1e9
}

// appendAll appends every entry and returns the wall and CPU seconds taken
// and the tree.
func appendAll(entries [][]byte) (float64, float64, *memoryHashes, error) {
	stored := &memoryHashes{}
	start, startCPU := time.Now(), cpuSeconds()
	for n, entry := range entries {
		hashes, err := tlog.StoredHashes(int64(n), entry, stored)
		if err != nil {
			return 0, 0, nil, fmt.Errorf("entry %d: %v", n, err)
		}
		*stored = append(*stored, hashes...)
	}
	return time.Since(start).Seconds(), cpuSeconds() - startCPU, stored, nil
}

func median(values []float64) float64 {
	sorted := append([]float64(nil), values...)
	sort.Float64s(sorted)
	return sorted[len(sorted)/2]
}

func main() {
	count := flag.Int("entries", 1000000, "entries to append per run")
	size := flag.Int("bytes", 256, "bytes per entry")
	runs := flag.Int("runs", 3, "runs; the median rate is the summary")
	flag.Parse()
	if *count < 1 || *size < 0 || *runs < 1 {
		fmt.Fprintln(os.Stderr, "go-tlog-baseline: -entries and -runs must be >= 1, -bytes >= 0")
		os.Exit(2)
	}

	entries := make([][]byte, *count)
	for i := range entries {
		entries[i] = benchEntry(uint64(i), *size)
	}

	var rates, cpuRates []float64
	var root tlog.Hash
	for run := 1; run <= *runs; run++ {
		runtime.GC() // start each run with the previous run's tree collected
		seconds, cpu, stored, err := appendAll(entries)
		if err != nil {
			fmt.Fprintln(os.Stderr, "go-tlog-baseline:", err)
			os.Exit(1)
		}
		rates = append(rates, float64(*count)/seconds)
		cpuRates = append(cpuRates, float64(*count)/cpu)
		fmt.Printf("go-tlog-baseline run=%d entries=%d entry_bytes=%d seconds=%.4f cpu_seconds=%.4f entries_per_s=%.0f entries_per_cpu_s=%.0f\n",
			run, *count, *size, seconds, cpu, rates[len(rates)-1], cpuRates[len(cpuRates)-1])
		if root, err = tlog.TreeHash(int64(*count), stored); err != nil {
			fmt.Fprintln(os.Stderr, "go-tlog-baseline: tree hash:", err)
			os.Exit(1)
		}
	}
	fmt.Printf("go-tlog-baseline summary entries=%d entry_bytes=%d runs=%d median_entries_per_s=%.0f median_entries_per_cpu_s=%.0f root=%s go=%s\n",
		*count, *size, *runs, median(rates), median(cpuRates), hex.EncodeToString(root[:]), runtime.Version())
}
