#include "exchange/stix_import.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/id.h"
#include "core/json_reader.h"
#include "exchange/internal/stix_import_rules.h"
#include "exchange/stix_report.h"
#include "exchange/stix_validation.h"

namespace accord::exchange {
namespace {

using internal::Quote;

std::string Label(std::size_t index) { return "objects[" + std::to_string(index) + "]"; }

const std::string* StringMember(const core::JsonValue& object, std::string_view name) {
  const core::JsonValue* value = object.Find(name);
  return value != nullptr && value->type() == core::JsonType::kString ? &value->AsString()
                                                                       : nullptr;
}

// What a few versions need beyond the common fields: kept apart so that
// the record of an ordinary object stays small (a 100 MB bundle of
// indicators costs one small record each).
struct Details {
  std::optional<Technique> technique;
  std::string reason;  // marking-definitions, others' ATT&CK references: their own ignored line
  std::string text;    // kept when an incident may need it
  // Relationships that a cycle or an incident may involve.
  std::string relationship_type, source_ref, target_ref;
};

// One version of one object, as far as the plan needs it once the object's
// tree is gone.
struct Version {
  std::size_t index = 0;  // objects[index]
  std::string type;
  std::optional<core::Timestamp> modified;  // nullopt: the type has none
  std::string modified_text;
  // Where its text lies in the document, to compare it with a later
  // version that claims the same id and modified (rare: re-read then).
  std::uint64_t offset = 0;
  std::size_t length = 0;
  std::unique_ptr<Details> details;  // null when there is nothing more

  Details& MutableDetails() {
    if (!details) details = std::make_unique<Details>();
    return *details;
  }
  bool is_relationship() const { return details && !details->relationship_type.empty(); }
  bool has_text() const { return details && !details->text.empty(); }
};

struct Entry {
  std::string id;
  Version current;
  bool rejected = false;  // a conflict of versions was reported
};

// A form of a value in which two values are the same string exactly when
// they are equal as JSON (equal RFC 8785 forms), whatever their member order
// and spacing: each value is a tag byte and its content, strings and member
// names length-prefixed, numbers as their IEEE-754 bits with -0 as 0,
// members sorted by name. Cheaper than serializing to RFC 8785. Recursion
// is bounded by max_depth.
void EncodeForComparison(const core::JsonValue& value, std::string& out) {
  auto length = [&out](std::size_t size) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(size >> (8 * i)));
  };
  switch (value.type()) {
    case core::JsonType::kNull:
      out.push_back('n');
      return;
    case core::JsonType::kBool:
      out.push_back(value.AsBool() ? 't' : 'f');
      return;
    case core::JsonType::kNumber: {
      double number = value.AsNumber();
      if (number == 0) number = 0;  // -0 and 0 are one JSON value (RFC 8785 writes "0")
      char bytes[sizeof number];
      std::memcpy(bytes, &number, sizeof number);
      out.push_back('d');
      out.append(bytes, sizeof bytes);
      return;
    }
    case core::JsonType::kString:
      out.push_back('s');
      length(value.AsString().size());
      out += value.AsString();
      return;
    case core::JsonType::kArray:
      out.push_back('[');
      length(value.AsArray().size());
      for (const core::JsonValue& element : value.AsArray()) EncodeForComparison(element, out);
      return;
    case core::JsonType::kObject: {
      std::vector<const core::JsonMember*> members;
      members.reserve(value.AsObject().size());
      for (const core::JsonMember& member : value.AsObject()) members.push_back(&member);
      std::sort(members.begin(), members.end(),
                [](const core::JsonMember* a, const core::JsonMember* b) { return a->name < b->name; });
      out.push_back('{');
      length(members.size());
      for (const core::JsonMember* member : members) {
        length(member->name.size());
        out += member->name;
        EncodeForComparison(member->value, out);
      }
      return;
    }
  }
}

bool IsChainType(std::string_view relationship_type) {
  return relationship_type == "revoked-by" || relationship_type == "derived-from" ||
         relationship_type == "duplicate-of";
}

bool IsIncidentId(std::string_view id) { return id.substr(0, 10) == "incident--"; }

class Planner {
 public:
  // `reread` gives back `length` bytes at `offset` of the document.
  using Reread = std::function<core::Result<std::string>(std::uint64_t offset, std::size_t length)>;
  Planner(const StixImportOptions& options, ImportPlan& plan, Reread reread)
      : options_(options), plan_(plan), parse_options_(ReaderOptions()), reread_(std::move(reread)) {}

  StixBundleReaderOptions ReaderOptions() const {
    StixBundleReaderOptions reader;
    reader.container = options_.envelope ? StixContainer::kTaxiiEnvelope : StixContainer::kBundle;
    reader.max_object_bytes = options_.max_object_bytes;
    reader.max_depth = options_.max_depth;
    reader.progress = options_.progress;
    return reader;
  }

