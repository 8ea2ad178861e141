#include "cli/audit.h"

#include <algorithm>
#include <cstdlib>

#include "core/canonical_json.h"
#include "core/crypto.h"
#include "core/encoding.h"
#include "core/json_reader.h"
#include "ledger/merkle.h"

namespace accord::cli {
namespace {

using core::JsonType;
using core::JsonValue;

// Longer values are cut in the verdict: a line is for a person.
constexpr std::size_t kShownBytes = 120;

// `text` as it is when it is short printable ASCII (a number, a name), else
// quoted and escaped: the node's bytes never reach the terminal raw.
std::string Shown(std::string_view text) {
  // Leading or trailing spaces would be invisible: those are quoted too.
  const bool plain =
      text.size() <= kShownBytes && !text.empty() && text.front() != ' ' && text.back() != ' ' &&
      std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
  return plain ? std::string(text) : core::QuoteForMessage(text, kShownBytes);
}

// The place holds the node's text too (member names, CSV fields): escaped
// as a whole when any byte of it is not printable ASCII.
std::string ShownWhere(std::string where) {
  if (std::all_of(where.begin(), where.end(), [](char c) { return c >= 0x20 && c < 0x7f; }))
    return where;
  return core::QuoteForMessage(where, 2 * kShownBytes);
}

// A parse error's message, with any control character replaced: the
// readers quote what they found, but the verdict must not depend on it.
std::string Printable(std::string text) {
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return text;
}

ReportDifference Differ(std::string where, std::string_view published,
                        std::string_view recomputed) {
  return ReportDifference{ShownWhere(std::move(where)), Shown(published), Shown(recomputed)};
}

// The first differing byte, when the items agree and only the spelling does
// not (the contract: equal bytes and nothing else give nullopt).
std::optional<ReportDifference> FirstByteDifference(std::string_view published,
                                                    std::string_view recomputed) {
  if (published == recomputed) return std::nullopt;
  std::size_t at = 0;
  while (at < published.size() && at < recomputed.size() && published[at] == recomputed[at]) ++at;
  return Differ("byte " + std::to_string(at), published.substr(at, 40), recomputed.substr(at, 40));
}

// RFC 6901 section 3: '~' is written "~0" and '/' "~1".
std::string PointerToken(std::string_view name) {
  std::string token;
  for (char c : name) {
    if (c == '~')
      token += "~0";
    else if (c == '/')
      token += "~1";
    else
      token += c;
  }
  return token;
}

constexpr std::string_view kAbsent = "(absent)";

std::optional<ReportDifference> FirstValueDifference(const JsonValue& published,
                                                     const JsonValue& recomputed,
                                                     const std::string& pointer) {
  if (published.type() != recomputed.type() ||
      (published.type() != JsonType::kObject && published.type() != JsonType::kArray)) {
    // Scalars (or a changed type): compare their canonical spellings.
    std::string node = core::SerializeCanonical(published);
    std::string log = core::SerializeCanonical(recomputed);
    if (node == log) return std::nullopt;
    return Differ(pointer, node, log);
  }
  if (published.type() == JsonType::kArray) {
    const auto& node = published.AsArray();
    const auto& log = recomputed.AsArray();
    for (std::size_t i = 0; i < std::max(node.size(), log.size()); ++i) {
      const std::string at = pointer + "/" + std::to_string(i);
      if (i >= node.size()) return Differ(at, kAbsent, core::SerializeCanonical(log[i]));
      if (i >= log.size()) return Differ(at, core::SerializeCanonical(node[i]), kAbsent);
      if (auto found = FirstValueDifference(node[i], log[i], at)) return found;
    }
    return std::nullopt;
  }
  // Objects: every name of either side, in canonical order (RFC 8785
  // section 3.2.3), which is the recomputed report's own order.
  std::vector<std::string> names;
  for (const auto& member : recomputed.AsObject()) names.push_back(member.name);
  for (const auto& member : published.AsObject()) names.push_back(member.name);
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    return core::Utf16CodeUnitLess(a, b);
  });
  names.erase(std::unique(names.begin(), names.end()), names.end());
  for (const auto& name : names) {
    const std::string at = pointer + "/" + PointerToken(name);
    const JsonValue* node = published.Find(name);
    const JsonValue* log = recomputed.Find(name);
    if (node == nullptr) return Differ(at, kAbsent, core::SerializeCanonical(*log));
    if (log == nullptr) return Differ(at, core::SerializeCanonical(*node), kAbsent);
    if (auto found = FirstValueDifference(*node, *log, at)) return found;
  }
  return std::nullopt;
}

