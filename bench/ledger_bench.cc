// Benchmarks of the ledger's speed targets (issue 3). tools/bench_ledger runs
// them beside `openssl speed sha256` (the hashing limit) and Go's x/mod tlog
// (bench/go-tlog-baseline, the peer baseline) and turns the figures into the
// ratios docs/performance.md records. Only a Release build counts.
//
//   Hash/*                 one LeafHash of 256 bytes, one NodeHash: our cost
//                          per SHA-256 call, beside openssl speed's
//   MemoryTreeAppend       1M 256-byte entries: LeafHash + MemoryTree::Append,
//                          the hashing our code cannot avoid
//   LogAppendMemory/B      the same entries through Log::AppendBatch in
//                          batches of B over a MemoryTileStore: adds tile and
//                          bundle encoding and one Ed25519 checkpoint per batch
//   LogAppendDurable/B     Log over a DirectoryTileStore in a fresh directory
//                          (under ACCORD_BENCH_DIR, else TMPDIR, else /tmp);
//                          its counters say where the time goes
//   LogAppendJournaled/B   the same over the JournaledTileStore the node uses
//   FileCreateSync/bytes,  what one fdatasync'd new file and one directory
//   DirectorySync          fsync cost on the same filesystem
//   LogAppendSyncfsPrototype/B, LogAppendOneSyncFloor/B
//                          the same appends over two bench-only stores that
//                          measure the fixes docs/performance.md weighs (see
//                          their comments; neither is for production)
//   BuildProofLog          builds the 10M-entry log the proofs run on, once
//   ProveInclusion/*,      Log::ProveInclusion and Log::ProveConsistency at
//   ProveConsistency/*     tree size 10M, through the node's TileHashReader:
//                          random (a fresh uniform sample each time, with the
//                          node's tile cache), warm (16 proofs over and over,
//                          every tile cached) and cold (the first proof of a
//                          freshly opened Log)
//   EdgePrototype/*        the same proofs through a bench-only reader that
//                          measures the proof fix docs/performance.md proposes
//
// CPU-bound figures (hashing, in-memory appends, proofs) count thread CPU
// time, as openssl speed counts user CPU time, so that other jobs on a shared
// machine do not count against the code; durable appends count wall time,
// since waiting for the disk is their cost. Proofs report both.
//
// The 256-byte entries are those of the Go baseline: entry i holds the
// little-endian words SplitMix64(32 i + k). MemoryTreeAppend's label carries
// the root so the run can check both sides hashed the same bytes.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/journaled_tile_store.h"
#include "ledger/log.h"
#include "ledger/merkle.h"
#include "ledger/tile.h"
#include "ledger/tile_store.h"

namespace accord::ledger {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kAppendEntries = 1'000'000;  // issue 3: "1M 256-byte entries"
constexpr std::size_t kAppendEntryBytes = 256;
constexpr std::uint64_t kDurableEntries = 65'536;  // per run: 64 batches of 1024, 16 of 4096
constexpr std::uint64_t kProofTreeSize = 10'000'000;  // issue 3: "at 10M entries"
// Small entries keep the 10M-entry log's bundles at ~100 MB; proofs read
// hash tiles only, so entry size does not change what they cost.
constexpr std::size_t kProofEntryBytes = 8;
constexpr std::uint64_t kProofBuildBatch = 65'536;
constexpr std::size_t kProofSamples = 32;  // random indices / sizes checked, warm and cold
constexpr std::string_view kOrigin = "bench.accord.example/log";

// A benchmark has no caller to hand an error to: a failed setup ends the run.
[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "bench_ledger: %s\n", what.c_str());
  std::exit(1);
}

