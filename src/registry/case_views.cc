// Registry: reading grievance cases (issue 8): the list, one case as its
// reader may see it, and the stage attrition statistics.
#include <algorithm>
#include <charconv>
#include <set>

#include "core/canonical_json.h"
#include "core/id.h"
#include "registry/internal/case_records.h"
#include "registry/internal/list_params.h"
#include "registry/internal/replies.h"
#include "registry/record_writes.h"
#include "registry/registry.h"

namespace accord::registry {

using core::JsonType;
using core::JsonValue;
using internal::CaseRecord;
using internal::Int;
using internal::Obj;
using internal::Str;
using internal::StrArray;

// ------------------------------------------------------------------ reads

Reply Registry::ListCases(const Caller&, const QueryParams& params) const {
  auto read = internal::ReadParams(params, {"stage", "exercise", "limit", "before"});
  if (!read) return internal::Failed(read.error());
  store::RecordFilter filter{.kind = std::string(internal::kCaseKind)};
  filter.limit = 100;
  if (auto it = read->find("stage"); it != read->end()) {
    if (!model::EnumFromName<model::CaseStage>(it->second))
      return internal::Failed(core::InvalidArgument("query parameter \"stage\": unknown stage " +
                                                    core::QuoteForMessage(it->second)));
    filter.status = it->second;
  }
  if (auto it = read->find("exercise"); it != read->end()) {
    if (it->second != "true" && it->second != "false")
      return internal::Failed(core::InvalidArgument("query parameter \"exercise\": must be true or false"));
    filter.exercise = it->second == "true";
  }
  for (auto [name, out] : {std::pair{"limit", &filter.limit}}) {
    if (auto it = read->find(name); it != read->end()) {
      std::size_t value = 0;
      auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
      if (ec != std::errc() || end != it->second.data() + it->second.size() || value < 1 || value > 1000)
        return internal::Failed(core::InvalidArgument("query parameter \"limit\": must be 1..1000"));
      *out = value;
    }
  }
  if (auto it = read->find("before"); it != read->end()) {
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
    if (ec != std::errc() || end != it->second.data() + it->second.size())
      return internal::Failed(core::InvalidArgument("query parameter \"before\": must be a log index"));
    filter.before_seq = value;
  }
  auto rows = store_.ListRecords(filter);
  if (!rows) return internal::Failed(rows.error());
  core::JsonArray items;
  for (const auto& row : *rows) {
    auto parsed = internal::ParseStored(row.public_json, "case " + row.id);
    if (!parsed) return internal::Failed(parsed.error());
    items.push_back(std::move(*parsed));
  }
  core::JsonObject members{{"items", JsonValue::Array(std::move(items))}};
  if (rows->size() == filter.limit && !rows->empty())
    members.push_back({"next_before", Int(static_cast<std::int64_t>(rows->back().created_seq))});
  return internal::Answer(Obj(std::move(members)));
}

Reply Registry::GetCase(const Caller& caller, const std::string& id) const {
  auto record = internal::LoadCase(store_, id);
  if (!record) return internal::Failed(record.error());
  JsonValue view = internal::CasePublicRecordJson(*record);
  // The panel that judges the case reads the allegation too (it reads the
  // evidence already): docs/grievance.md "What is wired".
  if (caller.reader.role == privacy::Role::kSecretariat || internal::IsFiler(caller, *record) ||
      internal::IsAccused(caller, *record) || internal::OnPanel(caller, *record, false)) {
    core::JsonObject members = view.AsObject();
    members.push_back({"allegation", model::AllegationToJson(record->allegation)});
    view = Obj(std::move(members));
  }
  return internal::Answer(std::move(view));
}

Reply Registry::CaseStatistics(const QueryParams& params) const {
  auto read = internal::ReadParams(params, {"exercise"});
  if (!read) return internal::Failed(read.error());
  bool exercise = false;
  if (auto it = read->find("exercise"); it != read->end()) {
    if (it->second != "true" && it->second != "false")
      return internal::Failed(core::InvalidArgument("query parameter \"exercise\": must be true or false"));
    exercise = it->second == "true";
  }
  std::vector<model::CaseState> states;
  auto scanned = store_.ForEachRecord(std::string(internal::kCaseKind), [&](const store::RecordRow& row) {
    if (row.exercise != exercise) return core::Ok();
    auto full = internal::ParseStored(row.full_json, "case " + row.id);
    if (!full) return core::Status(full.error());
    auto state_json = internal::Member(*full, "state", "case " + row.id);
    if (!state_json) return core::Status(state_json.error());
    auto state = internal::CaseStateFromJson(**state_json);
    if (!state) return core::Status(state.error());
    states.push_back(std::move(*state));
    return core::Ok();
  });
  if (!scanned) return internal::Failed(scanned.error());
  core::JsonArray rows;
  for (const auto& row : model::StageAttrition(states))
    rows.push_back(Obj({{"stage", Str(model::Name(row.stage))},
                        {"reason", Str(model::Name(row.reason))},
                        {"cases", Int(row.cases)}}));
  return internal::Answer(Obj({{"cases", Int(static_cast<std::int64_t>(states.size()))},
                               {"exercise", internal::Bool(exercise)},
                               {"attrition", JsonValue::Array(std::move(rows))}}));
}

}  // namespace accord::registry
