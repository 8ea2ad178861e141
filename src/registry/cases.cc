// Registry: the grievance mechanism's cases (issue 8, docs/grievance.md
// "What is wired"): filing, reads, evidence and its chain of custody, stage
// transitions, findings, stage deadlines and the attrition statistics. The
// panel (appointments, conflicts, the draw) is case_panels.cc.
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

// Evidence content per item, decoded (the node refuses more: a case is not
// a file store, and larger exhibits are submitted by commitment only).
constexpr std::size_t kMaxEvidenceContentBytes = std::size_t{8} << 20;

struct NewEvidence {
  model::Evidence evidence;
  std::string content_base64;
};

// FieldErrors of a model decoder, re-rooted at `prefix` and with the
// server-built custody note's pointer mapped back to the request's member.
void AddDecodeErrors(const std::vector<model::FieldError>& from, const std::string& prefix,
                     std::vector<model::FieldError>& errors) {
  for (const auto& error : from) {
    std::string pointer = error.pointer;
    if (auto at = pointer.find("/custody/0/note"); at != std::string::npos)
      pointer = pointer.substr(0, at) + "/custody_note";
    errors.push_back({prefix + pointer, error.message});
  }
}

// One evidence item of a request: {media_type, description, content_base64,
// sha256?, size_bytes?, custody_note?}. The node computes sha256 and size
// and refuses values the client sent that do not match the content.
std::optional<NewEvidence> ReadEvidenceItem(const JsonValue& item, const std::string& pointer,
                                            const std::string& party_id, core::Timestamp at,
                                            std::vector<model::FieldError>& errors) {
  if (item.type() != JsonType::kObject) {
    errors.push_back({pointer, "must be a JSON object"});
    return std::nullopt;
  }
  std::size_t before = errors.size();
  internal::RejectUnknown(item, pointer,
                          {"media_type", "description", "content_base64", "sha256", "size_bytes",
                           "custody_note"},
                          errors);
  const JsonValue* content = item.Find("content_base64");
  std::vector<std::uint8_t> bytes;
  if (content == nullptr) {
    errors.push_back({pointer + "/content_base64", "is required"});
  } else if (content->type() != JsonType::kString) {
    errors.push_back({pointer + "/content_base64", "must be a string"});
  } else if (content->AsString().size() > (kMaxEvidenceContentBytes / 3 + 1) * 4) {
    errors.push_back({pointer + "/content_base64",
                      "must decode to at most " + std::to_string(kMaxEvidenceContentBytes) + " bytes"});
  } else if (auto decoded = core::Base64Decode(content->AsString()); !decoded) {
    errors.push_back({pointer + "/content_base64", "is not base64: " + decoded.error().message});
  } else if (decoded->size() > kMaxEvidenceContentBytes) {
    errors.push_back({pointer + "/content_base64",
                      "must decode to at most " + std::to_string(kMaxEvidenceContentBytes) + " bytes"});
  } else {
    bytes = std::move(*decoded);
  }
  if (errors.size() != before) return std::nullopt;
  const std::string sha256 = core::HexEncode(std::span<const std::uint8_t>(core::Sha256(bytes)));
  const auto size = static_cast<std::int64_t>(bytes.size());
  if (const JsonValue* sent = item.Find("sha256"); sent != nullptr) {
    if (sent->type() != JsonType::kString || sent->AsString() != sha256)
      errors.push_back({pointer + "/sha256", "does not match the content (its sha256 is " + sha256 + ")"});
  }
  if (const JsonValue* sent = item.Find("size_bytes"); sent != nullptr) {
    if (sent->type() != JsonType::kNumber || sent->AsNumber() != static_cast<double>(size))
      errors.push_back(
          {pointer + "/size_bytes", "does not match the content (" + std::to_string(size) + " bytes)"});
  }
  auto id = internal::NewId(model::kEvidenceType);
  if (!id) {
    errors.push_back({pointer, id.error().message});
    return std::nullopt;
  }
  core::JsonObject custody{{"at", Str(core::FormatRfc3339(at))},
                           {"by", Str(party_id)},
                           {"action", Str("submitted")}};
  if (const JsonValue* note = item.Find("custody_note")) custody.push_back({"note", *note});
  core::JsonObject members{{"id", Str(id->ToString())},
                           {"sha256", Str(sha256)},
                           {"size_bytes", Int(size)},
                           {"custody", JsonValue::Array({Obj(std::move(custody))})}};
  for (const char* name : {"media_type", "description"})
    if (const JsonValue* value = item.Find(name)) members.push_back({name, *value});
  auto decoded = model::DecodeEvidence(core::SerializeCanonical(Obj(std::move(members))));
  if (!decoded) {
    AddDecodeErrors(decoded.errors, pointer, errors);
    return std::nullopt;
  }
  if (errors.size() != before) return std::nullopt;
  return NewEvidence{std::move(*decoded.value), content->AsString()};
}