// SplitMix64's output function on x + golden gamma (Steele, Lea and Flood,
// OOPSLA 2014); bench/go-tlog-baseline/main.go has the same.
std::uint64_t SplitMix64(std::uint64_t x) {
  std::uint64_t z = x + 0x9e3779b97f4a7c15u;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

std::string BenchEntry(std::uint64_t index, std::size_t bytes) {
  std::string entry(bytes, '\0');
  for (std::size_t k = 0; 8 * k < bytes; ++k) {
    std::uint64_t word = SplitMix64(32 * index + k);
    for (std::size_t b = 0; b < 8 && 8 * k + b < bytes; ++b)
      entry[8 * k + b] = static_cast<char>(word >> (8 * b));
  }
  return entry;
}

const std::vector<std::string>& AppendEntries() {
  static const std::vector<std::string> entries = [] {
    std::vector<std::string> made;
    made.reserve(kAppendEntries);
    for (std::uint64_t i = 0; i < kAppendEntries; ++i)
      made.push_back(BenchEntry(i, kAppendEntryBytes));
    return made;
  }();
  return entries;
}

NoteSigner MakeSigner() {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(42);
  auto key = core::Ed25519PrivateKey::FromSeed(seed);
  if (!key) Die("signing key: " + key.error().message);
  auto signer = NoteSigner::Create(std::string(kOrigin), SignatureType::kEd25519, std::move(*key));
  if (!signer) Die("signer: " + signer.error().message);
  return std::move(*signer);
}

std::unique_ptr<Log> OpenLog(TileStore& store, bool create) {
  if (create)
    if (auto created = Log::Create(store, MakeSigner()); !created)
      Die("create log: " + created.error().message);
  auto log = Log::Open(store, MakeSigner(), OpenOptions{.verify_everything = false});
  if (!log) Die("open log: " + log.error().message);
  return std::move(*log);
}

void AppendInBatches(Log& log, std::span<const std::string> entries, std::size_t batch) {
  for (std::size_t start = 0; start < entries.size(); start += batch) {
    auto appended = log.AppendBatch(entries.subspan(start, std::min(batch, entries.size() - start)));
    if (!appended) Die("append: " + appended.error().message);
  }
}

// A fresh directory under ACCORD_BENCH_DIR (else TMPDIR, else /tmp),
// removed on destruction.
class TempDirectory {
 public:
  TempDirectory() {
    const char* base = std::getenv("ACCORD_BENCH_DIR");
    if (base == nullptr || *base == '\0') base = std::getenv("TMPDIR");
    if (base == nullptr || *base == '\0') base = "/tmp";
    std::string pattern = std::string(base) + "/accord-bench.XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) Die("mkdtemp " + pattern + " failed");
    path_ = pattern;
  }
  ~TempDirectory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// --- 1. In-memory append --------------------------------------------------

void BM_LeafHash256(benchmark::State& state) {
  const std::string entry = BenchEntry(0, kAppendEntryBytes);
  for (auto _ : state) benchmark::DoNotOptimize(LeafHash(entry));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LeafHash256)->Name("Hash/Leaf256");

void BM_NodeHash(benchmark::State& state) {
  Hash left = LeafHash("left"), right = LeafHash("right");
  for (auto _ : state) {
    left = NodeHash(left, right);  // chained, so no call can be skipped
    benchmark::DoNotOptimize(left);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NodeHash)->Name("Hash/Node");

void BM_MemoryTreeAppend(benchmark::State& state) {
  const auto& entries = AppendEntries();
  Hash root{};
  for (auto _ : state) {
    std::optional<MemoryTree> tree(std::in_place);
    for (const std::string& entry : entries) tree->Append(LeafHash(entry));
    root = tree->Root();
    benchmark::DoNotOptimize(root);
    state.PauseTiming();
    tree.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * entries.size()));
  state.SetLabel("root=" + HashHex(root));
}
BENCHMARK(BM_MemoryTreeAppend)->Name("MemoryTreeAppend")->Iterations(3)
    ->Unit(benchmark::kMillisecond);

void BM_LogAppendMemory(benchmark::State& state) {
  const auto& entries = AppendEntries();
  const auto batch = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    auto store = std::make_unique<MemoryTileStore>();
    auto log = OpenLog(*store, /*create=*/true);
    state.ResumeTiming();
    AppendInBatches(*log, entries, batch);
    state.PauseTiming();
    log.reset();
    store.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * entries.size()));
  state.counters["batch"] = static_cast<double>(batch);
}
BENCHMARK(BM_LogAppendMemory)->Name("LogAppendMemory")->Arg(1024)->Arg(4096)->Arg(65536)
    ->Iterations(3)->Unit(benchmark::kMillisecond);

