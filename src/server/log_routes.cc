#include "server/log_routes.h"

#include <charconv>
#include <cstring>

#include "core/encoding.h"
#include "ledger/merkle.h"
#include "ledger/proof_json.h"
#include "ledger/tile.h"
#include "server/problem.h"

namespace accord::server {
namespace {

// Strict decimal: digits only, fits 64 bits.
core::Result<std::uint64_t> QueryNumber(const Request& request, std::string_view name) {
  const std::string* text = request.parsed.Query(name);
  if (!text) return core::NotFound(std::string(name));
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (text->empty() || ec != std::errc() || end != text->data() + text->size())
    return core::InvalidArgument("query parameter \"" + std::string(name) +
                                 "\": expected a non-negative integer, got " +
                                 core::QuoteForMessage(*text));
  return value;
}

Response ProofResponse(const ledger::ProofDocument& proof) {
  return JsonResponse(200, ledger::EncodeProof(proof));
}

Response Inclusion(const Request& request, const ledger::Log& log, const LeafIndex& leaves) {
  std::uint64_t size = log.size();
  auto tree_size = QueryNumber(request, "tree_size");
  if (!tree_size && tree_size.error().code != core::ErrorCode::kNotFound)
    return ProblemResponse(tree_size.error(), request.parsed.Path());
  ledger::ProofDocument proof;
  proof.tree_size = tree_size ? *tree_size : size;
  if (proof.tree_size == 0 || proof.tree_size > size)
    return Problem400(request, "query parameter \"tree_size\": must be from 1 to the log's size " +
                                   std::to_string(size));
  auto index = QueryNumber(request, "index");
  // A malformed index is refused as such, also next to a leaf_hash.
  if (!index && index.error().code != core::ErrorCode::kNotFound)
    return ProblemResponse(index.error(), request.parsed.Path());
  const std::string* hash_text = request.parsed.Query("leaf_hash");
  if (index.has_value() == (hash_text != nullptr))
    return Problem400(request,
                      "give exactly one of the query parameters \"index\" and \"leaf_hash\"");
  if (hash_text) {
    auto bytes = core::Base64Decode(*hash_text);
    if (!bytes)
      return Problem400(request, "query parameter \"leaf_hash\": " + bytes.error().message +
                                     (hash_text->find(' ') != std::string::npos
                                          ? " ('+' in a query means a space: send it as %2B)"
                                          : ""));
    auto hash = ledger::HashFromBytes(*bytes);
    if (!hash) return Problem400(request, "query parameter \"leaf_hash\": " + hash.error().message);
    auto found = leaves.Find(*hash);
    if (!found || *found >= proof.tree_size)
      return ProblemResponse(core::NotFound("no entry with leaf hash " + *hash_text +
                                            " in the tree of size " +
                                            std::to_string(proof.tree_size)),
                             request.parsed.Path());
    proof.index = *found;
  } else {
    proof.index = *index;
  }
  if (proof.index >= proof.tree_size)
    return Problem400(request, "query parameter \"index\": " + std::to_string(proof.index) +
                                   " is not below tree_size " + std::to_string(proof.tree_size));
  auto hashes = log.ProveInclusion(proof.index, proof.tree_size);
  if (!hashes) return ProblemResponse(hashes.error(), request.parsed.Path());
  auto entry = log.ReadEntry(proof.index);
  if (!entry) return ProblemResponse(entry.error(), request.parsed.Path());
  auto root = log.RootAt(proof.tree_size);
  if (!root) return ProblemResponse(root.error(), request.parsed.Path());
  proof.leaf_hash = ledger::LeafHash(*entry);
  proof.root_hash = *root;
  proof.proof = std::move(*hashes);
  return ProofResponse(proof);
}

Response Consistency(const Request& request, const ledger::Log& log) {
  std::uint64_t size = log.size();
  auto old_size = QueryNumber(request, "old_size");
  if (!old_size) {
    if (old_size.error().code == core::ErrorCode::kNotFound)
      return Problem400(request, "query parameter \"old_size\" is required");
    return ProblemResponse(old_size.error(), request.parsed.Path());
  }
  auto tree_size = QueryNumber(request, "tree_size");
  if (!tree_size && tree_size.error().code != core::ErrorCode::kNotFound)
    return ProblemResponse(tree_size.error(), request.parsed.Path());
  ledger::ProofDocument proof;
  proof.kind = ledger::ProofDocument::Kind::kConsistency;
  proof.old_size = *old_size;
  proof.tree_size = tree_size ? *tree_size : size;
  if (proof.tree_size > size)
    return Problem400(request, "query parameter \"tree_size\": " + std::to_string(proof.tree_size) +
                                   " is larger than the log (" + std::to_string(size) + ")");
  if (proof.old_size > proof.tree_size)
    return Problem400(request, "query parameter \"old_size\": " + std::to_string(proof.old_size) +
                                   " is larger than tree_size " + std::to_string(proof.tree_size));
  auto hashes = log.ProveConsistency(proof.old_size, proof.tree_size);
  if (!hashes) return ProblemResponse(hashes.error(), request.parsed.Path());
  auto old_root = log.RootAt(proof.old_size);
  auto root = log.RootAt(proof.tree_size);
  if (!old_root) return ProblemResponse(old_root.error(), request.parsed.Path());
  if (!root) return ProblemResponse(root.error(), request.parsed.Path());
  proof.old_root = *old_root;
  proof.root_hash = *root;
  proof.proof = std::move(*hashes);
  return ProofResponse(proof);
}

Response Tile(const Request& request, const PathParams& params, const ledger::Log& log,
              const ledger::TileStore& store) {
  std::string path = "tile/" + params.at("path");
  auto ref = ledger::ParseTilePath(path);
  if (!ref)
    return ProblemResponse(HttpProblem(404, ref.error().message, request.parsed.Path()));
  // Only serve what the latest checkpoint covers: files beyond it may be
  // left over from a batch that crashed before it was signed.
  std::uint64_t size = log.size();
  std::uint64_t available =
      ref->entries ? size : ledger::HashesAtTileLevel(ref->level, size);
  // The tile's last position must be within `available`. Written without
  // multiplying: index * 256 wraps around for indexes from 2^56 on, and a
  // wrapped product would pass for a tile near the start of the log.
  bool covered = ref->width <= available &&
                 ref->index <= (available - ref->width) / ledger::kTileWidth;
  if (!covered)
    return ProblemResponse(HttpProblem(404, path + " is beyond the latest checkpoint",
                                       request.parsed.Path()));
  auto data = store.Read(path);
  if (!data) {
    if (data.error().code == core::ErrorCode::kNotFound)
      return ProblemResponse(HttpProblem(404, path + " does not exist", request.parsed.Path()));
    return ProblemResponse(data.error(), request.parsed.Path());
  }
  Response response;
  response.body = std::move(*data);
  response.SetHeader("Content-Type", "application/octet-stream");
  // A full tile never changes. A partial one is fixed for the checkpoints
  // that cover it; a short lifetime keeps mirrors honest if a crash ever
  // rewrote one that no checkpoint had covered.
  response.SetHeader("Cache-Control", ref->width == ledger::kTileWidth
                                          ? "public, max-age=31536000, immutable"
                                          : "public, max-age=3600");
  response.SetHeader("Access-Control-Allow-Origin", "*");
  return response;
}

}  // namespace

std::size_t LeafIndex::HashOfHash::operator()(const ledger::Hash& hash) const {
  std::size_t value;
  std::memcpy(&value, hash.data(), sizeof value);  // already uniformly distributed
  return value;
}

core::Result<std::unique_ptr<LeafIndex>> LeafIndex::Build(const ledger::TileStore& store,
                                                          const ledger::Log& log) {
  auto index = std::make_unique<LeafIndex>();
  std::uint64_t size = log.size();
  index->index_.reserve(size);
  for (std::uint64_t tile = 0; tile * ledger::kTileWidth < size; ++tile) {
    ledger::TileRef ref = ledger::TileFor(false, 0, tile * ledger::kTileWidth, size);
    std::string path = ref.Path();
    auto data = store.Read(path);
    if (!data) return data.error().Context("index leaf hashes");
    auto hashes = ledger::ParseHashTile(*data, ref.width, path);
    if (!hashes) return hashes.error();
    for (std::size_t i = 0; i < hashes->size(); ++i)
      index->index_.emplace((*hashes)[i], tile * ledger::kTileWidth + i);
  }
  return index;
}

void LeafIndex::Add(std::uint64_t first_index, const std::vector<std::string>& entries) {
  std::vector<ledger::Hash> hashes;
  hashes.reserve(entries.size());
  for (const auto& entry : entries) hashes.push_back(ledger::LeafHash(entry));
  std::unique_lock lock(mutex_);
  for (std::size_t i = 0; i < hashes.size(); ++i) index_.emplace(hashes[i], first_index + i);
}

std::optional<std::uint64_t> LeafIndex::Find(const ledger::Hash& hash) const {
  std::shared_lock lock(mutex_);
  auto found = index_.find(hash);
  if (found == index_.end()) return std::nullopt;
  return found->second;
}

core::Status AddLogRoutes(Router& router, const ledger::Log& log, const ledger::TileStore& store,
                          const LeafIndex& leaves, std::string vkey) {
  if (auto added = router.Add(Method::kGet, "/log/checkpoint",
                              [&log](const Request&, const PathParams&) {
                                Response response = TextResponse(200, log.signed_checkpoint(),
                                                                 "text/plain; charset=utf-8");
                                response.SetHeader("Cache-Control", "no-cache");
                                response.SetHeader("Access-Control-Allow-Origin", "*");
                                return response;
                              });
      !added)
    return added;
  if (auto added = router.Add(Method::kGet, "/log/vkey",
                              [vkey = std::move(vkey)](const Request&, const PathParams&) {
                                Response response = TextResponse(200, vkey + "\n",
                                                                 "text/plain; charset=utf-8");
                                response.SetHeader("Cache-Control", "public, max-age=86400");
                                return response;
                              });
      !added)
    return added;
  if (auto added = router.Add(Method::kGet, "/log/tile/{path...}",
                              [&log, &store](const Request& request, const PathParams& params) {
                                return Tile(request, params, log, store);
                              });
      !added)
    return added;
  // One entry's bytes, exactly as hashed into the tree: what `accord verify
  // inclusion --entry` checks, without unpacking an entry bundle by hand.
  if (auto added = router.Add(
          Method::kGet, "/v1/log/entries/{index}",
          [&log](const Request& request, const PathParams& params) {
            const std::string& text = params.at("index");
            std::uint64_t index = 0;
            auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), index);
            if (ec != std::errc() || end != text.data() + text.size())
              return Problem400(request, "entry index \"" + text + "\": must be a decimal integer");
            if (index >= log.size())
              return ProblemResponse(core::NotFound("entry " + text + ": the log has " +
                                                    std::to_string(log.size()) + " entries"),
                                     request.parsed.Path());
            auto entry = log.ReadEntry(index);
            if (!entry) return ProblemResponse(entry.error(), request.parsed.Path());
            Response response = TextResponse(200, std::move(*entry), "application/octet-stream");
            response.SetHeader("Cache-Control", "public, max-age=31536000, immutable");
            response.SetHeader("Access-Control-Allow-Origin", "*");
            return response;
          });
      !added)
    return added;
  if (auto added = router.Add(Method::kGet, "/v1/log/proofs/inclusion",
                              [&log, &leaves](const Request& request, const PathParams&) {
                                return Inclusion(request, log, leaves);
                              });
      !added)
    return added;
  return router.Add(Method::kGet, "/v1/log/proofs/consistency",
                    [&log](const Request& request, const PathParams&) {
                      return Consistency(request, log);
                    });
}

}  // namespace accord::server