std::vector<NewEvidence> ReadEvidenceItems(const JsonValue& body, const std::string& party_id,
                                           core::Timestamp at, bool required,
                                           std::vector<model::FieldError>& errors) {
  std::vector<NewEvidence> items;
  const JsonValue* evidence = body.Find("evidence");
  if (evidence == nullptr) {
    if (required) errors.push_back({"/evidence", "is required"});
    return items;
  }
  if (evidence->type() != JsonType::kArray) {
    errors.push_back({"/evidence", "must be an array"});
    return items;
  }
  if (required && evidence->AsArray().empty()) errors.push_back({"/evidence", "must not be empty"});
  if (evidence->AsArray().size() > model::kMaxAllegationEvidence) {
    errors.push_back({"/evidence", "must have at most " + std::to_string(model::kMaxAllegationEvidence) +
                                       " items"});
    return items;
  }
  for (std::size_t i = 0; i < evidence->AsArray().size(); ++i) {
    auto item = ReadEvidenceItem(evidence->AsArray()[i], "/evidence/" + std::to_string(i), party_id, at,
                                 errors);
    if (item) items.push_back(std::move(*item));
  }
  return items;
}

RecordWrite EvidenceWrite(const CaseRecord& record, const model::Evidence& evidence,
                          const std::string& content_base64, std::uint64_t created_seq) {
  RecordWrite write;
  write.kind = std::string(internal::kEvidenceKind);
  write.id = evidence.id.ToString();
  write.status = "held";
  write.parties = record.parties;
  write.exercise = record.exercise;
  write.created_seq = created_seq;
  write.full = Obj({{"case", Str(record.state.id.ToString())},
                    {"evidence", model::EvidenceToJson(evidence)},
                    {"content_base64", Str(content_base64)}});
  write.public_form = internal::EvidencePublicJson(record.state.id.ToString(), evidence);
  return write;
}

RecordWrite AllegationWrite(const CaseRecord& record) {
  RecordWrite write;
  write.kind = std::string(internal::kAllegationKind);
  write.id = record.allegation.id.ToString();
  write.status = "filed";
  write.parties = record.parties;
  write.exercise = record.exercise;
  write.created_seq = record.created_seq;
  write.full = model::AllegationToJson(record.allegation);
  write.public_form = JsonValue();
  return write;
}

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