  core::Status Take(const RawStixObject& raw);
  void Finish(const StixBundleHeader& header);

 private:
  void AddVersion(const std::string& id, Version version, const core::JsonValue& object);
  // Whether the earlier version `current` has the same content as `object`.
  core::Result<bool> SameContent(const Version& current, const core::JsonValue& object);
  void RejectCycles(std::vector<bool>& cyclic);
  void DecodeIncidents(const std::vector<bool>& cyclic);

  const StixImportOptions& options_;
  ImportPlan& plan_;
  const StixBundleReaderOptions parse_options_;  // the limits, made once
  const Reread reread_;
  // Keys view the ids held by entries_, whose elements never move (deque).
  std::unordered_map<std::string_view, std::size_t> by_id_;
  std::deque<Entry> entries_;  // in order of first appearance
};

core::Status Planner::Take(const RawStixObject& raw) {
  auto object = ParseStixObject(raw, parse_options_);
  if (!object) return object.error();
  std::vector<ImportProblem> problems = ValidateStixObject(*object, Label(raw.index));
  if (!problems.empty()) {
    for (ImportProblem& problem : problems) plan_.rejected.push_back(std::move(problem));
    return core::Ok();
  }
  // Valid: id, type and (for versioned kinds) modified are well-formed.
  const std::string id = *StringMember(*object, "id");
  Version version;
  version.index = raw.index;
  version.type = *StringMember(*object, "type");
  if (const std::string* modified = StringMember(*object, "modified")) {
    version.modified_text = *modified;
    version.modified = *ParseStixTimestamp(*modified);
  }
  version.offset = raw.position.byte;
  version.length = raw.text.size();
  if (version.type == "attack-pattern")
    if (auto technique = TechniqueFromAttackPattern(*object)) {
      // The technique catalogue is MITRE's: anyone may cite a technique in
      // an attack-pattern of their own (accord's exports carry just its id
      // and name), but only MITRE's object describes it fully, and a copy
      // must not replace that entry as an "update".
      const std::string* creator = StringMember(*object, "created_by_ref");
      if (creator != nullptr && *creator == kMitreIdentityId)
        version.MutableDetails().technique = std::move(technique);
      else
        version.MutableDetails().reason = internal::NotPublishedByMitreReason(creator);
    }
  if (version.type == "marking-definition")
    version.MutableDetails().reason = internal::IgnoredReason(version.type, *object);
  std::string_view source_ref;
  if (version.type == "relationship") {
    const std::string& type = *StringMember(*object, "relationship_type");
    source_ref = *StringMember(*object, "source_ref");
    const std::string& target_ref = *StringMember(*object, "target_ref");
    // Kept apart: chains (cycles), and what an incident's decoding may ask
    // for (relationships from an incident or an identity, see
    // IncidentMayNeed) or what concerns an incident (absent ends).
    if (IsChainType(type) || IsIncidentId(source_ref) || IsIncidentId(target_ref) ||
        source_ref.substr(0, 10) == "identity--") {
      Details& details = version.MutableDetails();
      details.relationship_type = type;
      details.source_ref = source_ref;
      details.target_ref = target_ref;
    }
  }
  if (internal::IncidentMayNeed(version.type, source_ref))
    version.MutableDetails().text = raw.text;
  AddVersion(id, std::move(version), *object);
  return core::Ok();
}

core::Result<bool> Planner::SameContent(const Version& current, const core::JsonValue& object) {
  auto text = reread_(current.offset, current.length);
  if (!text) return text.error();
  auto earlier = ParseStixObject(RawStixObject{current.index, *text, {}}, parse_options_);
  if (!earlier) return earlier.error();
  std::string a, b;
  EncodeForComparison(*earlier, a);
  EncodeForComparison(object, b);
  return a == b;
}

