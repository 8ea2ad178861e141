// The response commands (issue 8, docs/response.md): the recommendation a
// case gets when it reaches remedy-and-response (RecommendationEvent, called
// by the cases commands inside their decide function) and the secretariat's
// record of remediation (Registry::RecordRemediation). Both write the
// "recommendation" record (registry/internal/responses.h); standing is
// computed from those records on read (standing_views.cc).
#include <algorithm>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/canonical_json.h"
#include "core/json_reader.h"
#include "registry/internal/body_reading.h"
#include "registry/internal/json_util.h"
#include "registry/internal/replies.h"
#include "registry/internal/responses.h"
#include "registry/record_writes.h"
#include "registry/registry.h"

namespace accord::registry {
namespace {

using core::JsonValue;
using internal::Obj;
using internal::Str;

core::JsonValue RemediationJson(Remediation remediation, const std::optional<model::Date>& date) {
  core::JsonObject members{{"status", Str(RemediationName(remediation))}};
  if (date) members.push_back({"date", Str(FormatDate(*date))});
  return Obj(std::move(members));
}

// Replaces (or adds) member `name` of an object value.
JsonValue WithMember(const JsonValue& object, std::string_view name, JsonValue value) {
  core::JsonObject members = object.AsObject();
  for (core::JsonMember& member : members)
    if (member.name == name) {
      member.value = std::move(value);
      return JsonValue::Object(std::move(members));
    }
  members.push_back({std::string(name), std::move(value)});
  return JsonValue::Object(std::move(members));
}

// The accused state's registered, active state party, if any: the record's
// parties when the case row is missing.
core::Result<std::vector<std::string>> StateParties(const BatchView& view,
                                                    const std::string& state) {
  auto parties = view.Parties();
  if (!parties) return parties.error();
  std::vector<std::string> out;
  for (const PartyRecord& party : *parties)
    if (party.kind == "state" && party.state == state && party.status == "active")
      out.push_back(party.id);
  return out;
}

}  // namespace

namespace internal {

std::optional<model::Date> ParseDay(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t count) -> std::optional<int> {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  auto year = digits(0, 4);
  auto month = digits(5, 2);
  auto day = digits(8, 2);
  if (!year || !month || !day) return std::nullopt;
  model::Date date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                   std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

model::Date DayOf(core::Timestamp time) {
  return model::Date{std::chrono::floor<std::chrono::days>(time)};
}

core::Result<RecommendationRecord> DecodeRecommendationRecord(std::string_view full_json) {
  constexpr std::string_view kWhere = "recommendation record";
  auto full = ParseStored(full_json, kWhere);
  if (!full) return full.error();
  if (full->type() != core::JsonType::kObject)
    return core::Corrupt("recommendation record: not an object");
  RecommendationRecord out;
  auto case_id = GetString(*full, "case", kWhere);
  if (!case_id) return case_id.error();
  out.case_id = *case_id;
  auto state = GetString(*full, "accused_state", kWhere);
  if (!state) return state.error();
  out.accused_state = *state;
  auto finding = GetString(*full, "finding", kWhere);
  if (!finding) return finding.error();
  out.finding_id = *finding;
  auto date_text = GetString(*full, "finding_date", kWhere);
  if (!date_text) return date_text.error();
  auto date = ParseDay(*date_text);
  if (!date) return core::Corrupt("recommendation record: finding_date: not YYYY-MM-DD");
  out.finding_date = *date;
  auto recommendation = Member(*full, "recommendation", kWhere);
  if (!recommendation) return recommendation.error();
  if ((*recommendation)->type() != core::JsonType::kObject)
    return core::Corrupt("recommendation record: recommendation: not an object");
  if (const JsonValue* rung = (*recommendation)->Find("rung");
      rung != nullptr && rung->type() == core::JsonType::kString)
    out.rung_id = rung->AsString();
  auto remediation = Member(*full, "remediation", kWhere);
  if (!remediation) return remediation.error();
  if ((*remediation)->type() != core::JsonType::kObject)
    return core::Corrupt("recommendation record: remediation: not an object");
  auto status = GetString(**remediation, "status", "recommendation record: remediation");
  if (!status) return status.error();
  auto value = RemediationFromName(*status);
  if (!value)
    return core::Corrupt("recommendation record: remediation.status: \"" + *status +
                         "\" is not none, partial or complete");
  out.remediation = *value;
  if (const JsonValue* day = (*remediation)->Find("date"); day != nullptr) {
    if (day->type() != core::JsonType::kString || !ParseDay(day->AsString()))
      return core::Corrupt("recommendation record: remediation.date: not YYYY-MM-DD");
    out.remediation_date = ParseDay(day->AsString());
  }
  out.full = std::move(*full);
  return out;
}

}  // namespace internal

core::Result<std::optional<Event>> RecommendationEvent(
    const Ladder& ladder, const BatchView& view, const store::Store& store,
    const model::CaseState& state, const model::Finding& finding, const std::string& intent,
    const std::vector<std::string>& red_lines, const std::vector<core::StixId>& report_ids,
    const Actor& actor) {
  if (finding.outcome != model::FindingOutcome::kViolation) return std::optional<Event>();
  const std::string case_id = state.id.ToString();
  const std::string& accused = state.parties.accused_state;

  ResponseInputs inputs;
  inputs.outcome = finding.outcome;
  inputs.finding_date = internal::DayOf(finding.issued_at);
  inputs.intent = intent;
  inputs.red_lines = red_lines;
  inputs.remediation = Remediation::kNone;
  for (std::size_t i = 0; i < report_ids.size(); ++i) {
    std::string id = report_ids[i].ToString();
    auto report = view.Report(id);
    if (!report)
      return report.error().Context("recommendation: report_ids[" + std::to_string(i) + "]");
    if (!report->has_value())
      return core::InvalidArgument("response inputs: report_ids[" + std::to_string(i) +
                                   "]: report " + id + " is not in the registry");
    inputs.report_levels.push_back((*report)->severity.level);
  }
  for (const model::NonCooperation& entry : state.non_cooperation)
    if (entry.side == model::CaseSide::kAccused) ++inputs.non_cooperation_records;

  auto case_row = view.Record("case", case_id);
  if (!case_row) return case_row.error();
  const bool exercise = case_row->has_value() && (*case_row)->exercise;

  // Recidivism: earlier violation findings against the same state, from
  // the recommendations already recorded (each violation got one); the
  // window is Recommend's to apply. An exercise never counts against a
  // real case.
  core::Status scanned = store.ForEachRecord(
      std::string(kRecommendationKind), [&](const store::RecordRow& row) -> core::Status {
        if (row.id == case_id || row.status == "none" || (row.exercise && !exercise))
          return core::Ok();
        auto record = internal::DecodeRecommendationRecord(row.full_json);
        if (!record) return record.error();
        if (record->accused_state == accused && !record->rung_id.empty())
          inputs.earlier_violation_dates.push_back(record->finding_date);
        return core::Ok();
      });
  if (!scanned) return scanned.error().Context("recommendation: reading earlier findings");

  auto recommendation = Recommend(ladder, inputs);
  if (!recommendation) return recommendation.error();
  auto recommendation_json = core::ParseJsonStrict(RecommendationJson(ladder, *recommendation));
  if (!recommendation_json) return recommendation_json.error().Context("recommendation json");

  RecordWrite write;
  write.kind = std::string(kRecommendationKind);
  write.id = case_id;
  write.status = recommendation->rung ? recommendation->rung_id : "none";
  if (case_row->has_value()) {
    write.parties = (*case_row)->parties;
    write.exercise = (*case_row)->exercise;
  } else {
    auto parties = StateParties(view, accused);
    if (!parties) return parties.error();
    write.parties = std::move(*parties);
  }
  auto existing = view.Record(std::string(kRecommendationKind), case_id);
  if (!existing) return existing.error();
  if (existing->has_value()) write.created_seq = (*existing)->created_seq;
  write.full = Obj({{"case", Str(case_id)},
                    {"accused_state", Str(accused)},
                    {"finding", Str(finding.id.ToString())},
                    {"finding_date", Str(FormatDate(inputs.finding_date))},
                    {"recommendation", *recommendation_json},
                    {"remediation", RemediationJson(Remediation::kNone, std::nullopt)}});
  write.public_form = write.full;

  Event event;
  event.type = std::string(event_type::kResponseRecommended);
  event.subject = case_id;
  event.actor = actor;
  JsonValue public_body = *recommendation_json;
  public_body = WithMember(public_body, "case", Str(case_id));
  public_body = WithMember(public_body, "accused_state", Str(accused));
  public_body = WithMember(public_body, "finding", Str(finding.id.ToString()));
  event.public_body = std::move(public_body);
  event.full_body = RecordWritesBody({std::move(write)});
  return std::optional<Event>(std::move(event));
}

void Registry::RecordRemediation(const Caller& caller, const std::string& case_id,
                                 const JsonValue& body, ReplyFn reply) {
  if (auto denied =
          internal::RequireRole(caller, {privacy::Role::kSecretariat}, "record remediation"))
    return reply(internal::Failed(*denied));
  if (body.type() != core::JsonType::kObject)
    return reply(internal::Invalid("", "must be a JSON object"));
  std::vector<model::FieldError> errors;
  internal::RejectUnknown(body, "", {"status", "date"}, errors);
  std::string status_text;
  std::string date_text;
  internal::ReadText(body, "status", "", 16, true, status_text, errors);
  internal::ReadText(body, "date", "", 16, true, date_text, errors);
  std::optional<Remediation> status;
  if (!status_text.empty()) {
    status = RemediationFromName(status_text);
    if (!status) errors.push_back({"/status", "must be none, partial or complete"});
  }
  std::optional<model::Date> date;
  if (!date_text.empty()) {
    date = internal::ParseDay(date_text);
    if (!date)
      errors.push_back({"/date", "must be a calendar date YYYY-MM-DD"});
    else if (*date > internal::DayOf(options_.clock->Now()))
      errors.push_back({"/date", "is after today (" +
                                     FormatDate(internal::DayOf(options_.clock->Now())) +
                                     "): remediation is recorded once assessed"});
  }
  if (!errors.empty()) return reply(internal::Invalid(std::move(errors)));
  Actor actor{caller.reader.party_id, caller.token_id};
  sequencer_->Submit(
      [actor, case_id, status = *status,
       date = *date](BatchView& view) -> core::Result<std::vector<Event>> {
        auto case_row = view.Record("case", case_id);
        if (!case_row) return case_row.error();
        auto row = view.Record(std::string(kRecommendationKind), case_id);
        if (!row) return row.error();
        if (!row->has_value()) {
          if (!case_row->has_value())
            return core::NotFound("case " + case_id + " is not registered");
          return core::Conflict("case " + case_id + " has no recommendation (stage " +
                                (*case_row)->status +
                                "): remediation is recorded once a violation finding reaches "
                                "remedy-and-response");
        }
        auto record = internal::DecodeRecommendationRecord((*row)->full_json);
        if (!record) return record.error();
        if (record->rung_id.empty())
          return core::Conflict("case " + case_id +
                                " has no violation to remedy (recommendation \"none\")");
        if (date < record->finding_date)
          return core::Conflict("date " + FormatDate(date) + " is before the finding of " +
                                FormatDate(record->finding_date));
        if (record->remediation_date && date < *record->remediation_date)
          return core::Conflict("date " + FormatDate(date) +
                                " is before the last recorded remediation of " +
                                FormatDate(*record->remediation_date));
        JsonValue previous = RemediationJson(record->remediation, record->remediation_date);
        JsonValue now = RemediationJson(status, date);
        RecordWrite write;
        write.kind = (*row)->kind;
        write.id = (*row)->id;
        write.status = (*row)->status;
        write.parties = (*row)->parties;
        write.exercise = (*row)->exercise;
        write.created_seq = (*row)->created_seq;
        write.full = WithMember(record->full, "remediation", now);
        write.public_form = write.full;
        Event event;
        event.type = std::string(event_type::kResponseRemediationRecorded);
        event.subject = case_id;
        event.actor = actor;
        event.public_body = Obj({{"case", Str(case_id)},
                                 {"accused_state", Str(record->accused_state)},
                                 {"finding", Str(record->finding_id)},
                                 {"remediation", now},
                                 {"previous", previous}});
        event.full_body = RecordWritesBody({std::move(write)});
        return std::vector<Event>{std::move(event)};
      },
      [reply, case_id, status = *status, date = *date](core::Result<Committed> committed) {
        if (!committed) return reply(internal::Failed(committed.error()));
        core::JsonObject members{{"case", Str(case_id)},
                                 {"remediation", RemediationJson(status, date)}};
        internal::AppendReceipt(*committed, members);
        reply(internal::Answer(Obj(std::move(members))));
      });
}

Reply Registry::GetRecommendation(const std::string& case_id) const {
  auto row = store_.GetRecord(std::string(kRecommendationKind), case_id);
  if (!row) {
    if (row.error().code == core::ErrorCode::kNotFound)
      return internal::Failed(core::NotFound("case " + case_id + " has no recommendation"));
    return internal::Failed(row.error());
  }
  auto parsed = internal::ParseStored(row->public_json, "recommendation " + case_id);
  if (!parsed) return internal::Failed(parsed.error());
  return internal::Answer(std::move(*parsed));
}

}  // namespace accord::registry
