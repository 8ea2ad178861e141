// Registry: filing a grievance case, and its evidence with the chain of
// custody (issue 8, docs/grievance.md "What is wired"). The content of an
// item stays in the store; the log holds its SHA-256, and every read of the
// content is a custody entry made durable before the content is shown.
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
#include "registry/internal/replies.h"
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
    internal::AddDecodeErrors(decoded.errors, pointer, errors);
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


bool IsFinal(model::CaseStage stage) {
  return stage == model::CaseStage::kClosed || stage == model::CaseStage::kInadmissible;
}

}  // namespace

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
    internal::AddDecodeErrors(found, "", errors);
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


}  // namespace accord::registry