// --- 2. Durable append ------------------------------------------------------

// Forwards to another store and records what the log asks of it: calls, files,
// bytes, the directories DirectoryTileStore fsyncs for them (each file's
// parent chain up to the root, once per WriteAll, as tile_store.cc does), and
// the wall time spent inside WriteAll.
class MeteredStore final : public TileStore {
 public:
  explicit MeteredStore(TileStore& inner) : inner_(inner) {}
  core::Result<std::string> Read(std::string_view path) const override {
    return inner_.Read(path);
  }
  core::Status WriteAll(std::span<const TileWrite> writes) override {
    std::set<std::string> directories;
    for (const TileWrite& write : writes) {
      bytes += write.data.size();
      for (auto slash = write.path.rfind('/'); slash != std::string::npos;
           slash = write.path.rfind('/', slash - 1)) {
        directories.insert(write.path.substr(0, slash));
        if (slash == 0) break;
      }
      directories.insert("");  // the root
    }
    ++calls;
    files += writes.size();
    directories_synced += directories.size();
    auto start = Clock::now();
    auto written = inner_.WriteAll(writes);
    write_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    return written;
  }

  void Reset() {
    calls = files = bytes = directories_synced = 0;
    write_seconds = 0;
  }

  std::uint64_t calls = 0, files = 0, bytes = 0, directories_synced = 0;
  double write_seconds = 0;

 private:
  TileStore& inner_;
};

// Appends kDurableEntries in batches of range(0) to a log over
// `make_store(directory)`, a fresh directory per run, and reports where the
// time went. Only the appends are timed: not the setup, and not removing
// the directory afterwards.
template <typename StoreFactory>
void RunDurableAppend(benchmark::State& state, StoreFactory make_store) {
  const auto& all = AppendEntries();
  std::span<const std::string> entries(all.data(), kDurableEntries);
  const auto batch = static_cast<std::size_t>(state.range(0));
  std::uint64_t calls = 0, files = 0, bytes = 0, directories = 0;
  double write_seconds = 0, total_seconds = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto dir = std::make_unique<TempDirectory>();
    auto inner = make_store(dir->path());
    auto store = std::make_unique<MeteredStore>(*inner);
    auto log = OpenLog(*store, /*create=*/true);
    store->Reset();  // count the appends only
    state.ResumeTiming();
    auto start = Clock::now();
    AppendInBatches(*log, entries, batch);
    total_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    state.PauseTiming();
    calls += store->calls, files += store->files, bytes += store->bytes;
    directories += store->directories_synced, write_seconds += store->write_seconds;
    log.reset();
    store.reset();
    inner.reset();
    dir.reset();
    state.ResumeTiming();
  }
  const double batches = static_cast<double>(state.iterations()) *
                         static_cast<double>((entries.size() + batch - 1) / batch);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * entries.size()));
  state.counters["batch"] = static_cast<double>(batch);
  state.counters["ms_per_batch"] = 1e3 * total_seconds / batches;
  state.counters["writeall_per_batch"] = static_cast<double>(calls) / batches;
  state.counters["files_per_batch"] = static_cast<double>(files) / batches;
  state.counters["dirs_synced_per_batch"] = static_cast<double>(directories) / batches;
  state.counters["kb_per_batch"] = static_cast<double>(bytes) / 1024 / batches;
  state.counters["store_share"] = write_seconds / total_seconds;
}

void BM_LogAppendDurable(benchmark::State& state) {
  RunDurableAppend(state, [](const fs::path& dir) {
    return std::make_unique<DirectoryTileStore>(dir);
  });
}
BENCHMARK(BM_LogAppendDurable)->Name("LogAppendDurable")->Arg(1024)->Arg(4096)->Iterations(1)
    ->UseRealTime()->Unit(benchmark::kMillisecond);

