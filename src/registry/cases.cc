// Registry: the grievance mechanism's stage transitions, findings and
// stage deadlines (issue 8, docs/grievance.md "What is wired"). Filing and
// evidence are case_filing.cc, reads case_views.cc, the panel (appointments,
// conflicts, the draw) case_panels.cc.
//
// Every command reads the case record through the BatchView, applies the
// pure state machine of model/case_stage.h and returns events whose full
// body lists the records it changes (registry/record_writes.h); the public
// bodies carry no statement, no evidence description or content and no
// custody note: those stay in the store (docs/grievance.md, confidentiality).
#include <algorithm>
#include <charconv>
#include <memory>
#include <set>

#include "core/canonical_json.h"
#include "core/crypto.h"
#include "core/encoding.h"
#include "core/id.h"
#include "norms/catalogue.h"
#include "registry/internal/body_reading.h"
#include "registry/internal/case_records.h"
#include "registry/internal/deadline_sources.h"
#include "registry/internal/list_params.h"
#include "registry/internal/replies.h"
#include "registry/internal/responses.h"
#include "registry/record_writes.h"
#include "registry/registry.h"

namespace accord::registry {
namespace {

using core::JsonType;
using core::JsonValue;
using internal::CaseRecord;
using internal::Int;
using internal::Obj;
using internal::Str;
using internal::StrArray;

// The seed of a panel must be a tree size the log has not reached when it
// is fixed: the root at it includes entries that come later.
core::Status FixSeeds(CaseRecord& record, model::CaseStage from, const BatchView& view,
                      std::optional<std::uint64_t> requested) {
  const std::uint64_t size_after = view.next_seq() + 1;  // the log's size after this event
  const model::CaseStage to = record.state.stage;
  if (requested && to != model::CaseStage::kInvestigation && to != model::CaseStage::kAppealLodged)
    return core::InvalidArgument("seed_tree_size: fixed only when a case enters investigation or "
                                 "appeal-lodged");
  if (requested && *requested <= size_after)
    return core::InvalidArgument("seed_tree_size: must be greater than " + std::to_string(size_after) +
                                 " (the log's size after this step)");
  const std::uint64_t seed = requested.value_or(size_after + 1);
  if (to == model::CaseStage::kInvestigation && from != to && !record.panels.seed_tree_size)
    record.panels.seed_tree_size = seed;
  if (to == model::CaseStage::kAppealLodged && !record.panels.appeal_seed_tree_size)
    record.panels.appeal_seed_tree_size = seed;
  return core::Ok();
}

// On entering remedy-and-response: the response.recommended event of the
// case's last finding (the appeal's when there was one), if the finding is
// a violation (registry/internal/responses.h).
core::Status AppendRecommendation(const Ladder* ladder, const BatchView& view, const store::Store& store,
                                  const CaseRecord& record, const Actor& actor, std::vector<Event>& events) {
  if (record.state.stage != model::CaseStage::kRemedyAndResponse || record.finding_ids.empty() ||
      ladder == nullptr)
    return core::Ok();
  const std::string& finding_id = record.finding_ids.back();
  auto row = view.Record(std::string(internal::kFindingKind), finding_id);
  if (!row) return row.error();
  if (!*row) return core::Corrupt("case " + record.state.id.ToString() + ": finding " + finding_id + " is missing");
  auto full = internal::ParseStored((*row)->full_json, "finding " + finding_id);
  if (!full) return full.error();
  auto finding_json = internal::Member(*full, "finding", "finding " + finding_id);
  if (!finding_json) return finding_json.error();
  auto finding = model::DecodeFinding(core::SerializeCanonical(**finding_json));
  if (!finding) return core::Corrupt("finding " + finding_id + ": does not decode");
  std::string intent = internal::GetStringOr(*full, "intent", "unknown");
  std::vector<std::string> red_lines = internal::GetStrings(*full, "red_lines");
  auto event = RecommendationEvent(*ladder, view, store, record.state, *finding.value, intent, red_lines,
                                   record.allegation.reports, actor);
  if (!event) return event.error().Context("recommend a response for " + record.state.id.ToString());
  if (*event) events.push_back(std::move(**event));
  return core::Ok();
}

JsonValue TransitionPublicBody(const CaseRecord& record, model::CaseStage from) {
  const model::StageEntry& entry = record.state.history.back();
  core::JsonObject members{{"case", Str(record.state.id.ToString())},
                           {"from", Str(model::Name(from))},
                           {"to", Str(model::Name(entry.stage))},
                           {"by", Str(model::Name(entry.by))},
                           {"at", Str(core::FormatRfc3339(entry.at))}};
  if (!entry.reason.empty()) members.push_back({"reason", Str(entry.reason)});
  if (entry.deadline) members.push_back({"deadline", Str(core::FormatRfc3339(*entry.deadline))});
  if (entry.stage == model::CaseStage::kInvestigation && record.panels.seed_tree_size)
    members.push_back({"seed_tree_size", Int(static_cast<std::int64_t>(*record.panels.seed_tree_size))});
  if (entry.stage == model::CaseStage::kAppealLodged && record.panels.appeal_seed_tree_size)
    members.push_back(
        {"seed_tree_size", Int(static_cast<std::int64_t>(*record.panels.appeal_seed_tree_size))});
  return Obj(std::move(members));
}

// What moves the scheduler after a step: the old stage's deadline goes, the
// new one's comes.
struct DeadlineChange {
  std::optional<std::string> cancel;
  std::optional<Deadline> add;
};

DeadlineChange ChangeOf(const model::CaseState& before, const model::CaseState& after) {
  DeadlineChange change;
  auto old_id = internal::CaseDeadlineId(before);
  auto new_id = internal::CaseDeadlineId(after);
  if (old_id && old_id != new_id) change.cancel = old_id;
  if (new_id && new_id != old_id) change.add = Deadline{*new_id, *after.deadline()};
  return change;
}

}  // namespace

// ------------------------------------------------------------------ deadlines

namespace internal {

core::Status CollectCaseDeadlines(const store::Store& store, std::vector<Deadline>& pending,
                                  std::set<std::string>& fired) {
  return store.ForEachRecord(std::string(kCaseKind), [&](const store::RecordRow& row) -> core::Status {
    auto full = ParseStored(row.full_json, "case " + row.id);
    if (!full) return full.error();
    auto state_json = Member(*full, "state", "case " + row.id);
    if (!state_json) return state_json.error();
    auto state = CaseStateFromJson(**state_json);
    if (!state) return state.error();
    // Deadlines that passed and were recorded (the next step was the
    // deadline's): never again.
    for (std::size_t i = 0; i + 1 < state->history.size(); ++i)
      if (state->history[i].deadline && state->history[i + 1].by == model::CaseActor::kDeadline)
        fired.insert("case/" + row.id + "/" + std::string(model::Name(state->history[i].stage)) + "/" +
                     std::to_string(i));
    if (auto id = CaseDeadlineId(*state)) pending.push_back({*id, *state->deadline()});
    return core::Ok();
  });
}

}  // namespace internal

core::Status Registry::FireCaseDeadline(const DeadlineFired& fired) {
  auto case_id = internal::CaseOfDeadlineId(fired.id);
  if (!case_id) return core::Internal("deadline " + fired.id + ": not a case deadline id");
  auto change = std::make_shared<DeadlineChange>();
  const Ladder* ladder = options_.ladder;
  const store::Store& store = store_;
  auto committed = sequencer_->SubmitAndWait(
      [id = *case_id, fired, change, ladder, &store](BatchView& view) -> core::Result<std::vector<Event>> {
        auto record = internal::LoadCase(view, id);
        if (!record) {
          if (record.error().code == core::ErrorCode::kNotFound) return std::vector<Event>{};
          return record.error();
        }
        // Moot: the case moved on before its deadline (a party acted).
        if (internal::CaseDeadlineId(record->state) != fired.id) return std::vector<Event>{};
        CaseRecord after = *record;
        auto expired = model::ExpireDeadline(record->state, view.now());
        if (!expired) return expired.error();
        after.state = std::move(*expired);
        if (auto fixed = FixSeeds(after, record->state.stage, view, std::nullopt); !fixed) return fixed.error();
        core::JsonArray missed;
        for (std::size_t i = record->state.non_cooperation.size(); i < after.state.non_cooperation.size(); ++i) {
          const auto& entry = after.state.non_cooperation[i];
          missed.push_back(Obj({{"side", Str(model::Name(entry.side))},
                                {"stage", Str(model::Name(entry.stage))},
                                {"deadline", Str(core::FormatRfc3339(entry.deadline))}}));
        }
        JsonValue body = TransitionPublicBody(after, record->state.stage);
        core::JsonObject members = body.AsObject();
        members.push_back({"expired", Str(model::Name(record->state.stage))});
        members.push_back({"non_cooperation", JsonValue::Array(std::move(missed))});
        Event event;
        event.type = std::string(event_type::kCaseDeadlineExpired);
        event.subject = id;
        event.actor = Actor{};
        event.public_body = Obj(std::move(members));
        event.full_body = RecordWritesBody({internal::CaseWrite(after)});
        std::vector<Event> events{std::move(event)};
        if (auto recommended = AppendRecommendation(ladder, view, store, after, Actor{}, events); !recommended)
          return recommended.error();
        *change = ChangeOf(record->state, after.state);
        return events;
      });
  if (!committed) return committed.error().Context("expire deadline " + fired.id);
  if (change->add) (void)deadlines_->Add(*change->add);
  return core::Ok();
}

// ------------------------------------------------------------------ transitions

void Registry::TransitionCase(const Caller& caller, const std::string& id, const JsonValue& body,
                              ReplyFn reply) {
  if (caller.anonymous())
    return reply(internal::Failed(core::Unauthenticated(
        "moving a case needs a bearer token (Authorization: Bearer <token>)")));
  if (body.type() != JsonType::kObject) return reply(internal::Invalid("", "must be a JSON object"));
  std::vector<model::FieldError> errors;
  internal::RejectUnknown(body, "", {"to", "reason", "seed_tree_size"}, errors);
  std::string to_text;
  internal::ReadText(body, "to", "", 64, true, to_text, errors);
  std::optional<model::CaseStage> to;
  if (!to_text.empty()) {
    to = model::EnumFromName<model::CaseStage>(to_text);
    if (!to) errors.push_back({"/to", "unknown stage " + core::QuoteForMessage(to_text)});
  }
  std::string reason;
  internal::ReadText(body, "reason", "", model::kMaxTransitionReasonChars * 4, false, reason, errors);
  std::optional<std::uint64_t> seed;
  if (const JsonValue* value = body.Find("seed_tree_size")) {
    if (value->type() != JsonType::kNumber || value->AsNumber() < 1 ||
        value->AsNumber() != static_cast<double>(static_cast<std::int64_t>(value->AsNumber())) ||
        value->AsNumber() > 9007199254740992.0)
      errors.push_back({"/seed_tree_size", "must be a positive integer"});
    else
      seed = static_cast<std::uint64_t>(value->AsNumber());
    if (caller.reader.role != privacy::Role::kSecretariat)
      errors.push_back({"/seed_tree_size", "only the secretariat fixes the seed of a panel"});
  }
  if (!errors.empty()) return reply(internal::Invalid(std::move(errors)));
  auto change = std::make_shared<DeadlineChange>();
  auto stage = std::make_shared<model::CaseStage>();
  const Ladder* ladder = options_.ladder;
  const store::Store& store = store_;
  Actor actor{caller.reader.party_id, caller.token_id};
  sequencer_->Submit(
      [caller, id, to = *to, reason, seed, change, stage, ladder, &store,
       actor](BatchView& view) -> core::Result<std::vector<Event>> {
        auto record = internal::LoadCase(view, id);
        if (!record) return record.error();
        auto by = internal::ActorOf(caller, *record);
        if (!by)
          return core::PermissionDenied("only the secretariat, the filer, the accused state or the sitting "
                                        "panel may move case " + id);
        auto moved = model::ApplyTransition(record->state, model::CaseTransition{to, *by, reason}, view.now());
        if (!moved) return moved.error();
        if (to == model::CaseStage::kFinding || to == model::CaseStage::kAppealFinding)
          return core::Conflict("a case reaches " + std::string(model::Name(to)) +
                                " when its finding is issued: POST /v1/cases/" + id + "/finding");
        CaseRecord after = *record;
        after.state = std::move(*moved);
        if (auto fixed = FixSeeds(after, record->state.stage, view, seed); !fixed) return fixed.error();
        Event event;
        event.type = std::string(event_type::kCaseTransitioned);
        event.subject = id;
        event.actor = actor;
        event.public_body = TransitionPublicBody(after, record->state.stage);
        event.full_body = RecordWritesBody({internal::CaseWrite(after)});
        std::vector<Event> events{std::move(event)};
        if (auto recommended = AppendRecommendation(ladder, view, store, after, actor, events); !recommended)
          return recommended.error();
        *change = ChangeOf(record->state, after.state);
        *stage = after.state.stage;
        return events;
      },
      [this, reply, id, change, stage](core::Result<Committed> committed) {
        if (!committed) return reply(internal::Failed(committed.error()));
        if (change->cancel) deadlines_->Cancel(*change->cancel);
        if (change->add) (void)deadlines_->Add(*change->add);
        core::JsonObject members{{"id", Str(id)}, {"stage", Str(model::Name(*stage))}};
        if (change->add) members.push_back({"deadline", Str(core::FormatRfc3339(change->add->due))});
        core::JsonArray types;
        for (const auto& event : committed->events) types.push_back(Str(event.type));
        members.push_back({"events", JsonValue::Array(std::move(types))});
        internal::AppendReceipt(*committed, members);
        reply(internal::Answer(Obj(std::move(members))));
      });
}

// ------------------------------------------------------------------ findings

void Registry::IssueFinding(const Caller& caller, const std::string& id, const JsonValue& body, ReplyFn reply) {
  if (caller.anonymous())
    return reply(internal::Failed(core::Unauthenticated(
        "issuing a finding needs a bearer token (Authorization: Bearer <token>)")));
  if (caller.reader.role != privacy::Role::kSecretariat && caller.reader.role != privacy::Role::kArbitrator)
    return reply(internal::Failed(core::PermissionDenied(
        "only the chair of the sitting panel, or the secretariat on its behalf, may issue a finding")));
  if (body.type() != JsonType::kObject) return reply(internal::Invalid("", "must be a JSON object"));
  auto case_id = core::StixId::Parse(id);
  if (!case_id || case_id->type != model::kCaseType)
    return reply(internal::Failed(core::NotFound("case " + id + " is not registered")));
  std::vector<model::FieldError> errors;
  for (const auto& member : body.AsObject()) {
    const std::string& name = member.name;
    if (name == "id" || name == "schema" || name == "case_id" || name == "issued_at" || name == "appeal")
      errors.push_back({"/" + name, "is set by the server"});
    else if (name != "outcome" && name != "norms_violated" && name != "reasoning" && name != "intent" &&
             name != "red_lines")
      errors.push_back({"/" + name, "unknown member"});
  }
  std::string intent = "unknown";
  if (const JsonValue* value = body.Find("intent")) {
    if (value->type() != JsonType::kString ||
        (value->AsString() != "deliberate" && value->AsString() != "reckless" && value->AsString() != "unknown"))
      errors.push_back({"/intent", "must be deliberate, reckless or unknown"});
    else
      intent = value->AsString();
  }
  std::vector<std::string> red_lines;
  if (const JsonValue* value = body.Find("red_lines")) {
    if (value->type() != JsonType::kArray) {
      errors.push_back({"/red_lines", "must be an array"});
    } else {
      for (std::size_t i = 0; i < value->AsArray().size(); ++i) {
        const JsonValue& item = value->AsArray()[i];
        std::string pointer = "/red_lines/" + std::to_string(i);
        if (item.type() != JsonType::kString) errors.push_back({pointer, "must be a string"});
        else if (options_.catalogue->FindRedLine(item.AsString()) == nullptr)
          errors.push_back({pointer, "no red line " + core::QuoteForMessage(item.AsString()) +
                                         " in the norms catalogue"});
        else if (std::find(red_lines.begin(), red_lines.end(), item.AsString()) != red_lines.end())
          errors.push_back({pointer, "duplicate red line"});
        else red_lines.push_back(item.AsString());
      }
    }
  }
  auto finding_id = internal::NewId(model::kFindingType);
  if (!finding_id) return reply(internal::Failed(finding_id.error()));
  const core::Timestamp now = options_.clock->Now();
  core::JsonObject members{{"schema", Str(model::kFindingSchema)},
                           {"id", Str(finding_id->ToString())},
                           {"case_id", Str(id)},
                           {"issued_at", Str(core::FormatRfc3339(now))},
                           {"appeal", internal::Bool(false)}};
  for (const char* name : {"outcome", "norms_violated", "reasoning"})
    if (const JsonValue* value = body.Find(name)) members.push_back({name, *value});
  if (!errors.empty()) return reply(internal::Invalid(std::move(errors)));
  auto decoded = model::DecodeFinding(core::SerializeCanonical(Obj(std::move(members))));
  if (!decoded) {
    internal::AddDecodeErrors(decoded.errors, "", errors);
    return reply(internal::Invalid(std::move(errors)));
  }
  model::Finding finding = std::move(*decoded.value);
  for (std::size_t i = 0; i < finding.norms_violated.size(); ++i)
    if (options_.catalogue->FindNorm(finding.norms_violated[i]) == nullptr)
      errors.push_back({"/norms_violated/" + std::to_string(i),
                        "no norm " + core::QuoteForMessage(finding.norms_violated[i]) + " in the catalogue"});
  if (!errors.empty()) return reply(internal::Invalid(std::move(errors)));
  auto change = std::make_shared<DeadlineChange>();
  Actor actor{caller.reader.party_id, caller.token_id};
  sequencer_->Submit(
      [caller, id, finding, intent, red_lines, change, actor](BatchView& view) -> core::Result<std::vector<Event>> {
        auto record = internal::LoadCase(view, id);
        if (!record) return record.error();
        bool chair = false;
        if (internal::OnPanel(caller, *record, true)) {
          const auto& panel = record->panels.appeal ? record->panels.appeal : record->panels.first;
          for (const auto& seat : panel->seats)
            if (seat.role == SeatRole::kChair && seat.arbitrator_id == caller.reader.party_id) chair = true;
        }
        if (caller.reader.role != privacy::Role::kSecretariat && !chair)
          return core::PermissionDenied("only the chair of the sitting panel of case " + id +
                                        ", or the secretariat on its behalf, may issue its finding");
        const model::CaseStage from = record->state.stage;
        if (from != model::CaseStage::kHearing && from != model::CaseStage::kAppealHearing)
          return core::Conflict("case " + id + " is in stage " + std::string(model::Name(from)) +
                                "; a finding is issued in hearing or appeal-hearing");
        model::Finding issued = finding;
        issued.appeal = from == model::CaseStage::kAppealHearing;
        issued.issued_at = std::max(issued.issued_at, view.now());
        auto moved = model::ApplyTransition(
            record->state,
            model::CaseTransition{issued.appeal ? model::CaseStage::kAppealFinding : model::CaseStage::kFinding,
                                  model::CaseActor::kPanel, ""},
            issued.issued_at);
        if (!moved) return moved.error();
        CaseRecord after = *record;
        after.state = std::move(*moved);
        after.finding_ids.push_back(issued.id.ToString());
        RecordWrite finding_write;
        finding_write.kind = std::string(internal::kFindingKind);
        finding_write.id = issued.id.ToString();
        finding_write.status = std::string(model::Name(issued.outcome));
        finding_write.parties = after.parties;
        finding_write.exercise = after.exercise;
        finding_write.full = Obj({{"finding", model::FindingToJson(issued)},
                                  {"accused_state", Str(after.state.parties.accused_state)},
                                  {"intent", Str(intent)},
                                  {"red_lines", StrArray(red_lines)}});
        finding_write.public_form = model::FindingToJson(issued);
        core::JsonObject members{{"case", Str(id)},
                                 {"finding", model::FindingToJson(issued)},
                                 {"intent", Str(intent)},
                                 {"red_lines", StrArray(red_lines)},
                                 {"stage", Str(model::Name(after.state.stage))}};
        if (auto deadline = after.state.deadline())
          members.push_back({"deadline", Str(core::FormatRfc3339(*deadline))});
        Event event;
        event.type = std::string(event_type::kCaseFindingIssued);
        event.subject = id;
        event.actor = actor;
        event.public_body = Obj(std::move(members));
        event.full_body = RecordWritesBody({internal::CaseWrite(after), finding_write});
        *change = ChangeOf(record->state, after.state);
        return std::vector<Event>{std::move(event)};
      },
      [this, reply, id, finding, change](core::Result<Committed> committed) {
        if (!committed) return reply(internal::Failed(committed.error()));
        if (change->cancel) deadlines_->Cancel(*change->cancel);
        if (change->add) (void)deadlines_->Add(*change->add);
        core::JsonObject members{{"id", Str(finding.id.ToString())}, {"case", Str(id)}};
        if (change->add) members.push_back({"appeal_deadline", Str(core::FormatRfc3339(change->add->due))});
        internal::AppendReceipt(*committed, members);
        reply(internal::Created(Obj(std::move(members)), "/v1/cases/" + id));
      });
}

}  // namespace accord::registry