void Planner::AddVersion(const std::string& id, Version version, const core::JsonValue& object) {
  auto found = by_id_.find(id);
  if (found == by_id_.end()) {
    entries_.push_back(Entry{id, std::move(version), false});
    by_id_.emplace(entries_.back().id, entries_.size() - 1);
    return;
  }
  Entry& entry = entries_[found->second];
  Version& current = entry.current;
  auto ignore = [this, &id](const Version& older, std::string why) {
    plan_.ignored.push_back({id, older.type, std::move(why)});
  };
  // STIX 2.1 section 3.6: a version is named by id and modified; objects
  // without modified (marking definitions, SCOs) have one version only.
  if (version.modified == current.modified) {
    auto same = SameContent(current, object);
    if (!same) {
      // The document changed under us (a file rewritten while read).
      plan_.rejected.push_back({id, "", "cannot compare " + Label(version.index) + " with " +
                                            Label(current.index) + ": " + same.error().message});
      entry.rejected = true;
      return;
    }
    if (*same) {
      ignore(version, "duplicate of " + Label(current.index) + " (identical content): kept once");
      return;
    }
    plan_.rejected.push_back(
        {id, "/modified",
         Label(current.index) + " and " + Label(version.index) + " have the same id and " +
             (version.modified ? "modified " + Quote(version.modified_text)
                               : std::string("no modified")) +
             " but different content: which one is meant cannot be told (section 3.6)"});
    entry.rejected = true;
    return;
  }
  const bool newer = version.modified && (!current.modified || *version.modified > *current.modified);
  if (!newer) {
    ignore(version, "older version: modified " + Quote(version.modified_text) + ", " +
                        Label(current.index) + " has " + Quote(current.modified_text));
    return;
  }
  if (!entry.rejected)
    ignore(current, "older version: modified " + Quote(current.modified_text) + ", " +
                        Label(version.index) + " has " + Quote(version.modified_text));
  entry.rejected = false;
  current = std::move(version);
}

// Follows revoked-by, derived-from and duplicate-of relationships (the
// kept versions) and rejects every relationship on a cycle: a chain that
// returns to its start says that an object replaces or copies itself.
void Planner::RejectCycles(std::vector<bool>& cyclic) {
  struct Edge {
    std::size_t entry;
    const std::string* target;
  };
  std::unordered_map<std::string_view, std::vector<Edge>> edges;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Version& v = entries_[i].current;
    if (entries_[i].rejected || !v.is_relationship()) continue;
    if (IsChainType(v.details->relationship_type))
      edges[v.details->source_ref].push_back(Edge{i, &v.details->target_ref});
  }
  // Iterative depth-first search: 0 unseen, 1 on the path, 2 done.
  std::unordered_map<std::string_view, int> state;
  struct Frame {
    std::string_view node;
    std::size_t next_edge;
    std::size_t via;  // the entry of the edge that led here
  };
  for (const auto& [start, unused] : edges) {
    if (state[start] != 0) continue;
    std::vector<Frame> path{{start, 0, 0}};
    state[start] = 1;
    while (!path.empty()) {
      Frame& frame = path.back();
      auto found = edges.find(frame.node);
      if (found == edges.end() || frame.next_edge >= found->second.size()) {
        state[frame.node] = 2;
        path.pop_back();
        continue;
      }
      const Edge edge = found->second[frame.next_edge++];
      const std::string_view target = *edge.target;
      const int target_state = state[target];
      if (target_state == 0) {
        state[target] = 1;
        path.push_back({target, 0, edge.entry});
        continue;
      }
      if (target_state != 1) continue;
      // A cycle: from `target` on the path to here, closed by `edge`.
      std::size_t from = 0;
      while (path[from].node != target) ++from;
      std::vector<std::size_t> members;
      std::string chain;
      for (std::size_t k = from; k < path.size(); ++k) {
        chain += std::string(path[k].node) + " -> ";
        if (k > from) members.push_back(path[k].via);
      }
      members.push_back(edge.entry);
      chain += std::string(target);
      for (std::size_t member : members) {
        if (cyclic[member]) continue;
        cyclic[member] = true;
        plan_.rejected.push_back({entries_[member].id, "/target_ref",
                                  "circular " + entries_[member].current.details->relationship_type +
                                      " chain: " + chain + " (an object cannot revoke, derive "
                                      "from or duplicate itself)"});
      }
    }
  }
}

void Planner::DecodeIncidents(const std::vector<bool>& cyclic) {
  // The lookup parses kept texts on demand; a tree lives until the end.
  std::unordered_map<std::string, std::unique_ptr<core::JsonValue>> parsed;
  std::unordered_map<std::string_view, std::vector<std::size_t>> from;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Entry& entry = entries_[i];
    if (!entry.rejected && !cyclic[i] && entry.current.is_relationship() &&
        entry.current.has_text())
      from[entry.current.details->source_ref].push_back(i);
  }
  auto object_at = [this, &parsed](std::size_t i) -> const core::JsonValue* {
    const Entry& entry = entries_[i];
    if (entry.rejected || !entry.current.has_text()) return nullptr;
    auto& slot = parsed[entry.id];
    if (!slot) {
      auto value = core::ParseJsonStrict(entry.current.details->text, {options_.max_depth,
                                                              options_.max_object_bytes,
                                                              options_.max_object_bytes});
      if (!value) return nullptr;  // parsed once already: cannot happen
      slot = std::make_unique<core::JsonValue>(std::move(*value));
    }
    return slot.get();
  };
  StixObjectLookup lookup;
  lookup.object = [this, &object_at](std::string_view id) -> const core::JsonValue* {
    auto found = by_id_.find(id);
    return found == by_id_.end() ? nullptr : object_at(found->second);
  };
  lookup.relationships_from = [&from, &object_at](std::string_view id) {
    std::vector<const core::JsonValue*> out;
    if (auto found = from.find(id); found != from.end())
      for (std::size_t i : found->second)
        if (const core::JsonValue* relationship = object_at(i)) out.push_back(relationship);
    return out;
  };
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Entry& entry = entries_[i];
    if (entry.rejected || entry.current.type != "incident") continue;
    const core::JsonValue* incident = object_at(i);
    if (incident == nullptr) continue;
    DecodedStixReport decoded = DecodeReportFromStix(*incident, lookup);
    if (!decoded.report) {
      for (ImportProblem& problem : decoded.problems) plan_.rejected.push_back(std::move(problem));
      if (decoded.problems.empty())
        plan_.rejected.push_back({entry.id, "", "the incident could not be read as a report"});
      continue;
    }
    for (const ImportProblem& note : decoded.notes)
      plan_.ignored.push_back({note.object.empty() ? entry.id : note.object, "incident",
                               (note.field.empty() ? "" : note.field + ": ") + note.reason});
    plan_.reports.push_back(ImportedReport{entry.id, std::move(*decoded.report)});
  }
}