// What the node and `accord log append` use: one journal fdatasync per
// WriteAll (three per batch: tiles, private and public checkpoint), files
// written unsynced, a syncfs every kJournalFlushBytes.
void BM_LogAppendJournaled(benchmark::State& state) {
  RunDurableAppend(state, [](const fs::path& dir) {
    auto store = JournaledTileStore::Open(dir);
    if (!store) Die("open journaled store: " + store.error().message);
    return std::move(*store);
  });
}
BENCHMARK(BM_LogAppendJournaled)->Name("LogAppendJournaled")->Arg(1024)->Arg(4096)
    ->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

// What one fdatasync costs here: a new file written, synced and renamed into
// place, as DirectoryTileStore does per file. range(0) bytes: 8192 is a full
// hash tile, 66048 a full bundle of 256-byte entries.
void BM_FileCreateSync(benchmark::State& state) {
  TempDirectory dir;
  const std::string data(static_cast<std::size_t>(state.range(0)), 'x');
  std::uint64_t n = 0;
  for (auto _ : state) {
    fs::path target = dir.path() / std::to_string(n++);
    fs::path temporary = target;
    temporary += ".tmp";
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || ::write(fd, data.data(), data.size()) != static_cast<ssize_t>(data.size()) ||
        ::fdatasync(fd) != 0 || ::close(fd) != 0 || ::rename(temporary.c_str(), target.c_str()) != 0)
      Die("write " + temporary.string() + " failed");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FileCreateSync)->Name("FileCreateSync")->Arg(8192)->Arg(66048)->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// A directory fsync after one new name in it (the rename's durability).
void BM_DirectorySync(benchmark::State& state) {
  TempDirectory dir;
  int dir_fd = ::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) Die("open " + dir.path().string() + " failed");
  std::uint64_t n = 0;
  for (auto _ : state) {
    int fd = ::open((dir.path() / std::to_string(n++)).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 || ::close(fd) != 0 || ::fsync(dir_fd) != 0) Die("directory sync failed");
  }
  ::close(dir_fd);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DirectorySync)->Name("DirectorySync")->UseRealTime()->Unit(benchmark::kMicrosecond);

// The I/O floor of a journal design: every WriteAll appends its files' bytes
// to one file and makes them durable with ONE fdatasync, and keeps the files
// themselves in memory. It has no recovery and writes no tile files, so it
// is no store to use; it measures what "one sync per WriteAll" costs on this
// disk, for the analysis in docs/performance.md. Log still calls WriteAll
// three times per batch (tiles, private checkpoint, public checkpoint).
class OneSyncFloorStore final : public TileStore {
 public:
  explicit OneSyncFloorStore(const fs::path& dir)
      : fd_(::open((dir / "journal").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) {
    if (fd_ < 0) Die("open journal in " + dir.string() + " failed");
  }
  ~OneSyncFloorStore() override { ::close(fd_); }
  core::Result<std::string> Read(std::string_view path) const override { return files_.Read(path); }
  core::Status WriteAll(std::span<const TileWrite> writes) override {
    buffer_.clear();
    for (const TileWrite& write : writes) buffer_.append(write.path).append(write.data);
    if (::write(fd_, buffer_.data(), buffer_.size()) != static_cast<ssize_t>(buffer_.size()) ||
        ::fdatasync(fd_) != 0)
      return core::Unavailable("journal write failed");
    return files_.WriteAll(writes);
  }

 private:
  int fd_;
  std::string buffer_;
  MemoryTileStore files_;
};

void BM_LogAppendOneSyncFloor(benchmark::State& state) {
  RunDurableAppend(state, [](const fs::path& dir) { return std::make_unique<OneSyncFloorStore>(dir); });
}
BENCHMARK(BM_LogAppendOneSyncFloor)->Name("LogAppendOneSyncFloor")->Arg(1024)->Arg(4096)
    ->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

// One of the fixes docs/performance.md weighs, and rejects because its speed
// depends on every other writer: the same files as DirectoryTileStore, each
// whole or absent after a crash, but made durable with two syncfs(2) calls
// per WriteAll (all temporaries' data and inodes, then all renames) instead
// of one fdatasync per file and one fsync per directory. syncfs flushes the
// whole filesystem, other writers' data too.
class SyncfsPrototypeStore final : public TileStore {
 public:
  explicit SyncfsPrototypeStore(const fs::path& root)
      : root_(root), files_(root), root_fd_(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
    if (root_fd_ < 0) Die("open " + root.string() + " failed");
  }
  ~SyncfsPrototypeStore() override { ::close(root_fd_); }
  core::Result<std::string> Read(std::string_view path) const override { return files_.Read(path); }
  core::Status WriteAll(std::span<const TileWrite> writes) override {
    for (const TileWrite& write : writes) {
      fs::path temporary = root_ / (write.path + ".tmp");
      std::error_code ec;
      fs::create_directories(temporary.parent_path(), ec);
      int fd = ec ? -1 : ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (fd < 0) return core::Unavailable("create " + temporary.string() + " failed");
      bool whole =
          ::write(fd, write.data.data(), write.data.size()) == static_cast<ssize_t>(write.data.size());
      if (::close(fd) != 0 || !whole) return core::Unavailable("write " + temporary.string() + " failed");
    }
    if (::syncfs(root_fd_) != 0) return core::Unavailable("syncfs failed");
    for (const TileWrite& write : writes) {
      fs::path target = root_ / write.path, temporary = root_ / (write.path + ".tmp");
      if (::rename(temporary.c_str(), target.c_str()) != 0)
        return core::Unavailable("rename " + temporary.string() + " failed");
    }
    if (::syncfs(root_fd_) != 0) return core::Unavailable("syncfs failed");
    return core::Ok();
  }