std::string JoinRecord(const std::vector<std::string>& record) {
  std::string text;
  for (std::size_t i = 0; i < record.size(); ++i) text += (i ? "," : "") + record[i];
  return text;
}

// "(scope,figure)" of a report CSV row; the first two fields as they are.
std::string RowKey(const std::vector<std::string>& record) {
  if (record.size() < 2) return "(" + JoinRecord(record) + ")";
  return "(" + record[0] + "," + record[1] + ")";
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string RootHex(const ledger::Checkpoint& checkpoint) {
  return ledger::HashHex(checkpoint.root_hash);
}

std::string Describe(const ledger::Checkpoint& checkpoint) {
  return "size " + std::to_string(checkpoint.tree_size) + ", root " + RootHex(checkpoint);
}

}  // namespace

std::string ReportDifference::Describe() const {
  return (where.empty() ? std::string("the document") : where) + ": node says " + published +
         ", log gives " + recomputed;
}

std::optional<ReportDifference> FirstJsonDifference(std::string_view published,
                                                    std::string_view recomputed) {
  if (published == recomputed) return std::nullopt;
  auto node = core::ParseJsonStrict(published);
  if (!node)
    return ReportDifference{
        "", Printable("something that is not JSON (" + node.error().message + ")"), "a report"};
  auto log = core::ParseJsonStrict(recomputed);
  if (!log)
    return ReportDifference{"", "a report",
                            Printable("something that is not JSON (" + log.error().message + ")")};
  if (auto found = FirstValueDifference(*node, *log, "")) return found;
  return FirstByteDifference(published, recomputed);
}

core::Result<std::vector<std::vector<std::string>>> ParseCsvRecords(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::size_t at = 0;
  while (at < text.size()) {
    if (records.size() >= kMaxCsvRecords)
      return core::ResourceExhausted("csv: more than " + std::to_string(kMaxCsvRecords) +
                                     " records");
    const std::string where = "csv record " + std::to_string(records.size() + 1);
    std::vector<std::string> record;
    while (true) {
      std::string field;
      if (at < text.size() && text[at] == '"') {
        ++at;
        while (true) {
          if (at >= text.size())
            return core::InvalidArgument(where + ": unterminated quoted field");
          if (text[at] == '"') {
            if (at + 1 < text.size() && text[at + 1] == '"') {
              field += '"';
              at += 2;
              continue;
            }
            ++at;
            break;
          }
          field += text[at++];
        }
        if (at < text.size() && text[at] != ',' && text[at] != '\r' && text[at] != '\n')
          return core::InvalidArgument(where + ": " + core::QuoteForMessage(text.substr(at, 1)) +
                                       " after a closing quote");
      } else {
        while (at < text.size() && text[at] != ',' && text[at] != '\r' && text[at] != '\n')
          field += text[at++];
      }
      record.push_back(std::move(field));
      if (at < text.size() && text[at] == ',') {
        ++at;
        continue;
      }
      break;
    }
    if (at < text.size() && text[at] == '\r') ++at;
    if (at < text.size() && text[at] == '\n') ++at;
    records.push_back(std::move(record));
  }
  return records;
}

std::optional<ReportDifference> FirstCsvDifference(std::string_view published,
                                                   std::string_view recomputed) {
  if (published == recomputed) return std::nullopt;
  auto node = ParseCsvRecords(published);
  if (!node)
    return ReportDifference{
        "", Printable("something that is not CSV (" + node.error().message + ")"), "a report"};
  auto log = ParseCsvRecords(recomputed);
  if (!log)
    return ReportDifference{"", "a report",
                            Printable("something that is not CSV (" + log.error().message + ")")};
  for (std::size_t i = 0; i < std::max(node->size(), log->size()); ++i) {
    const std::string row = "row " + std::to_string(i + 1) + " ";
    if (i >= node->size()) return Differ(row + RowKey((*log)[i]), kAbsent, JoinRecord((*log)[i]));
    if (i >= log->size()) return Differ(row + RowKey((*node)[i]), JoinRecord((*node)[i]), kAbsent);
    if ((*node)[i] != (*log)[i])
      return Differ(row + RowKey((*log)[i]), JoinRecord((*node)[i]), JoinRecord((*log)[i]));
  }
  return FirstByteDifference(published, recomputed);
}

