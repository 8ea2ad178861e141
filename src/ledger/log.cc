#include "ledger/log.h"

#include "ledger/tile.h"

namespace accord::ledger {
namespace {

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
    auto data = store.Read(path);
    if (!data) return core::Corrupt(path + ": needed by the checkpoint of size " +
                                    std::to_string(tree_size) + ": " + data.error().message);
    auto hashes = ParseHashTile(*data, width, path);
    if (!hashes) return hashes.error();
    edge.levels.back() = std::move(*hashes);
  }
  bundle.clear();
  bundle_count = tree_size % kTileWidth;
  if (bundle_count > 0) {
    TileRef ref{true, 0, tree_size / kTileWidth, static_cast<std::uint16_t>(bundle_count)};
    std::string path = ref.Path();
    auto data = store.Read(path);
    if (!data) return core::Corrupt(path + ": needed by the checkpoint of size " +
                                    std::to_string(tree_size) + ": " + data.error().message);
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

core::Result<VerifiedCheckpoint> ReadCheckpoint(const TileStore& store, std::string_view path,
                                                const NoteSigner& signer) {
  auto note = store.Read(path);
  if (!note) return note.error();
  std::vector<NoteVerifier> known{signer.verifier()};
  auto opened = OpenCheckpoint(*note, known);
  if (!opened) return core::Corrupt(std::string(path) + ": " + opened.error().message);
  if (opened->checkpoint.origin != signer.name())
    return core::Corrupt(std::string(path) + ": origin \"" + opened->checkpoint.origin +
                         "\" is not the log's (\"" + signer.name() + "\")");
  return opened;
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
  if (store.Read(kCheckpointPath) || store.Read(kPrivateCheckpointPath))
    return core::Conflict("a log exists already (it has a checkpoint); refusing to replace it");
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
  if (auto loaded = log->Load(options); !loaded) return loaded.error();
  return log;
}

core::Status Log::Load(const OpenOptions& options) {
  auto published = ReadCheckpoint(store_, kCheckpointPath, signer_);
  auto latest = ReadCheckpoint(store_, kPrivateCheckpointPath, signer_);
  if (!published && published.error().code == core::ErrorCode::kNotFound && !latest &&
      latest.error().code == core::ErrorCode::kNotFound)
    return core::NotFound("no log here: there is no checkpoint (create one with accord log init)");
  if (!latest) return latest.error();
  bool republish = false;
  if (!published) {
    if (published.error().code != core::ErrorCode::kNotFound) return published.error();
    republish = true;  // a crash between the private and the public write
  } else {
    const Checkpoint& ours = latest->checkpoint;
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
  if (auto loaded = LoadEdge(store_, latest->checkpoint.tree_size, *edge, edge_bundle_,
                             edge_bundle_count_);
      !loaded)
    return loaded;
  if (RootFromEdge(*edge) != latest->checkpoint.root_hash)
    return core::Corrupt("tiles of the right edge do not hash to the checkpoint's root for size " +
                         std::to_string(latest->checkpoint.tree_size));
  if (options.verify_everything)
    if (auto verified = VerifyStoredLog(store_, latest->checkpoint); !verified) return verified;

  auto note = store_.Read(kPrivateCheckpointPath);
  if (!note) return note.error();
  if (republish) {
    std::vector<TileWrite> public_copy{{std::string(kCheckpointPath), *note}};
    if (auto written = store_.WriteAll(public_copy); !written) return written;
  }
  std::lock_guard lock(mutex_);
  edge_ = edge;
  reader_.SetEdge(edge);
  checkpoint_ = latest->checkpoint;
  signed_checkpoint_ = std::move(*note);
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
  std::vector<TileWrite> private_copy{{std::string(kPrivateCheckpointPath), note}};
  if (auto written = store_.WriteAll(private_copy); !written)
    return written.error().Context("append: write private checkpoint");
  std::vector<TileWrite> public_copy{{std::string(kCheckpointPath), note}};
  if (auto written = store_.WriteAll(public_copy); !written)
    return written.error().Context("append: write checkpoint");

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
  std::string edge_bundle;
  {
    std::lock_guard lock(mutex_);
    tree_size = checkpoint_.tree_size;
    edge_bundle = edge_bundle_;
  }
  if (index >= tree_size)
    return core::InvalidArgument("entry " + std::to_string(index) + " is beyond the log (size " +
                                 std::to_string(tree_size) + ")");
  TileRef ref = TileFor(true, 0, index, tree_size);
  std::string path = ref.Path();
  std::string data;
  if (ref.width < kTileWidth) {
    data = std::move(edge_bundle);
  } else {
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
    auto bundle = store.Read(bundle_path);
    if (!bundle) return core::Corrupt(bundle_path + ": " + bundle.error().message);
    auto entries = ParseEntryBundle(*bundle, bundle_ref.width, bundle_path);
    if (!entries) return entries.error();
    auto data = store.Read(hash_path);
    if (!data) return core::Corrupt(hash_path + ": " + data.error().message);
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
      auto data = store.Read(path);
      if (!data) return core::Corrupt(path + ": " + data.error().message);
      auto hashes = ParseHashTile(*data, kTileWidth, path);
      if (!hashes) return hashes.error();
      TileRef up = TileFor(false, static_cast<std::uint8_t>(level + 1), tile, size);
      if (up.Path() != parent_path) {
        parent_path = up.Path();
        auto parent_data = store.Read(parent_path);
        if (!parent_data) return core::Corrupt(parent_path + ": " + parent_data.error().message);
        auto parsed = ParseHashTile(*parent_data, up.width, parent_path);
        if (!parsed) return parsed.error();
        parent = std::move(*parsed);
      }
      if (SubtreeHash(*hashes) != parent[tile % kTileWidth])
        return core::Corrupt(path + ": its hashes do not hash to entry " +
                             std::to_string(tile % kTileWidth) + " of " + parent_path);
    }
    edge.levels.emplace_back();
    if (count % kTileWidth == 0) continue;
    TileRef ref = TileFor(false, level, count - 1, size);
    std::string path = ref.Path();
    auto data = store.Read(path);
    if (!data) return core::Corrupt(path + ": " + data.error().message);
    auto hashes = ParseHashTile(*data, ref.width, path);
    if (!hashes) return hashes.error();
    edge.levels.back() = std::move(*hashes);
  }
  if (RootFromEdge(edge) != checkpoint.root_hash)
    return core::Corrupt("tiles do not hash to the checkpoint's root for size " +
                         std::to_string(size));
  return core::Ok();
}

}  // namespace accord::ledger