 private:
  fs::path root_;
  DirectoryTileStore files_;  // for reading
  int root_fd_;
};

void BM_LogAppendSyncfsPrototype(benchmark::State& state) {
  RunDurableAppend(state, [](const fs::path& dir) { return std::make_unique<SyncfsPrototypeStore>(dir); });
}
BENCHMARK(BM_LogAppendSyncfsPrototype)->Name("LogAppendSyncfsPrototype")->Arg(1024)->Arg(4096)
    ->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

// --- 3. Proofs at 10M entries -----------------------------------------------

// A prototype of the proof fix proposed in docs/performance.md. The node's
// TileHashReader answers a node inside the right edge's partial tiles with
// SubtreeHash over up to 128 hashes, on every proof; at 10M entries that is
// most of a proof's cost. This reader computes every complete subtree of the
// partial tiles once per tree size (at most 255 NodeHash per tile level) and
// sends all other nodes to a TileHashReader exactly as the node does.
class EdgeCachingReader final : public HashReader {
 public:
  EdgeCachingReader(const TileStore& store, RightEdge edge)
      : tiles_(store), edge_(std::make_shared<const RightEdge>(std::move(edge))) {
    tiles_.SetEdge(edge_);
    // expanded_[L][k][i]: the node at level 8L + k whose leftmost level-8L
    // hash is the partial tile's hash i * 2^k.
    for (const std::vector<Hash>& row : edge_->levels) {
      auto& levels = expanded_.emplace_back();
      levels.push_back(row);
      for (unsigned k = 1; k < kTileHeight; ++k) {
        const std::vector<Hash>& below = levels.back();
        std::vector<Hash> above;
        for (std::size_t i = 0; 2 * i + 1 < below.size(); ++i)
          above.push_back(NodeHash(below[2 * i], below[2 * i + 1]));
        levels.push_back(std::move(above));
      }
    }
  }

