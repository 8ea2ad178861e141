// Registry: standing, computed on read (docs/response.md "What is wired").
// Nothing about standing is stored: each request gathers every state's
// conduct record from the "case" and "recommendation" records and runs
// AssessStanding (registry/standing.h) for the requested day. Every input is
// dated, and a record counts only from its date, so the answer for a given
// as_of is the same whenever it is asked (as long as nothing dated on or
// before as_of is recorded later, e.g. a remediation recorded late).
#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "core/encoding.h"
#include "core/json_reader.h"
#include "registry/internal/json_util.h"
#include "registry/internal/list_params.h"
#include "registry/internal/replies.h"
#include "registry/internal/responses.h"
#include "registry/registry.h"
#include "registry/standing.h"

namespace accord::registry {
namespace {

using core::JsonType;
using core::JsonValue;
using internal::Obj;
using internal::Str;

// The stages in which a case counts as open against the accused state:
// admitted and not yet closed (withdrawn cases are closed; inadmissible
// ones never opened).
bool IsOpenStage(std::string_view stage) {
  auto value = model::EnumFromName<model::CaseStage>(stage);
  if (!value) return false;
  return *value != model::CaseStage::kFiled && *value != model::CaseStage::kAdmissibilityReview &&
         *value != model::CaseStage::kInadmissible && *value != model::CaseStage::kClosed;
}

// The stage a case was in at the end of `as_of`, from its public history
// ("" when it was filed later).
core::Result<std::string> StageOn(const JsonValue& case_public, const model::Date& as_of,
                                  const std::string& where) {
  auto history = internal::Member(case_public, "history", where);
  if (!history) return history.error();
  if ((*history)->type() != JsonType::kArray)
    return core::Corrupt(where + ": history: not an array");
  std::string stage;
  for (const JsonValue& entry : (*history)->AsArray()) {
    if (entry.type() != JsonType::kObject)
      return core::Corrupt(where + ": history: entry not an object");
    auto at = internal::GetString(entry, "at", where + ": history");
    if (!at) return at.error();
    auto time = core::ParseRfc3339(*at);
    if (!time) return core::Corrupt(where + ": history.at: " + time.error().message);
    if (internal::DayOf(*time) > as_of) break;  // times never go backwards
    auto name = internal::GetString(entry, "stage", where + ": history");
    if (!name) return name.error();
    stage = *name;
  }
  return stage;
}

// Every state's conduct record on `as_of`, by ISO code.
core::Result<std::map<std::string, ConductRecord>> ConductRecords(const store::Store& store,
                                                                  const model::Date& as_of) {
  std::map<std::string, ConductRecord> out;
  core::Status cases =
      store.ForEachRecord("case", [&](const store::RecordRow& row) -> core::Status {
        if (row.exercise || row.public_json.empty()) return core::Ok();
        std::string where = "case " + row.id;
        auto parsed = internal::ParseStored(row.public_json, where);
        if (!parsed) return parsed.error();
        auto parties = internal::Member(*parsed, "parties", where);
        if (!parties) return parties.error();
        auto accused = internal::GetString(**parties, "accused_state", where + ": parties");
        if (!accused) return accused.error();
        ConductRecord& record = out[*accused];
        auto stage = StageOn(*parsed, as_of, where);
        if (!stage) return stage.error();
        if (IsOpenStage(*stage)) ++record.open_cases;
        const JsonValue* missed = parsed->Find("non_cooperation");
        if (missed == nullptr) return core::Ok();
        if (missed->type() != JsonType::kArray)
          return core::Corrupt(where + ": non_cooperation: not an array");
        for (const JsonValue& entry : missed->AsArray()) {
          if (entry.type() != JsonType::kObject)
            return core::Corrupt(where + ": non_cooperation: not an object");
          if (internal::GetStringOr(entry, "side") != "accused") continue;
          auto deadline = internal::GetString(entry, "deadline", where + ": non_cooperation");
          if (!deadline) return deadline.error();
          auto time = core::ParseRfc3339(*deadline);
          if (!time)
            return core::Corrupt(where + ": non_cooperation.deadline: " + time.error().message);
          record.non_cooperation_dates.push_back(internal::DayOf(*time));
        }
        return core::Ok();
      });
  if (!cases) return cases.error();
  core::Status recommendations = store.ForEachRecord(
      std::string(kRecommendationKind), [&](const store::RecordRow& row) -> core::Status {
        if (row.exercise) return core::Ok();
        auto decoded = internal::DecodeRecommendationRecord(row.full_json);
        if (!decoded) return decoded.error().Context("recommendation " + row.id);
        if (decoded->rung_id.empty()) return core::Ok();  // not a violation
        ViolationFindingRecord finding;
        finding.date = decoded->finding_date;
        finding.rung_id = decoded->rung_id;
        finding.remediation = decoded->remediation;
        // A remediation assessed after as_of did not exist on that day; a
        // complete one AssessStanding itself counts as partial then.
        if (decoded->remediation == Remediation::kPartial && decoded->remediation_date &&
            *decoded->remediation_date > as_of)
          finding.remediation = Remediation::kNone;
        finding.remediation_complete_date = decoded->remediation_date;
        out[decoded->accused_state].violation_findings.push_back(std::move(finding));
        return core::Ok();
      });
  if (!recommendations) return recommendations.error();
  return out;
}

core::Result<JsonValue> StandingItem(const Ladder& ladder, const store::PartyRow& party,
                                     const ConductRecord& record, const model::Date& as_of) {
  auto assessed = AssessStanding(ladder, record, as_of);
  if (!assessed) return assessed.error().Context("standing of party " + party.id);
  std::int64_t findings = 0;
  std::int64_t unremediated = 0;
  for (const ViolationFindingRecord& finding : record.violation_findings)
    if (finding.date <= as_of) {
      ++findings;
      if (finding.remediation != Remediation::kComplete) ++unremediated;
    }
  std::int64_t non_cooperation = 0;
  for (const model::Date& day : record.non_cooperation_dates)
    if (day <= as_of) ++non_cooperation;
  core::JsonArray reasons;
  for (const std::string& reason : assessed->reasons) reasons.push_back(Str(reason));
  return Obj(
      {{"party", Str(party.id)},
       {"state", Str(party.state)},
       {"name", Str(party.name)},
       {"status", Str(party.status)},
       {"standing", Str(StandingName(assessed->standing))},
       {"benefits",
        Obj({{"threat_intelligence_tier", Str(assessed->benefits.threat_intelligence_tier)},
             {"technical_assistance", internal::Bool(assessed->benefits.technical_assistance)}})},
       {"reasons", JsonValue::Array(std::move(reasons))},
       {"open_cases", internal::Int(record.open_cases)},
       {"violation_findings", internal::Int(findings)},
       {"unremediated_findings", internal::Int(unremediated)},
       {"non_cooperation_records", internal::Int(non_cooperation)}});
}

// as_of from the query (only parameter), or today by `clock`. The error is
// the Reply to answer with: 400 for an unknown or repeated parameter, 422
// naming "as_of" for a value that is not a calendar date.
std::variant<model::Date, Reply> StandingDay(const QueryParams& params, const core::Clock& clock) {
  auto read = internal::ReadParams(params, {"as_of"});
  if (!read) return internal::Failed(read.error());
  auto it = read->find("as_of");
  if (it == read->end()) return internal::DayOf(clock.Now());
  auto day = internal::ParseDay(it->second);
  if (!day) {
    Reply reply = internal::Invalid("/as_of", "must be a calendar date YYYY-MM-DD");
    reply.error = core::InvalidArgument(
        "query parameter \"as_of\": must be a calendar date YYYY-MM-DD, got " +
        core::QuoteForMessage(it->second));
    return reply;
  }
  return *day;
}

}  // namespace

Reply Registry::ListStanding(const QueryParams& params) const {
  auto day = StandingDay(params, *options_.clock);
  if (auto* refused = std::get_if<Reply>(&day)) return std::move(*refused);
  const model::Date as_of = std::get<model::Date>(day);
  auto parties = store_.ListParties();
  if (!parties) return internal::Failed(parties.error());
  auto records = ConductRecords(store_, as_of);
  if (!records) return internal::Failed(records.error());
  std::vector<const store::PartyRow*> states;
  for (const store::PartyRow& party : *parties)
    if (party.kind == "state" && party.status == "active") states.push_back(&party);
  std::sort(states.begin(), states.end(), [](const store::PartyRow* a, const store::PartyRow* b) {
    return std::tie(a->state, a->id) < std::tie(b->state, b->id);
  });
  static const ConductRecord kClean;
  core::JsonArray items;
  for (const store::PartyRow* party : states) {
    auto found = records->find(party->state);
    auto item = StandingItem(*options_.ladder, *party,
                             found == records->end() ? kClean : found->second, as_of);
    if (!item) return internal::Failed(item.error());
    items.push_back(std::move(*item));
  }
  return internal::Answer(Obj({{"as_of", Str(FormatDate(as_of))},
                               {"ladder_version", Str(options_.ladder->version)},
                               {"items", JsonValue::Array(std::move(items))}}));
}

Reply Registry::PartyStanding(const std::string& party_id, const QueryParams& params) const {
  auto day = StandingDay(params, *options_.clock);
  if (auto* refused = std::get_if<Reply>(&day)) return std::move(*refused);
  const model::Date as_of = std::get<model::Date>(day);
  auto party = store_.GetParty(party_id);
  if (!party) {
    if (party.error().code == core::ErrorCode::kNotFound)
      return internal::Failed(core::NotFound("party " + party_id + " is not registered"));
    return internal::Failed(party.error());
  }
  if (party->kind != "state")
    return internal::Failed(core::NotFound("party " + party_id + " is a " + party->kind +
                                           ", not a state: standing applies to state parties"));
  auto records = ConductRecords(store_, as_of);
  if (!records) return internal::Failed(records.error());
  auto found = records->find(party->state);
  auto item = StandingItem(*options_.ladder, *party,
                           found == records->end() ? ConductRecord{} : found->second, as_of);
  if (!item) return internal::Failed(item.error());
  core::JsonObject members{{"as_of", Str(FormatDate(as_of))},
                           {"ladder_version", Str(options_.ladder->version)}};
  for (const core::JsonMember& member : item->AsObject()) members.push_back(member);
  return internal::Answer(Obj(std::move(members)));
}

}  // namespace accord::registry