void Planner::Finish(const StixBundleHeader& header) {
  plan_.objects_read = header.objects;
  plan_.bytes_read = static_cast<std::size_t>(header.bytes);
  for (const std::string& member : header.unknown_members)
    plan_.ignored.push_back({header.id, options_.envelope ? "envelope" : "bundle",
                             "top-level member " + Quote(member) + " is not part of a " +
                                 (options_.envelope ? "TAXII 2.1 envelope (TAXII section 3.7)"
                                                    : "STIX 2.1 bundle (section 8)") +
                                 ": not read"});
  std::vector<bool> cyclic(entries_.size(), false);
  RejectCycles(cyclic);
  DecodeIncidents(cyclic);
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    Entry& entry = entries_[i];
    Version& v = entry.current;
    if (entry.rejected || cyclic[i] || v.type == "incident") continue;
    if (v.details && v.details->technique) {
      plan_.techniques.push_back(std::move(*v.details->technique));
      continue;
    }
    std::string reason = v.details && !v.details->reason.empty()
                             ? std::move(v.details->reason)
                             : internal::IgnoredReason(v.type, core::JsonValue());
    // STIX allows relationships to objects that are not in the bundle; one
    // that concerns an incident is worth a note, since the report will lack it.
    if (v.is_relationship() &&
        (IsIncidentId(v.details->source_ref) || IsIncidentId(v.details->target_ref))) {
      for (const std::string* end : {&v.details->source_ref, &v.details->target_ref})
        if (!by_id_.count(*end))
          reason = "relationship: " + *end + " is not in the bundle (allowed by STIX, "
                   "section 5.1), so this relationship of an incident is not imported";
    }
    plan_.ignored.push_back({entry.id, v.type, std::move(reason)});
  }
}

core::Result<ImportPlan> Plan(const StixImportOptions& options, Planner::Reread reread,
                              const std::function<core::Result<StixBundleHeader>(
                                  const StixBundleReaderOptions&, const StixObjectCallback&)>& read) {
  ImportPlan plan;
  Planner planner(options, plan, std::move(reread));
  auto header = read(planner.ReaderOptions(),
                     [&planner](const RawStixObject& raw) { return planner.Take(raw); });
  if (!header) return header.error();
  planner.Finish(*header);
  return plan;
}

}  // namespace

core::Result<ImportPlan> PlanStixImportFile(const std::filesystem::path& file,
                                            const StixImportOptions& options) {
  auto reread = [&file](std::uint64_t offset, std::size_t length) -> core::Result<std::string> {
    std::ifstream in(file, std::ios::binary);
    std::string text(length, '\0');
    if (!in.seekg(static_cast<std::streamoff>(offset)) ||
        !in.read(text.data(), static_cast<std::streamsize>(length)))
      return core::Unavailable("stix bundle " + file.string() + ": cannot re-read " +
                               std::to_string(length) + " bytes at byte " + std::to_string(offset));
    return text;
  };
  return Plan(options, reread, [&file](const StixBundleReaderOptions& reader,
                                       const StixObjectCallback& on_object) {
    return ReadStixBundleFile(file, reader, on_object);
  });
}

core::Result<ImportPlan> PlanStixImportText(std::string_view text,
                                            const StixImportOptions& options) {
  auto reread = [text](std::uint64_t offset, std::size_t length) -> core::Result<std::string> {
    return std::string(text.substr(static_cast<std::size_t>(offset), length));
  };
  return Plan(options, reread, [text](const StixBundleReaderOptions& reader,
                                      const StixObjectCallback& on_object) {
    return ReadStixBundleText(text, reader, on_object);
  });
}

}  // namespace accord::exchange