  core::Result<std::vector<Hash>> ReadHashes(std::span<const NodeId> ids) const override {
    std::vector<Hash> out(ids.size());
    std::vector<NodeId> forwarded;
    std::vector<std::size_t> positions;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const auto tile_level = static_cast<std::uint8_t>(ids[i].level / kTileHeight);
      const unsigned k = ids[i].level % kTileHeight;
      const std::uint64_t available = HashesAtTileLevel(tile_level, edge_->tree_size);
      const std::uint64_t first = ids[i].index << k;
      if (first / kTileWidth == available / kTileWidth && tile_level < expanded_.size() &&
          ((first % kTileWidth) >> k) < expanded_[tile_level][k].size()) {
        out[i] = expanded_[tile_level][k][(first % kTileWidth) >> k];
      } else {
        forwarded.push_back(ids[i]);  // a full tile, or not complete: the node's reader decides
        positions.push_back(i);
      }
    }
    if (forwarded.empty()) return out;
    auto read = tiles_.ReadHashes(forwarded);
    if (!read) return read.error();
    for (std::size_t j = 0; j < positions.size(); ++j) out[positions[j]] = (*read)[j];
    return out;
  }

 private:
  TileHashReader tiles_;
  std::shared_ptr<const RightEdge> edge_;
  std::vector<std::vector<std::vector<Hash>>> expanded_;
};

struct ProofLog {
  MemoryTileStore store;
  std::unique_ptr<Log> log;
  std::unique_ptr<EdgeCachingReader> prototype;
  Hash root{};
  double build_seconds = 0;
  std::vector<std::uint64_t> indices;    // random leaf indices < kProofTreeSize
  std::vector<std::uint64_t> old_sizes;  // random sizes in [1, kProofTreeSize)
};

std::unique_ptr<EdgeCachingReader> NewPrototypeReader(const TileStore& store) {
  auto edge = LoadRightEdge(store, kProofTreeSize);
  if (!edge) Die("load right edge: " + edge.error().message);
  return std::make_unique<EdgeCachingReader>(store, std::move(*edge));
}

// Proofs are only worth timing if they are right: check a sample against the
// signed root, and the prototype's proofs against the node's.
void CheckProofs(const ProofLog& proof_log) {
  const Log& log = *proof_log.log;
  for (std::size_t i = 0; i < kProofSamples; ++i) {
    std::uint64_t index = proof_log.indices[i], old_size = proof_log.old_sizes[i];
    auto inclusion = log.ProveInclusion(index, kProofTreeSize);
    if (!inclusion) Die("prove inclusion: " + inclusion.error().message);
    if (auto ok = VerifyInclusion(index, kProofTreeSize, LeafHash(BenchEntry(index, kProofEntryBytes)),
                                  *inclusion, proof_log.root);
        !ok)
      Die("inclusion proof of " + std::to_string(index) + ": " + ok.error().message);
    auto old_root = log.RootAt(old_size);
    auto consistency = log.ProveConsistency(old_size, kProofTreeSize);
    if (!old_root || !consistency) Die("prove consistency from " + std::to_string(old_size));
    if (auto ok = VerifyConsistency(old_size, kProofTreeSize, *old_root, proof_log.root, *consistency);
        !ok)
      Die("consistency proof from " + std::to_string(old_size) + ": " + ok.error().message);
    auto prototype_inclusion = InclusionProof(index, kProofTreeSize, *proof_log.prototype);
    auto prototype_consistency = ConsistencyProof(old_size, kProofTreeSize, *proof_log.prototype);
    if (!prototype_inclusion || *prototype_inclusion != *inclusion || !prototype_consistency ||
        *prototype_consistency != *consistency)
      Die("the edge-caching prototype disagrees with the node at sample " + std::to_string(i));
  }
}

ProofLog& TenMillionLog() {
  static ProofLog* const built = [] {
    auto* made = new ProofLog;  // lives until exit, like the run
    made->log = OpenLog(made->store, /*create=*/true);
    auto start = Clock::now();
    std::vector<std::string> batch;
    for (std::uint64_t first = 0; first < kProofTreeSize; first += kProofBuildBatch) {
      batch.clear();
      for (std::uint64_t i = first; i < std::min(first + kProofBuildBatch, kProofTreeSize); ++i)
        batch.push_back(BenchEntry(i, kProofEntryBytes));
      AppendInBatches(*made->log, batch, batch.size());
    }
    made->build_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    made->root = made->log->checkpoint().root_hash;
    made->prototype = NewPrototypeReader(made->store);
    std::mt19937_64 random(20261127);
    for (std::size_t i = 0; i < kProofSamples; ++i) {
      made->indices.push_back(random() % kProofTreeSize);
      made->old_sizes.push_back(1 + random() % (kProofTreeSize - 1));
    }
    CheckProofs(*made);
    return made;
  }();
  return *built;
}

