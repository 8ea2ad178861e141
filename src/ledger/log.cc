#include "ledger/log.h"

#include "ledger/tile.h"

namespace accord::ledger {
namespace {

// Reads a file that a signed checkpoint covers. Its absence is corruption
// (the log promised it); any other failure (an I/O error, a permission
// problem) is passed on as it is, so that a transient fault is not reported
// as damage.
core::Result<std::string> ReadCovered(const TileStore& store, const std::string& path,
                                      std::uint64_t tree_size) {
  auto data = store.Read(path);
  if (data) return data;
  if (data.error().code == core::ErrorCode::kNotFound)
    return core::Corrupt(path + ": missing, but the checkpoint of size " +
                         std::to_string(tree_size) + " covers it");
  return data.error().Context("read " + path);
}

// The paths of the partial tiles of `tree_size`, for messages.
std::string EdgePaths(std::uint64_t tree_size) {
  std::string paths;
  for (std::uint8_t level = 0; HashesAtTileLevel(level, tree_size) > 0; ++level) {
    std::uint64_t count = HashesAtTileLevel(level, tree_size);
    if (count % kTileWidth == 0) continue;
    if (!paths.empty()) paths += ", ";
    paths += TileFor(false, level, count - 1, tree_size).Path();
  }
  return paths;
}

// Reads the partial tiles of `tree_size` (one per level, plus the partial
// entry bundle) into a RightEdge.
core::Status LoadEdge(const TileStore& store, std::uint64_t tree_size, RightEdge& edge,
                      std::string& bundle, std::uint64_t& bundle_count) {
  edge.tree_size = tree_size;
  edge.levels.clear();
  for (std::uint8_t level = 0; HashesAtTileLevel(level, tree_size) > 0; ++level) {
    std::uint64_t count = HashesAtTileLevel(level, tree_size);
    std::uint64_t width = count % kTileWidth;
    edge.levels.emplace_back();
    if (width == 0) continue;
    TileRef ref{false, level, count / kTileWidth, static_cast<std::uint16_t>(width)};
    std::string path = ref.Path();
    auto data = ReadCovered(store, path, tree_size);
    if (!data) return data.error();
    auto hashes = ParseHashTile(*data, width, path);
    if (!hashes) return hashes.error();
    edge.levels.back() = std::move(*hashes);
  }
  bundle.clear();
  bundle_count = tree_size % kTileWidth;
  if (bundle_count > 0) {
    TileRef ref{true, 0, tree_size / kTileWidth, static_cast<std::uint16_t>(bundle_count)};
    std::string path = ref.Path();
    auto data = ReadCovered(store, path, tree_size);
    if (!data) return data.error();
    auto entries = ParseEntryBundle(*data, bundle_count, path);
    if (!entries) return entries.error();
    for (std::size_t i = 0; i < entries->size(); ++i) {
      if (LeafHash((*entries)[i]) != edge.levels[0][i])
        return core::Corrupt(path + ": entry " +
                             std::to_string(tree_size / kTileWidth * kTileWidth + i) +
                             " does not match its hash in " +
                             TileRef{false, 0, tree_size / kTileWidth,
                                     static_cast<std::uint16_t>(bundle_count)}
                                 .Path());
    }
    bundle = std::move(*data);
  }
  return core::Ok();
}

struct StoredCheckpoint {
  Checkpoint checkpoint;
  std::string note;  // as stored, to republish byte for byte
};

core::Result<StoredCheckpoint> ReadCheckpoint(const TileStore& store, std::string_view path,
                                              const NoteSigner& signer) {
  auto note = store.Read(path);
  if (!note) return note.error();
  std::vector<NoteVerifier> known{signer.verifier()};
  auto opened = OpenCheckpoint(*note, known);
  if (!opened) return core::Corrupt(std::string(path) + ": " + opened.error().message);
  if (opened->checkpoint.origin != signer.name())
    return core::Corrupt(std::string(path) + ": origin \"" + opened->checkpoint.origin +
                         "\" is not the log's (\"" + signer.name() + "\")");
  return StoredCheckpoint{std::move(opened->checkpoint), std::move(*note)};
}

}  // namespace

core::Result<RightEdge> LoadRightEdge(const TileStore& store, std::uint64_t tree_size) {
  RightEdge edge;
  std::string bundle;
  std::uint64_t bundle_count = 0;
  if (auto loaded = LoadEdge(store, tree_size, edge, bundle, bundle_count); !loaded)
    return loaded.error();
  return edge;
}

Log::Log(TileStore& store, NoteSigner signer)
    : store_(store), signer_(std::move(signer)), reader_(store) {}

core::Status Log::Create(TileStore& store, const NoteSigner& signer) {
  // Only "no such file" means there is no log: after any other read error
  // (I/O, permissions) writing would risk replacing a live log's checkpoint.
  for (std::string_view path : {kCheckpointPath, kPrivateCheckpointPath}) {
    auto existing = store.Read(path);
    if (existing)
      return core::Conflict("a log exists already (it has a " + std::string(path) +
                            "); refusing to replace it");
    if (existing.error().code != core::ErrorCode::kNotFound)
      return existing.error().Context("check for an existing log");
  }
  Checkpoint empty{signer.name(), 0, EmptyRootHash(), {}};
  if (auto valid = empty.Validate(); !valid) return valid.error().Context("log origin");
  std::string note = SignCheckpoint(empty, signer);
  std::vector<TileWrite> private_copy{{std::string(kPrivateCheckpointPath), note}};
  if (auto written = store.WriteAll(private_copy); !written) return written;
  std::vector<TileWrite> public_copy{{std::string(kCheckpointPath), note}};
  return store.WriteAll(public_copy);
}

core::Result<std::unique_ptr<Log>> Log::Open(TileStore& store, NoteSigner signer,
                                             const OpenOptions& options) {
  std::unique_ptr<Log> log(new Log(store, std::move(signer)));
  if (auto loaded = log->Load(options, nullptr); !loaded) return loaded.error();
  // Proofs of every entry pass through the upper tiles: read them now, so
  // that the first requests after a start are as fast as later ones.
  if (auto prefetched = log->reader_.PrefetchUpperLevels(); !prefetched)
    return prefetched.error().Context("read the upper tiles");
  return log;
}

core::Status Log::Load(const OpenOptions& options, const Checkpoint* current) {
  auto published = ReadCheckpoint(store_, kCheckpointPath, signer_);
  auto latest = ReadCheckpoint(store_, kPrivateCheckpointPath, signer_);
  if (!published && published.error().code == core::ErrorCode::kNotFound && !latest &&
      latest.error().code == core::ErrorCode::kNotFound)
    return core::NotFound("no log here: there is no checkpoint (create one with accord log init)");
  if (!latest) {
    // The private copy is written first, so a public checkpoint without it
    // means the private one was lost or removed: the public copy alone
    // cannot tell whether it is the latest.
    if (latest.error().code == core::ErrorCode::kNotFound)
      return core::Corrupt(std::string(kPrivateCheckpointPath) +
                           ": missing, but there is a public checkpoint");
    return latest.error();
  }
  const Checkpoint& ours = latest->checkpoint;
  if (current != nullptr &&
      (ours.tree_size < current->tree_size ||
       (ours.tree_size == current->tree_size && ours.root_hash != current->root_hash)))
    return core::Corrupt(std::string(kPrivateCheckpointPath) + ": size " +
                         std::to_string(ours.tree_size) + " does not extend the size " +
                         std::to_string(current->tree_size) +
                         " this log signed last; it was rolled back or replaced");
  bool republish = false;
  if (!published) {
    if (published.error().code != core::ErrorCode::kNotFound) return published.error();
    republish = true;  // a crash between the private and the public write
  } else {
    const Checkpoint& theirs = published->checkpoint;
    if (theirs.tree_size > ours.tree_size)
      return core::Corrupt("checkpoint: size " + std::to_string(theirs.tree_size) +
                           " is larger than the last one this log signed (" +
                           std::to_string(ours.tree_size) + "); private/checkpoint was rolled back");
    if (theirs.tree_size == ours.tree_size && theirs.root_hash != ours.root_hash)
      return core::Corrupt("checkpoint: two different roots signed for size " +
                           std::to_string(ours.tree_size) + " (a split view)");
    // An older public checkpoint is either a crash between the two writes
    // or a replay of an old checkpoint; both are repaired by publishing the
    // latest again, once it is verified below.
    republish = theirs.tree_size < ours.tree_size;
  }

  auto edge = std::make_shared<RightEdge>();
  std::string bundle;
  std::uint64_t bundle_count = 0;
  if (auto loaded = LoadEdge(store_, ours.tree_size, *edge, bundle, bundle_count); !loaded)
    return loaded;
  // The full check first: it names the file that disagrees, where the root
  // comparison below can only say that some tile of the edge does.
  if (options.verify_everything)
    if (auto verified = VerifyStoredLog(store_, ours); !verified) return verified;
  if (RootFromEdge(*edge) != ours.root_hash)
    return core::Corrupt("tiles of the right edge (" + EdgePaths(ours.tree_size) +
                         ") do not hash to the checkpoint's root for size " +
                         std::to_string(ours.tree_size));
  if (republish && published) {
    // Replacing an older public checkpoint is only a repair if it is a
    // prefix of our tree; a validly signed root that is not is evidence of
    // a fork, which republishing would erase.
    TileHashReader reader(store_, 16);
    reader.SetEdge(edge);
    const Checkpoint& theirs = published->checkpoint;
    auto root = TreeHash(theirs.tree_size, reader);
    if (!root) return root.error().Context("checkpoint: recompute the root of size " +
                                           std::to_string(theirs.tree_size));
    if (*root != theirs.root_hash)
      return core::Corrupt("checkpoint: the root it signs for size " +
                           std::to_string(theirs.tree_size) + " is not the log's root at that "
                           "size (" + HashHex(*root) + "): a split view");
  }

  if (republish) {
    std::vector<TileWrite> public_copy{{std::string(kCheckpointPath), latest->note}};
    if (auto written = store_.WriteAll(public_copy); !written)
      return written.error().Context("republish the checkpoint");
  }
  std::lock_guard lock(mutex_);
  edge_ = edge;
  edge_bundle_ = std::move(bundle);
  edge_bundle_count_ = bundle_count;
  reader_.SetEdge(edge);
  checkpoint_ = ours;
  signed_checkpoint_ = std::move(latest->note);
  return core::Ok();
}

core::Result<AppendReceipt> Log::AppendBatch(std::span<const std::string> entries) {
  if (entries.empty()) return core::InvalidArgument("append: no entries given");
  for (std::size_t i = 0; i < entries.size(); ++i)
    if (entries[i].size() > kMaxEntryBytes)
      return core::InvalidArgument("append: entry " + std::to_string(i) + " of the batch is " +
                                   std::to_string(entries[i].size()) +
                                   " bytes; the tile format allows at most " +
                                   std::to_string(kMaxEntryBytes));

  // After a failed checkpoint write, the signed checkpoint may or may not be
  // on disk (and, for the public copy, may have been fetched already).
  // Continue from what the store holds, so that the log never signs two
  // different trees of one size.
  if (resync_) {
    Checkpoint current = checkpoint();
    if (auto reloaded = Load(OpenOptions{.verify_everything = false}, &current); !reloaded)
      return reloaded.error().Context("append: re-read the checkpoint after a failed write");
    resync_ = false;
  }

  // Work on copies: if a write fails, the published state stays as it was.
  std::shared_ptr<const RightEdge> old_edge;
  std::string bundle;
  std::uint64_t bundle_count;
  {
    std::lock_guard lock(mutex_);
    old_edge = edge_;
    bundle = edge_bundle_;
    bundle_count = edge_bundle_count_;
  }
  auto edge = std::make_shared<RightEdge>(*old_edge);
  std::uint64_t first_index = edge->tree_size;
  std::vector<TileWrite> writes;
  std::vector<bool> touched(edge->levels.size(), false);

  for (const std::string& entry : entries) {
    std::uint64_t size = ++edge->tree_size;
    AppendToEntryBundle(entry, bundle);
    if (++bundle_count == kTileWidth) {
      writes.push_back({TileRef{true, 0, size / kTileWidth - 1, kTileWidth}.Path(), bundle});
      bundle.clear();
      bundle_count = 0;
    }
    // Push the leaf hash; every tile it fills is written in full and its
    // subtree hash goes one level up.
    Hash hash = LeafHash(entry);
    for (std::uint8_t level = 0;; ++level) {
      if (edge->levels.size() <= level) {
        edge->levels.emplace_back();
        touched.push_back(false);
      }
      auto& hashes = edge->levels[level];
      hashes.push_back(hash);
      touched[level] = true;
      if (hashes.size() < kTileWidth) break;
      std::uint64_t tile_index = HashesAtTileLevel(level, size) / kTileWidth - 1;
      writes.push_back({TileRef{false, level, tile_index, kTileWidth}.Path(), EncodeHashTile(hashes)});
      hash = SubtreeHash(hashes);
      hashes.clear();
    }
  }
  std::uint64_t size = edge->tree_size;
  for (std::uint8_t level = 0; level < edge->levels.size(); ++level) {
    const auto& hashes = edge->levels[level];
    if (!touched[level] || hashes.empty()) continue;
    TileRef ref{false, level, HashesAtTileLevel(level, size) / kTileWidth,
                static_cast<std::uint16_t>(hashes.size())};
    writes.push_back({ref.Path(), EncodeHashTile(hashes)});
  }
  if (bundle_count > 0)
    writes.push_back({TileRef{true, 0, size / kTileWidth, static_cast<std::uint16_t>(bundle_count)}.Path(),
                      bundle});

  Checkpoint checkpoint{signer_.name(), size, RootFromEdge(*edge), {}};
  std::string note = SignCheckpoint(checkpoint, signer_);

  // Tiles first, then the private checkpoint, then the public one: a signed
  // checkpoint is a public promise that must never cover data the disk
  // could still lose.
  if (auto written = store_.WriteAll(writes); !written)
    return written.error().Context("append: write tiles");
  // From here on the checkpoint may land although the write reports a
  // failure: the next append re-reads it first (resync_).
  std::vector<TileWrite> private_copy{{std::string(kPrivateCheckpointPath), note}};
  if (auto written = store_.WriteAll(private_copy); !written) {
    resync_ = true;
    return written.error().Context("append: write private checkpoint");
  }
  std::vector<TileWrite> public_copy{{std::string(kCheckpointPath), note}};
  if (auto written = store_.WriteAll(public_copy); !written) {
    resync_ = true;
    return written.error().Context("append: write checkpoint");
  }

  {
    std::lock_guard lock(mutex_);
    edge_ = edge;
    edge_bundle_ = std::move(bundle);
    edge_bundle_count_ = bundle_count;
    checkpoint_ = checkpoint;
    signed_checkpoint_ = std::move(note);
    reader_.SetEdge(edge);
  }
  return AppendReceipt{first_index, entries.size(), checkpoint};
}

Checkpoint Log::checkpoint() const {
  std::lock_guard lock(mutex_);
  return checkpoint_;
}

std::string Log::signed_checkpoint() const {
  std::lock_guard lock(mutex_);
  return signed_checkpoint_;
}

std::uint64_t Log::size() const {
  std::lock_guard lock(mutex_);
  return checkpoint_.tree_size;
}

core::Result<std::vector<Hash>> Log::ProveInclusion(std::uint64_t index,
                                                    std::uint64_t tree_size) const {
  if (tree_size > size())
    return core::InvalidArgument("tree size " + std::to_string(tree_size) +
                                 " is larger than the log (" + std::to_string(size()) + ")");
  return InclusionProof(index, tree_size, reader_);
}

core::Result<std::vector<Hash>> Log::ProveConsistency(std::uint64_t old_size,
                                                      std::uint64_t new_size) const {
  if (new_size > size())
    return core::InvalidArgument("tree size " + std::to_string(new_size) +
                                 " is larger than the log (" + std::to_string(size()) + ")");
  return ConsistencyProof(old_size, new_size, reader_);
}

core::Result<Hash> Log::RootAt(std::uint64_t tree_size) const {
  if (tree_size > size())
    return core::InvalidArgument("tree size " + std::to_string(tree_size) +
                                 " is larger than the log (" + std::to_string(size()) + ")");
  return TreeHash(tree_size, reader_);
}

core::Result<std::string> Log::ReadEntry(std::uint64_t index) const {
  std::uint64_t tree_size;
  std::string data;
  TileRef ref;
  {
    // Copy the partial bundle (up to 16 MiB) only when the entry is in it.
    std::lock_guard lock(mutex_);
    tree_size = checkpoint_.tree_size;
    if (index < tree_size) {
      ref = TileFor(true, 0, index, tree_size);
      if (ref.width < kTileWidth) data = edge_bundle_;
    }
  }
  if (index >= tree_size)
    return core::InvalidArgument("entry " + std::to_string(index) + " is beyond the log (size " +
                                 std::to_string(tree_size) + ")");
  std::string path = ref.Path();
  if (ref.width == kTileWidth) {
    auto read = store_.Read(path);
    if (!read) return read.error();
    data = std::move(*read);
  }
  auto entries = ParseEntryBundle(data, ref.width, path);
  if (!entries) return entries.error();
  return std::string((*entries)[index % kTileWidth]);
}

core::Status VerifyStoredLog(const TileStore& store, const Checkpoint& checkpoint,
                             const std::function<void(std::uint64_t)>& progress) {
  const std::uint64_t size = checkpoint.tree_size;
  // Level 0: entries against leaf hashes.
  for (std::uint64_t tile = 0; tile * kTileWidth < size; ++tile) {
    TileRef bundle_ref = TileFor(true, 0, tile * kTileWidth, size);
    TileRef hash_ref = TileFor(false, 0, tile * kTileWidth, size);
    std::string bundle_path = bundle_ref.Path(), hash_path = hash_ref.Path();
    auto bundle = ReadCovered(store, bundle_path, size);
    if (!bundle) return bundle.error();
    auto entries = ParseEntryBundle(*bundle, bundle_ref.width, bundle_path);
    if (!entries) return entries.error();
    auto data = ReadCovered(store, hash_path, size);
    if (!data) return data.error();
    auto hashes = ParseHashTile(*data, hash_ref.width, hash_path);
    if (!hashes) return hashes.error();
    for (std::size_t i = 0; i < entries->size(); ++i)
      if (LeafHash((*entries)[i]) != (*hashes)[i])
        return core::Corrupt(hash_path + ": hash of entry " +
                             std::to_string(tile * kTileWidth + i) +
                             " does not match the entry in " + bundle_path);
    if (progress) progress(tile * kTileWidth + entries->size());
  }
  // Every full tile against its hash one level up.
  RightEdge edge;
  edge.tree_size = size;
  for (std::uint8_t level = 0; HashesAtTileLevel(level, size) > 0; ++level) {
    std::uint64_t count = HashesAtTileLevel(level, size);
    std::string parent_path;
    std::vector<Hash> parent;
    for (std::uint64_t tile = 0; tile < count / kTileWidth; ++tile) {
      TileRef ref{false, level, tile, kTileWidth};
      std::string path = ref.Path();
      auto data = ReadCovered(store, path, size);
      if (!data) return data.error();
      auto hashes = ParseHashTile(*data, kTileWidth, path);
      if (!hashes) return hashes.error();
      TileRef up = TileFor(false, static_cast<std::uint8_t>(level + 1), tile, size);
      if (up.Path() != parent_path) {
        parent_path = up.Path();
        auto parent_data = ReadCovered(store, parent_path, size);
        if (!parent_data) return parent_data.error();
        auto parsed = ParseHashTile(*parent_data, up.width, parent_path);
        if (!parsed) return parsed.error();
        parent = std::move(*parsed);
      }
      if (SubtreeHash(*hashes) != parent[tile % kTileWidth])
        return core::Corrupt(path + ": its hashes do not hash to hash " +
                             std::to_string(tile % kTileWidth) + " of " + parent_path);
    }
    edge.levels.emplace_back();
    if (count % kTileWidth == 0) continue;
    TileRef ref = TileFor(false, level, count - 1, size);
    std::string path = ref.Path();
    auto data = ReadCovered(store, path, size);
    if (!data) return data.error();
    auto hashes = ParseHashTile(*data, ref.width, path);
    if (!hashes) return hashes.error();
    edge.levels.back() = std::move(*hashes);
  }
  if (RootFromEdge(edge) != checkpoint.root_hash)
    return core::Corrupt("tiles of the right edge (" + EdgePaths(size) +
                         ") do not hash to the checkpoint's root for size " +
                         std::to_string(size));
  return core::Ok();
}

}  // namespace accord::ledger