bool IsFinal(model::CaseStage stage) {
  return stage == model::CaseStage::kClosed || stage == model::CaseStage::kInadmissible;
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

std::optional<model::CaseStage> StageParam(const std::string& text) {
  return model::EnumFromName<model::CaseStage>(text);
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

// ------------------------------------------------------------------ filing

void Registry::FileCase(const Caller& caller, const JsonValue& body, ReplyFn reply) {
  if (auto denied = internal::RequireRole(
          caller, {privacy::Role::kState, privacy::Role::kOperator, privacy::Role::kWatchdog}, "file cases"))
    return reply(internal::Failed(*denied));
  if (body.type() != JsonType::kObject) return reply(internal::Invalid("", "must be a JSON object"));
  std::vector<model::FieldError> errors;
  for (const auto& member : body.AsObject()) {
    const std::string& name = member.name;
    if (name == "id" || name == "schema" || name == "filer" || name == "filed_at")
      errors.push_back({"/" + name, "is set by the server"});
    else if (name != "accused_state" && name != "reports" && name != "statement" && name != "evidence" &&
             name != "exercise")
      errors.push_back({"/" + name, "unknown member"});
  }
  bool exercise = false;
  if (const JsonValue* flag = body.Find("exercise")) {
    if (flag->type() != JsonType::kBool) errors.push_back({"/exercise", "must be true or false"});
    else exercise = flag->AsBool();
  }
  const core::Timestamp now = options_.clock->Now();
  std::vector<NewEvidence> evidence = ReadEvidenceItems(body, caller.reader.party_id, now, false, errors);
  auto allegation_id = internal::NewId(model::kAllegationType);
  auto case_id = internal::NewId(model::kCaseType);
  if (!allegation_id) return reply(internal::Failed(allegation_id.error()));
  if (!case_id) return reply(internal::Failed(case_id.error()));
  core::JsonObject filer{{"party_id", Str(caller.reader.party_id)}};
  if (caller.reader.role == privacy::Role::kState) {
    filer.push_back({"kind", Str("state")});
    filer.push_back({"state", Str(caller.party_state)});
  } else {
    filer.push_back({"kind", Str("private-entity")});
  }
  core::JsonArray evidence_json;
  for (const auto& item : evidence) evidence_json.push_back(model::EvidenceToJson(item.evidence));
  core::JsonObject members{{"schema", Str(model::kAllegationSchema)},
                           {"id", Str(allegation_id->ToString())},
                           {"filer", Obj(std::move(filer))},
                           {"filed_at", Str(core::FormatRfc3339(now))}};
  for (const char* name : {"accused_state", "reports", "statement"})
    if (const JsonValue* value = body.Find(name)) members.push_back({name, *value});
  if (!evidence_json.empty()) members.push_back({"evidence", JsonValue::Array(std::move(evidence_json))});
  // Decoded even when an evidence item was refused, so that every other
  // field's error is named too (the refused items are not in `members`:
  // their errors are already listed).
  const bool evidence_refused = !errors.empty();
  auto decoded = model::DecodeAllegation(core::SerializeCanonical(Obj(std::move(members))));
  if (!decoded) {
    if (decoded.code == core::ErrorCode::kResourceExhausted)
      return reply(internal::Failed(model::CaseDecodeError("allegation", decoded.errors, decoded.code)));
    std::vector<model::FieldError> found;
    for (const auto& error : decoded.errors)
      if (!evidence_refused || !error.pointer.starts_with("/evidence")) found.push_back(error);
    AddDecodeErrors(found, "", errors);
  }
  if (!errors.empty()) return reply(internal::Invalid(std::move(errors)));
  model::Allegation allegation = std::move(*decoded.value);
  // The reports an allegation cites must be on the registry: the panel and
  // the recommendation read their severity.
  for (std::size_t i = 0; i < allegation.reports.size(); ++i) {
    auto report = store_.GetReport(allegation.reports[i].ToString());
    if (!report && report.error().code == core::ErrorCode::kNotFound)
      errors.push_back({"/reports/" + std::to_string(i), "no report with this id is registered"});
    else if (!report)
      return reply(internal::Failed(report.error()));
  }
  if (!errors.empty()) return reply(internal::Invalid(std::move(errors)));

  CaseRecord record;
  record.state = model::OpenCase(*case_id, allegation, options_.case_deadlines);
  record.allegation = allegation;
  record.exercise = exercise;
  auto contents = std::make_shared<std::vector<NewEvidence>>(std::move(evidence));
  Actor actor{caller.reader.party_id, caller.token_id};
  sequencer_->Submit(
      [record, contents, actor](BatchView& view) mutable -> core::Result<std::vector<Event>> {
        record.parties = {record.allegation.filer.party_id};
        auto parties = view.Parties();
        if (!parties) return parties.error();
        for (const auto& party : *parties)
          if (party.kind == "state" && party.status == "active" &&
              party.state == record.state.parties.accused_state && party.id != record.parties.front())
            record.parties.push_back(party.id);
        std::vector<RecordWrite> writes{internal::CaseWrite(record), AllegationWrite(record)};
        for (const auto& item : *contents)
          writes.push_back(EvidenceWrite(record, item.evidence, item.content_base64, 0));
        Event event;
        event.type = std::string(event_type::kCaseFiled);
        event.subject = record.state.id.ToString();
        event.actor = actor;
        event.public_body = internal::CasePublicRecordJson(record);
        event.full_body = RecordWritesBody(writes);
        return std::vector<Event>{std::move(event)};
      },
      [reply, record, contents](core::Result<Committed> committed) {
        if (!committed) return reply(internal::Failed(committed.error()));
        core::JsonArray ids;
        for (const auto& item : *contents) ids.push_back(Str(item.evidence.id.ToString()));
        const std::string id = record.state.id.ToString();
        core::JsonObject members{{"id", Str(id)},
                                 {"allegation_id", Str(record.allegation.id.ToString())},
                                 {"stage", Str(model::Name(record.state.stage))},
                                 {"evidence", JsonValue::Array(std::move(ids))}};
        internal::AppendReceipt(*committed, members);
        reply(internal::Created(Obj(std::move(members)), "/v1/cases/" + id));
      });
}

// ------------------------------------------------------------------ reads

Reply Registry::ListCases(const Caller&, const QueryParams& params) const {
  auto read = internal::ReadParams(params, {"stage", "exercise", "limit", "before"});
  if (!read) return internal::Failed(read.error());
  store::RecordFilter filter{.kind = std::string(internal::kCaseKind)};
  filter.limit = 100;
  if (auto it = read->find("stage"); it != read->end()) {
    if (!StageParam(it->second))
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

// ------------------------------------------------------------------ evidence

void Registry::AddEvidence(const Caller& caller, const std::string& id, const JsonValue& body, ReplyFn reply) {
  if (caller.anonymous())
    return reply(internal::Failed(core::Unauthenticated(
        "add evidence needs a bearer token (Authorization: Bearer <token>)")));
  if (body.type() != JsonType::kObject) return reply(internal::Invalid("", "must be a JSON object"));
  std::vector<model::FieldError> errors;
  internal::RejectUnknown(body, "", {"evidence"}, errors);
  std::vector<NewEvidence> items =
      ReadEvidenceItems(body, caller.reader.party_id, options_.clock->Now(), true, errors);
  if (!errors.empty()) return reply(internal::Invalid(std::move(errors)));
  auto contents = std::make_shared<std::vector<NewEvidence>>(std::move(items));
  Actor actor{caller.reader.party_id, caller.token_id};
  sequencer_->Submit(
      [caller, id, contents, actor](BatchView& view) -> core::Result<std::vector<Event>> {
        auto record = internal::LoadCase(view, id);
        if (!record) return record.error();
        if (caller.reader.role != privacy::Role::kSecretariat && !internal::IsFiler(caller, *record) &&
            !internal::IsAccused(caller, *record))
          return core::PermissionDenied("only the filer, the accused state or the secretariat may add "
                                        "evidence to case " + id);
        if (IsFinal(record->state.stage))
          return core::Conflict("case " + id + " is " + std::string(model::Name(record->state.stage)) +
                                "; evidence is added to open cases only");
        if (record->allegation.evidence.size() + contents->size() > model::kMaxAllegationEvidence)
          return core::ResourceExhausted("case " + id + " would hold more than " +
                                         std::to_string(model::kMaxAllegationEvidence) + " evidence items");
        CaseRecord after = *record;
        std::vector<RecordWrite> writes;
        core::JsonArray commitments;
        for (auto& item : *contents) {
          // The custody chain cannot go back in time: the item's first
          // entry is the batch's time at the earliest.
          item.evidence.custody.front().at = std::max(item.evidence.custody.front().at, view.now());
          after.allegation.evidence.push_back(item.evidence);
          writes.push_back(EvidenceWrite(after, item.evidence, item.content_base64, 0));
          commitments.push_back(internal::EvidencePublicJson(id, item.evidence));
        }
        writes.insert(writes.begin(), {internal::CaseWrite(after), AllegationWrite(after)});
        Event event;
        event.type = std::string(event_type::kCaseEvidenceAdded);
        event.subject = id;
        event.actor = actor;
        event.public_body = Obj({{"case", Str(id)}, {"evidence", JsonValue::Array(std::move(commitments))}});
        event.full_body = RecordWritesBody(writes);
        return std::vector<Event>{std::move(event)};
      },
      [reply, id, contents](core::Result<Committed> committed) {
        if (!committed) return reply(internal::Failed(committed.error()));
        core::JsonArray ids;
        for (const auto& item : *contents) ids.push_back(Str(item.evidence.id.ToString()));
        core::JsonObject members{{"case", Str(id)}, {"evidence", JsonValue::Array(std::move(ids))}};
        internal::AppendReceipt(*committed, members);
        reply(internal::Created(Obj(std::move(members)), "/v1/cases/" + id));
      });
}

void Registry::GetEvidence(const Caller& caller, const std::string& id, const std::string& evidence_id,
                           ReplyFn reply) {
  if (caller.anonymous())
    return reply(internal::Failed(core::Unauthenticated(
        "reading evidence needs a bearer token (Authorization: Bearer <token>)")));
  auto answer = std::make_shared<JsonValue>();
  Actor actor{caller.reader.party_id, caller.token_id};
  sequencer_->Submit(
      [caller, id, evidence_id, answer, actor](BatchView& view) -> core::Result<std::vector<Event>> {
        auto record = internal::LoadCase(view, id);
        if (!record) return record.error();
        if (caller.reader.role != privacy::Role::kSecretariat && !internal::IsFiler(caller, *record) &&
            !internal::OnPanel(caller, *record, false))
          return core::PermissionDenied("only the secretariat, the filer and arbitrators on the panel of case " +
                                        id + " may read its evidence");
        auto row = view.Record(std::string(internal::kEvidenceKind), evidence_id);
        if (!row) return row.error();
        std::string where = "evidence " + evidence_id;
        if (!*row) return core::NotFound("case " + id + " has no evidence " + evidence_id);
        auto full = internal::ParseStored((*row)->full_json, where);
        if (!full) return full.error();
        if (internal::GetStringOr(*full, "case") != id)
          return core::NotFound("case " + id + " has no evidence " + evidence_id);
        auto evidence_json = internal::Member(*full, "evidence", where);
        if (!evidence_json) return evidence_json.error();
        auto evidence = model::DecodeEvidence(core::SerializeCanonical(**evidence_json));
        if (!evidence) return core::Corrupt(where + ": does not decode");
        auto content = internal::GetString(*full, "content_base64", where);
        if (!content) return content.error();
        model::Evidence updated = *evidence.value;
        if (updated.custody.size() >= model::kMaxCustodyEntries)
          return core::ResourceExhausted(where + ": the chain of custody is full (" +
                                         std::to_string(model::kMaxCustodyEntries) + " entries)");
        model::CustodyEntry entry;
        entry.at = std::max(view.now(), updated.custody.back().at);
        entry.by = caller.reader.party_id;
        entry.action = model::CustodyAction::kExamined;
        updated.custody.push_back(entry);
        *answer = Obj({{"case", Str(id)},
                       {"evidence", model::EvidenceToJson(updated)},
                       {"content_base64", Str(*content)}});
        Event event;
        event.type = std::string(event_type::kCaseEvidenceAccessed);
        event.subject = evidence_id;
        event.actor = actor;
        // Who read, as a role and a party id, and when: no note, no content.
        event.public_body = Obj({{"case", Str(id)},
                                 {"evidence", Str(evidence_id)},
                                 {"action", Str("examined")},
                                 {"role", Str(privacy::RoleName(caller.reader.role))},
                                 {"at", Str(core::FormatRfc3339(entry.at))}});
        event.full_body =
            RecordWritesBody({EvidenceWrite(*record, updated, *content, (*row)->created_seq)});
        return std::vector<Event>{std::move(event)};
      },
      [reply, answer](core::Result<Committed> committed) {
        if (!committed) return reply(internal::Failed(committed.error()));
        reply(internal::Answer(std::move(*answer)));
      });
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
    to = StageParam(to_text);
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
    AddDecodeErrors(decoded.errors, "", errors);
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