void BM_BuildProofLog(benchmark::State& state) {
  ProofLog& proof_log = TenMillionLog();
  for (auto _ : state) state.SetIterationTime(proof_log.build_seconds);
  state.SetItemsProcessed(static_cast<std::int64_t>(kProofTreeSize));
  state.counters["entries"] = static_cast<double>(kProofTreeSize);
  state.counters["batch"] = static_cast<double>(kProofBuildBatch);
}
BENCHMARK(BM_BuildProofLog)->Name("BuildProofLog")->Iterations(1)->UseManualTime()
    ->Unit(benchmark::kMillisecond);

double ThreadCpuSeconds() {
  timespec now{};
  if (::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) != 0) Die("clock_gettime failed");
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

enum class Proof { kInclusion, kConsistency };
enum class Cache { kRandom, kWarm, kCold };
enum class Reader { kNode, kEdgePrototype };

// One proof at tree size 10M: through Log (the node's path) or through the
// same merkle.h function over the prototype reader.
core::Result<std::vector<Hash>> Prove(const Log& log, const HashReader* prototype, Proof proof,
                                      std::uint64_t sample) {
  if (prototype != nullptr)
    return proof == Proof::kInclusion ? InclusionProof(sample, kProofTreeSize, *prototype)
                                      : ConsistencyProof(sample, kProofTreeSize, *prototype);
  return proof == Proof::kInclusion ? log.ProveInclusion(sample, kProofTreeSize)
                                    : log.ProveConsistency(sample, kProofTreeSize);
}

void BM_Prove(benchmark::State& state, Proof proof, Cache cache, Reader reader) {
  ProofLog& proof_log = TenMillionLog();
  const auto& samples = proof == Proof::kInclusion ? proof_log.indices : proof_log.old_sizes;
  const HashReader* prototype = reader == Reader::kNode ? nullptr : proof_log.prototype.get();
  // Warm: the same 16 proofs over and over, so every tile they read is in
  // the reader's cache after the first round.
  const std::size_t rotation = cache == Cache::kWarm ? 16 : samples.size();  // cold: 32
  if (cache == Cache::kWarm)
    for (std::size_t i = 0; i < rotation; ++i)
      (void)Prove(*proof_log.log, prototype, proof, samples[i]);
  // Random: a fresh sample every time, so that tile-cache hits are as rare
  // as for uniformly random requests (the 39k level-0 tiles of a 10M tree
  // are ten times the node's 4096-tile cache).
  std::mt19937_64 random(7);
  std::size_t next = 0;
  // Thread CPU time is what a proof costs; wall time is what a caller waited
  // on this (shared) machine. Cold proofs are timed one by one, leaving out
  // the Open before each; the others over the whole loop, since reading the
  // thread's CPU clock per proof would cost as much as a warm proof.
  double cpu_seconds = 0, wall_seconds = 0;
  const double loop_cpu = ThreadCpuSeconds();
  const auto loop_wall = Clock::now();
  for (auto _ : state) {
    std::uint64_t sample = samples[next++ % rotation];
    if (cache == Cache::kRandom)
      sample = proof == Proof::kInclusion ? random() % kProofTreeSize
                                          : 1 + random() % (kProofTreeSize - 1);
    if (cache != Cache::kCold) {
      auto proved = Prove(*proof_log.log, prototype, proof, sample);
      if (!proved) Die("prove: " + proved.error().message);
      benchmark::DoNotOptimize(proved);
      continue;
    }
    // Cold: a freshly opened Log (or reader), its tile cache empty.
    std::unique_ptr<Log> fresh_log;
    std::unique_ptr<EdgeCachingReader> fresh_reader;
    const Log* log = proof_log.log.get();
    if (reader == Reader::kNode) {
      fresh_log = OpenLog(proof_log.store, /*create=*/false);
      log = fresh_log.get();
    } else {
      fresh_reader = NewPrototypeReader(proof_log.store);
      prototype = fresh_reader.get();
    }
    const double cpu_start = ThreadCpuSeconds();
    const auto wall_start = Clock::now();
    auto proved = Prove(*log, prototype, proof, sample);
    const double wall = std::chrono::duration<double>(Clock::now() - wall_start).count();
    cpu_seconds += ThreadCpuSeconds() - cpu_start;
    wall_seconds += wall;
    state.SetIterationTime(wall);
    if (!proved) Die("prove: " + proved.error().message);
    benchmark::DoNotOptimize(proved);
  }
  if (cache != Cache::kCold) {
    cpu_seconds = ThreadCpuSeconds() - loop_cpu;
    wall_seconds = std::chrono::duration<double>(Clock::now() - loop_wall).count();
  }
  state.counters["cpu_us"] = benchmark::Counter(1e6 * cpu_seconds, benchmark::Counter::kAvgIterations);
  state.counters["wall_us"] = benchmark::Counter(1e6 * wall_seconds, benchmark::Counter::kAvgIterations);
  state.counters["tree_size"] = static_cast<double>(kProofTreeSize);
}