std::optional<ReportDifference> FirstLineDifference(std::string_view published,
                                                    std::string_view recomputed) {
  if (published == recomputed) return std::nullopt;
  const auto node = SplitLines(published);
  const auto log = SplitLines(recomputed);
  for (std::size_t i = 0; i < std::max(node.size(), log.size()); ++i) {
    const std::string line = "line " + std::to_string(i + 1);
    if (i >= node.size()) return Differ(line, kAbsent, log[i]);
    if (i >= log.size()) return Differ(line, node[i], kAbsent);
    if (node[i] != log[i]) return Differ(line, node[i], log[i]);
  }
  return FirstByteDifference(published, recomputed);
}

core::Result<CheckpointHistory> CompareWithSaved(
    const std::optional<ledger::Checkpoint>& saved, const ledger::Checkpoint& current,
    const std::function<core::Result<ledger::Hash>(std::uint64_t)>& root_at) {
  if (!saved) return CheckpointHistory::kFirstAudit;
  if (saved->origin != current.origin)
    return core::Corrupt("the checkpoint kept for this log names origin " +
                         core::QuoteForMessage(saved->origin) + ", not " +
                         core::QuoteForMessage(current.origin));
  if (current.tree_size < saved->tree_size)
    return core::Corrupt("rollback: the node's checkpoint (" + Describe(current) +
                         ") is smaller than the one this auditor saw before (" + Describe(*saved) +
                         "); a log only grows");
  if (current.tree_size == saved->tree_size) {
    if (current.root_hash == saved->root_hash) return CheckpointHistory::kSame;
    return core::Corrupt("split view: two checkpoints of size " +
                         std::to_string(current.tree_size) + " signed with the log's key: root " +
                         RootHex(*saved) + " seen before, root " + RootHex(current) +
                         " now (the log was forked)");
  }
  auto old_root = root_at(saved->tree_size);
  if (!old_root)
    return old_root.error().Context("recompute the root at size " +
                                    std::to_string(saved->tree_size) + " from the tiles");
  if (*old_root != saved->root_hash)
    return core::Corrupt("fork: the node's log (" + Describe(current) +
                         ") does not extend the checkpoint seen before (" + Describe(*saved) +
                         "): its first " + std::to_string(saved->tree_size) +
                         " entries have root " + ledger::HashHex(*old_root));
  return CheckpointHistory::kExtension;
}

core::Result<WitnessTally> CountCosignatures(const ledger::Checkpoint& checkpoint,
                                             std::string_view note,
                                             std::span<const ledger::NoteVerifier> witnesses) {
  auto parsed = ledger::ParseNote(note);
  if (!parsed) return parsed.error().Context("the checkpoint note");
  WitnessTally tally;
  for (const auto& witness : witnesses) {
    bool found = false;
    bool valid = false;
    for (const auto& signature : parsed->signatures) {
      if (signature.key_name != witness.name() || signature.key_id != witness.key_id()) continue;
      found = true;
      std::string line = ledger::EncodeSignatureLine(signature.key_name, signature.key_id,
                                                     signature.signature_bytes);
      if (auto verified = ledger::VerifyCosignature(checkpoint, line, witness); verified) {
        valid = true;
      } else {
        tally.invalid.push_back(witness.KeyLabel() + ": " + verified.error().message);
      }
    }
    if (valid)
      tally.signed_by.push_back(witness.KeyLabel());
    else if (!found)
      tally.missing.push_back(witness.KeyLabel());
  }
  return tally;
}

core::Result<std::filesystem::path> DefaultAuditStateDir() {
  if (const char* state = std::getenv("XDG_STATE_HOME"); state != nullptr && *state == '/')
    return std::filesystem::path(state) / "accord" / "audit";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    return std::filesystem::path(home) / ".local" / "state" / "accord" / "audit";
  return core::InvalidArgument("neither $XDG_STATE_HOME nor $HOME is set: give --state-dir");
}

std::filesystem::path SavedCheckpointPath(const std::filesystem::path& state_dir,
                                          std::string_view origin) {
  return state_dir / "checkpoints" / core::HexEncode(core::Sha256(origin));
}

std::filesystem::path PinnedKeyPath(const std::filesystem::path& state_dir, std::string_view url) {
  return state_dir / "keys" / core::HexEncode(core::Sha256(url));
}

}  // namespace accord::cli