void ManualTime(benchmark::internal::Benchmark* benchmark) { benchmark->UseManualTime(); }
void LoopTime(benchmark::internal::Benchmark*) {}

// Cold proofs are timed one by one (manual time, without the Open before
// each); the others by the loop, like any benchmark.
#define ACCORD_PROOF_BENCHMARK(name, proof, cache, reader)                          \
  BENCHMARK_CAPTURE(BM_Prove, name, proof, cache, reader)                           \
      ->Name(#name)->Unit(benchmark::kMicrosecond)                                  \
      ->Apply(cache == Cache::kCold ? ManualTime : LoopTime)                        \
      ->Iterations(cache == Cache::kCold ? 300 : 20000)
ACCORD_PROOF_BENCHMARK(ProveInclusion/random, Proof::kInclusion, Cache::kRandom, Reader::kNode);
ACCORD_PROOF_BENCHMARK(ProveInclusion/warm, Proof::kInclusion, Cache::kWarm, Reader::kNode);
ACCORD_PROOF_BENCHMARK(ProveInclusion/cold, Proof::kInclusion, Cache::kCold, Reader::kNode);
ACCORD_PROOF_BENCHMARK(ProveConsistency/random, Proof::kConsistency, Cache::kRandom, Reader::kNode);
ACCORD_PROOF_BENCHMARK(ProveConsistency/warm, Proof::kConsistency, Cache::kWarm, Reader::kNode);
ACCORD_PROOF_BENCHMARK(ProveConsistency/cold, Proof::kConsistency, Cache::kCold, Reader::kNode);
ACCORD_PROOF_BENCHMARK(EdgePrototype/ProveInclusion/random, Proof::kInclusion, Cache::kRandom,
                       Reader::kEdgePrototype);
ACCORD_PROOF_BENCHMARK(EdgePrototype/ProveInclusion/warm, Proof::kInclusion, Cache::kWarm,
                       Reader::kEdgePrototype);
ACCORD_PROOF_BENCHMARK(EdgePrototype/ProveInclusion/cold, Proof::kInclusion, Cache::kCold,
                       Reader::kEdgePrototype);
ACCORD_PROOF_BENCHMARK(EdgePrototype/ProveConsistency/random, Proof::kConsistency, Cache::kRandom,
                       Reader::kEdgePrototype);
ACCORD_PROOF_BENCHMARK(EdgePrototype/ProveConsistency/warm, Proof::kConsistency, Cache::kWarm,
                       Reader::kEdgePrototype);
ACCORD_PROOF_BENCHMARK(EdgePrototype/ProveConsistency/cold, Proof::kConsistency, Cache::kCold,
                       Reader::kEdgePrototype);
#undef ACCORD_PROOF_BENCHMARK

}  // namespace
}  // namespace accord::ledger

BENCHMARK_MAIN();
