// The stored forms of a grievance case (case_records.h).
#include "registry/internal/case_records.h"

#include <array>
#include <charconv>

#include "core/canonical_json.h"
#include "core/encoding.h"
#include "registry/internal/json_util.h"

namespace accord::registry::internal {
namespace {

using core::JsonType;
using core::JsonValue;

JsonValue Time(core::Timestamp at) { return Str(core::FormatRfc3339(at)); }

template <typename E>
core::Result<E> GetEnum(const JsonValue& object, std::string_view name, std::string_view where) {
  auto text = GetString(object, name, where);
  if (!text) return text.error();
  auto value = model::EnumFromName<E>(*text);
  if (!value)
    return core::Corrupt(std::string(where) + ": member \"" + std::string(name) + "\": unknown value " +
                         core::QuoteForMessage(*text));
  return *value;
}

core::Result<const core::JsonArray*> GetArray(const JsonValue& object, std::string_view name,
                                              std::string_view where) {
  auto value = Member(object, name, where);
  if (!value) return value.error();
  if ((*value)->type() != JsonType::kArray)
    return core::Corrupt(std::string(where) + ": member \"" + std::string(name) + "\" must be an array");
  return &(*value)->AsArray();
}

core::Result<std::vector<std::string>> GetStringArray(const JsonValue& object, std::string_view name,
                                                      std::string_view where) {
  auto array = GetArray(object, name, where);
  if (!array) return array.error();
  std::vector<std::string> out;
  for (const auto& item : **array) {
    if (item.type() != JsonType::kString)
      return core::Corrupt(std::string(where) + ": member \"" + std::string(name) +
                           "\" must hold strings");
    out.push_back(item.AsString());
  }
  return out;
}

core::Result<std::uint64_t> GetSize(const JsonValue& object, std::string_view name, std::string_view where) {
  auto value = GetInt(object, name, where);
  if (!value) return value.error();
  if (*value < 0)
    return core::Corrupt(std::string(where) + ": member \"" + std::string(name) + "\" must not be negative");
  return static_cast<std::uint64_t>(*value);
}

template <typename E, std::size_t N>
std::optional<E> FromNames(std::string_view name, const std::array<E, N>& values) {
  for (E value : values)
    if (Name(value) == name) return value;
  return std::nullopt;
}

std::string_view PanelKindName(PanelKind kind) {
  return kind == PanelKind::kAppeal ? "appeal" : "first-instance";
}

}  // namespace

// ------------------------------------------------------------------ state

JsonValue CaseStateToJson(const model::CaseState& state) {
  core::JsonArray history;
  for (const auto& entry : state.history) {
    core::JsonObject members{{"stage", Str(model::Name(entry.stage))},
                             {"at", Time(entry.at)},
                             {"by", Str(model::Name(entry.by))},
                             {"reason", Str(entry.reason)}};
    if (entry.deadline) members.push_back({"deadline", Time(*entry.deadline)});
    history.push_back(Obj(std::move(members)));
  }
  core::JsonArray acted;
  for (auto side : state.acted) acted.push_back(Str(model::Name(side)));
  core::JsonArray missed;
  for (const auto& entry : state.non_cooperation)
    missed.push_back(Obj({{"side", Str(model::Name(entry.side))},
                          {"stage", Str(model::Name(entry.stage))},
                          {"deadline", Time(entry.deadline)}}));
  core::JsonObject parties{{"filer_kind", Str(model::Name(state.parties.filer_kind))},
                           {"accused_state", Str(state.parties.accused_state)}};
  if (state.parties.filer_state) parties.push_back({"filer_state", Str(*state.parties.filer_state)});
  core::JsonObject members{
      {"id", Str(state.id.ToString())},
      {"allegation_id", Str(state.allegation_id.ToString())},
      {"parties", Obj(std::move(parties))},
      {"deadlines", Obj({{"information_response_seconds", Int(state.deadlines.information_response.count())},
                         {"panel_appointment_seconds", Int(state.deadlines.panel_appointment.count())},
                         {"appeal_window_seconds", Int(state.deadlines.appeal_window.count())}})},
      {"stage", Str(model::Name(state.stage))},
      {"history", JsonValue::Array(std::move(history))},
      {"acted", JsonValue::Array(std::move(acted))},
      {"appeal", Str(state.appeal == model::AppealRight::kUsed ? "used" : "available")},
      {"non_cooperation", JsonValue::Array(std::move(missed))},
  };
  if (state.appealed_by) members.push_back({"appealed_by", Str(model::Name(*state.appealed_by))});
  return Obj(std::move(members));
}

core::Result<model::CaseState> CaseStateFromJson(const JsonValue& json) {
  constexpr std::string_view kWhere = "case state";
  if (json.type() != JsonType::kObject) return core::Corrupt("case state: must be an object");
  model::CaseState state;
  auto id = GetId(json, "id", kWhere);
  if (!id) return id.error();
  state.id = *id;
  std::string where = "case state " + state.id.ToString();
  auto allegation = GetId(json, "allegation_id", where);
  if (!allegation) return allegation.error();
  state.allegation_id = *allegation;

  auto parties = Member(json, "parties", where);
  if (!parties) return parties.error();
  auto filer_kind = GetEnum<model::FilerKind>(**parties, "filer_kind", where + " parties");
  if (!filer_kind) return filer_kind.error();
  state.parties.filer_kind = *filer_kind;
  auto accused = GetString(**parties, "accused_state", where + " parties");
  if (!accused) return accused.error();
  state.parties.accused_state = *accused;
  if ((*parties)->Find("filer_state") != nullptr) {
    auto filer_state = GetString(**parties, "filer_state", where + " parties");
    if (!filer_state) return filer_state.error();
    state.parties.filer_state = *filer_state;
  }

  auto deadlines = Member(json, "deadlines", where);
  if (!deadlines) return deadlines.error();
  for (auto [name, out] : {std::pair{"information_response_seconds", &state.deadlines.information_response},
                           std::pair{"panel_appointment_seconds", &state.deadlines.panel_appointment},
                           std::pair{"appeal_window_seconds", &state.deadlines.appeal_window}}) {
    auto seconds = GetInt(**deadlines, name, where + " deadlines");
    if (!seconds) return seconds.error();
    *out = std::chrono::seconds{*seconds};
  }

  auto stage = GetEnum<model::CaseStage>(json, "stage", where);
  if (!stage) return stage.error();
  state.stage = *stage;

  auto history = GetArray(json, "history", where);
  if (!history) return history.error();
  for (std::size_t i = 0; i < (*history)->size(); ++i) {
    const JsonValue& item = (**history)[i];
    std::string at = where + " history/" + std::to_string(i);
    if (item.type() != JsonType::kObject) return core::Corrupt(at + ": must be an object");
    model::StageEntry entry;
    auto entry_stage = GetEnum<model::CaseStage>(item, "stage", at);
    if (!entry_stage) return entry_stage.error();
    entry.stage = *entry_stage;
    auto time = GetTime(item, "at", at);
    if (!time) return time.error();
    entry.at = *time;
    auto by = GetEnum<model::CaseActor>(item, "by", at);
    if (!by) return by.error();
    entry.by = *by;
    auto reason = GetString(item, "reason", at);
    if (!reason) return reason.error();
    entry.reason = *reason;
    auto deadline = GetOptionalTime(item, "deadline", at);
    if (!deadline) return deadline.error();
    entry.deadline = *deadline;
    state.history.push_back(std::move(entry));
  }

  auto acted = GetArray(json, "acted", where);
  if (!acted) return acted.error();
  for (const auto& item : **acted) {
    auto side = item.type() == JsonType::kString ? model::EnumFromName<model::CaseSide>(item.AsString())
                                                 : std::nullopt;
    if (!side) return core::Corrupt(where + ": member \"acted\" must hold sides");
    state.acted.push_back(*side);
  }

  auto appeal = GetString(json, "appeal", where);
  if (!appeal) return appeal.error();
  if (*appeal == "used") state.appeal = model::AppealRight::kUsed;
  else if (*appeal == "available") state.appeal = model::AppealRight::kAvailable;
  else return core::Corrupt(where + ": member \"appeal\" must be used or available");
  if (json.Find("appealed_by") != nullptr) {
    auto side = GetEnum<model::CaseSide>(json, "appealed_by", where);
    if (!side) return side.error();
    state.appealed_by = *side;
  }

  auto missed = GetArray(json, "non_cooperation", where);
  if (!missed) return missed.error();
  for (std::size_t i = 0; i < (*missed)->size(); ++i) {
    const JsonValue& item = (**missed)[i];
    std::string at = where + " non_cooperation/" + std::to_string(i);
    if (item.type() != JsonType::kObject) return core::Corrupt(at + ": must be an object");
    model::NonCooperation entry;
    auto side = GetEnum<model::CaseSide>(item, "side", at);
    if (!side) return side.error();
    entry.side = *side;
    auto missed_stage = GetEnum<model::CaseStage>(item, "stage", at);
    if (!missed_stage) return missed_stage.error();
    entry.stage = *missed_stage;
    auto deadline = GetTime(item, "deadline", at);
    if (!deadline) return deadline.error();
    entry.deadline = *deadline;
    state.non_cooperation.push_back(entry);
  }
  return state;
}

// ------------------------------------------------------------------ panels

JsonValue PanelRecordToJson(const PanelRecord& panel) {
  core::JsonArray roster;
  for (const auto& arbitrator : panel.roster)
    roster.push_back(Obj({{"id", Str(arbitrator.id)},
                          {"nationality", Str(arbitrator.nationality)},
                          {"conflicts", StrArray(arbitrator.conflicts)}}));
  core::JsonObject appointments;
  if (panel.appointments.filer) appointments.push_back({"filer", Str(*panel.appointments.filer)});
  if (panel.appointments.accused) appointments.push_back({"accused", Str(*panel.appointments.accused)});
  core::JsonArray seats;
  for (const auto& seat : panel.seats)
    seats.push_back(Obj({{"role", Str(Name(seat.role))},
                         {"arbitrator", Str(seat.arbitrator_id)},
                         {"source", Str(Name(seat.source))}}));
  return Obj({
      {"case", Str(panel.case_id)},
      {"kind", Str(PanelKindName(panel.kind))},
      {"seed_tree_size", Int(static_cast<std::int64_t>(panel.seed_tree_size))},
      {"root_hash", Str(panel.root_hash_hex)},
      {"roster", JsonValue::Array(std::move(roster))},
      {"party_states", StrArray(panel.party_states)},
      {"party_ids", StrArray(panel.party_ids)},
      {"excluded", StrArray(panel.excluded)},
      {"panel_size", Int(static_cast<std::int64_t>(panel.panel_size))},
      {"appointments", Obj(std::move(appointments))},
      {"seats", JsonValue::Array(std::move(seats))},
      {"drawn_at", Time(panel.drawn_at)},
  });
}

core::Result<PanelRecord> PanelRecordFromJson(const JsonValue& json) {
  std::string where = "panel";
  if (json.type() != JsonType::kObject) return core::Corrupt("panel: must be an object");
  PanelRecord panel;
  auto case_id = GetString(json, "case", where);
  if (!case_id) return case_id.error();
  panel.case_id = *case_id;
  where = "panel of " + panel.case_id;
  auto kind = GetString(json, "kind", where);
  if (!kind) return kind.error();
  if (*kind == "appeal") panel.kind = PanelKind::kAppeal;
  else if (*kind == "first-instance") panel.kind = PanelKind::kFirstInstance;
  else return core::Corrupt(where + ": member \"kind\" must be first-instance or appeal");
  auto seed = GetSize(json, "seed_tree_size", where);
  if (!seed) return seed.error();
  panel.seed_tree_size = *seed;
  auto root = GetString(json, "root_hash", where);
  if (!root) return root.error();
  panel.root_hash_hex = *root;
  auto roster = GetArray(json, "roster", where);
  if (!roster) return roster.error();
  for (std::size_t i = 0; i < (*roster)->size(); ++i) {
    const JsonValue& item = (**roster)[i];
    std::string at = where + " roster/" + std::to_string(i);
    if (item.type() != JsonType::kObject) return core::Corrupt(at + ": must be an object");
    Arbitrator arbitrator;
    auto id = GetString(item, "id", at);
    if (!id) return id.error();
    arbitrator.id = *id;
    auto nationality = GetString(item, "nationality", at);
    if (!nationality) return nationality.error();
    arbitrator.nationality = *nationality;
    auto conflicts = GetStringArray(item, "conflicts", at);
    if (!conflicts) return conflicts.error();
    arbitrator.conflicts = std::move(*conflicts);
    panel.roster.push_back(std::move(arbitrator));
  }
  for (auto [name, out] : {std::pair{"party_states", &panel.party_states},
                           std::pair{"party_ids", &panel.party_ids},
                           std::pair{"excluded", &panel.excluded}}) {
    auto items = GetStringArray(json, name, where);
    if (!items) return items.error();
    *out = std::move(*items);
  }
  auto size = GetSize(json, "panel_size", where);
  if (!size) return size.error();
  panel.panel_size = static_cast<std::size_t>(*size);
  auto appointments = Member(json, "appointments", where);
  if (!appointments) return appointments.error();
  if ((*appointments)->type() != JsonType::kObject)
    return core::Corrupt(where + ": member \"appointments\" must be an object");
  if (auto* filer = (*appointments)->Find("filer"); filer != nullptr && filer->type() == JsonType::kString)
    panel.appointments.filer = filer->AsString();
  if (auto* accused = (*appointments)->Find("accused");
      accused != nullptr && accused->type() == JsonType::kString)
    panel.appointments.accused = accused->AsString();
  auto seats = GetArray(json, "seats", where);
  if (!seats) return seats.error();
  for (std::size_t i = 0; i < (*seats)->size(); ++i) {
    const JsonValue& item = (**seats)[i];
    std::string at = where + " seats/" + std::to_string(i);
    if (item.type() != JsonType::kObject) return core::Corrupt(at + ": must be an object");
    Seat seat;
    auto role = GetString(item, "role", at);
    if (!role) return role.error();
    auto role_value = FromNames(*role, std::array{SeatRole::kChair, SeatRole::kFilerSeat,
                                                  SeatRole::kAccusedSeat, SeatRole::kMember});
    if (!role_value) return core::Corrupt(at + ": unknown seat role " + core::QuoteForMessage(*role));
    seat.role = *role_value;
    auto arbitrator = GetString(item, "arbitrator", at);
    if (!arbitrator) return arbitrator.error();
    seat.arbitrator_id = *arbitrator;
    auto source = GetString(item, "source", at);
    if (!source) return source.error();
    auto source_value = FromNames(
        *source, std::array{SeatSource::kDrawn, SeatSource::kAppointed, SeatSource::kDefaultDrawn});
    if (!source_value) return core::Corrupt(at + ": unknown seat source " + core::QuoteForMessage(*source));
    seat.source = *source_value;
    panel.seats.push_back(std::move(seat));
  }
  auto drawn = GetTime(json, "drawn_at", where);
  if (!drawn) return drawn.error();
  panel.drawn_at = *drawn;
  if (auto input = DrawInputOf(panel); !input) return input.error();
  return panel;
}

core::Result<DrawInput> DrawInputOf(const PanelRecord& panel) {
  DrawInput input;
  input.case_id = panel.case_id;
  if (panel.root_hash_hex.size() != 64 ||
      !core::HexDecodeInto(panel.root_hash_hex, std::span<std::uint8_t>(input.seed)))
    return core::Corrupt("panel of " + panel.case_id + ": root_hash must be 64 hex digits");
  input.seed_tree_size = panel.seed_tree_size;
  input.party_states = panel.party_states;
  input.party_ids = panel.party_ids;
  input.excluded = panel.excluded;
  input.kind = panel.kind;
  input.panel_size = panel.panel_size;
  return input;
}

// ------------------------------------------------------------------ case record

namespace {

JsonValue PanelsJson(const CasePanels& panels) {
  core::JsonObject members;
  if (panels.seed_tree_size)
    members.push_back({"seed_tree_size", Int(static_cast<std::int64_t>(*panels.seed_tree_size))});
  if (panels.appeal_seed_tree_size)
    members.push_back(
        {"appeal_seed_tree_size", Int(static_cast<std::int64_t>(*panels.appeal_seed_tree_size))});
  core::JsonObject appointments;
  if (panels.appointments.filer) appointments.push_back({"filer", Str(*panels.appointments.filer)});
  if (panels.appointments.accused) appointments.push_back({"accused", Str(*panels.appointments.accused)});
  members.push_back({"appointments", Obj(std::move(appointments))});
  core::JsonArray conflicts;
  for (const auto& conflict : panels.conflicts)
    conflicts.push_back(Obj({{"arbitrator", Str(conflict.arbitrator)}, {"with", StrArray(conflict.with)}}));
  members.push_back({"conflicts", JsonValue::Array(std::move(conflicts))});
  if (panels.first) members.push_back({"first", PanelRecordToJson(*panels.first)});
  if (panels.appeal) members.push_back({"appeal", PanelRecordToJson(*panels.appeal)});
  return Obj(std::move(members));
}

core::Result<CasePanels> PanelsFromJson(const JsonValue& json, const std::string& where) {
  CasePanels panels;
  if (json.Find("seed_tree_size") != nullptr) {
    auto size = GetSize(json, "seed_tree_size", where);
    if (!size) return size.error();
    panels.seed_tree_size = *size;
  }
  if (json.Find("appeal_seed_tree_size") != nullptr) {
    auto size = GetSize(json, "appeal_seed_tree_size", where);
    if (!size) return size.error();
    panels.appeal_seed_tree_size = *size;
  }
  auto appointments = Member(json, "appointments", where);
  if (!appointments) return appointments.error();
  if (auto* filer = (*appointments)->Find("filer"); filer != nullptr && filer->type() == JsonType::kString)
    panels.appointments.filer = filer->AsString();
  if (auto* accused = (*appointments)->Find("accused");
      accused != nullptr && accused->type() == JsonType::kString)
    panels.appointments.accused = accused->AsString();
  auto conflicts = GetArray(json, "conflicts", where);
  if (!conflicts) return conflicts.error();
  for (const auto& item : **conflicts) {
    DeclaredConflict conflict;
    auto arbitrator = GetString(item, "arbitrator", where + " conflicts");
    if (!arbitrator) return arbitrator.error();
    conflict.arbitrator = *arbitrator;
    auto with = GetStringArray(item, "with", where + " conflicts");
    if (!with) return with.error();
    conflict.with = std::move(*with);
    panels.conflicts.push_back(std::move(conflict));
  }
  for (auto [name, out] : {std::pair{"first", &panels.first}, std::pair{"appeal", &panels.appeal}}) {
    if (const JsonValue* panel = json.Find(name); panel != nullptr) {
      auto decoded = PanelRecordFromJson(*panel);
      if (!decoded) return decoded.error();
      *out = std::move(*decoded);
    }
  }
  return panels;
}

}  // namespace

JsonValue CaseFullJson(const CaseRecord& record) {
  return Obj({{"state", CaseStateToJson(record.state)},
              {"allegation", model::AllegationToJson(record.allegation)},
              {"finding_ids", StrArray(record.finding_ids)},
              {"panel", PanelsJson(record.panels)}});
}

JsonValue EvidencePublicJson(const std::string& case_id, const model::Evidence& evidence) {
  return Obj({{"id", Str(evidence.id.ToString())},
              {"case", Str(case_id)},
              {"sha256", Str(evidence.sha256)},
              {"media_type", Str(evidence.media_type)},
              {"size_bytes", Int(evidence.size_bytes)}});
}

JsonValue CasePublicRecordJson(const CaseRecord& record) {
  JsonValue json = model::CasePublicJson(record.state);
  core::JsonObject members = json.AsObject();
  core::JsonArray evidence;
  for (const auto& item : record.allegation.evidence)
    evidence.push_back(Obj({{"id", Str(item.id.ToString())},
                            {"sha256", Str(item.sha256)},
                            {"media_type", Str(item.media_type)},
                            {"size_bytes", Int(item.size_bytes)}}));
  members.push_back({"evidence", JsonValue::Array(std::move(evidence))});
  members.push_back({"findings", StrArray(record.finding_ids)});
  members.push_back({"reports", [&] {
                       std::vector<std::string> ids;
                       for (const auto& id : record.allegation.reports) ids.push_back(id.ToString());
                       return StrArray(ids);
                     }()});
  members.push_back({"filed_at", Time(record.allegation.filed_at)});
  members.push_back({"exercise", Bool(record.exercise)});
  if (record.panels.seed_tree_size)
    members.push_back({"seed_tree_size", Int(static_cast<std::int64_t>(*record.panels.seed_tree_size))});
  if (record.panels.appeal_seed_tree_size)
    members.push_back(
        {"appeal_seed_tree_size", Int(static_cast<std::int64_t>(*record.panels.appeal_seed_tree_size))});
  for (auto [name, panel] : {std::pair{"panel", &record.panels.first},
                             std::pair{"appeal_panel", &record.panels.appeal}}) {
    if (!*panel) continue;
    core::JsonArray seats;
    for (const auto& seat : (*panel)->seats)
      seats.push_back(Obj({{"role", Str(Name(seat.role))},
                           {"arbitrator", Str(seat.arbitrator_id)},
                           {"source", Str(Name(seat.source))}}));
    members.push_back({name, JsonValue::Array(std::move(seats))});
  }
  return Obj(std::move(members));
}

core::Result<CaseRecord> CaseRecordFromRow(const store::RecordRow& row) {
  std::string where = "case " + row.id;
  auto full = ParseStored(row.full_json, where);
  if (!full) return full.error();
  CaseRecord record;
  record.parties = row.parties;
  record.exercise = row.exercise;
  record.created_seq = row.created_seq;
  auto state_json = Member(*full, "state", where);
  if (!state_json) return state_json.error();
  auto state = CaseStateFromJson(**state_json);
  if (!state) return state.error();
  record.state = std::move(*state);
  auto allegation_json = Member(*full, "allegation", where);
  if (!allegation_json) return allegation_json.error();
  auto allegation = model::DecodeAllegation(core::SerializeCanonical(**allegation_json));
  if (!allegation) {
    return core::Corrupt(where + ": allegation: " +
                         (allegation.errors.empty() ? std::string("invalid")
                                                    : allegation.errors.front().ToString()));
  }
  record.allegation = std::move(*allegation.value);
  auto findings = GetStringArray(*full, "finding_ids", where);
  if (!findings) return findings.error();
  record.finding_ids = std::move(*findings);
  auto panel = Member(*full, "panel", where);
  if (!panel) return panel.error();
  auto panels = PanelsFromJson(**panel, where + " panel");
  if (!panels) return panels.error();
  record.panels = std::move(*panels);
  return record;
}

// ------------------------------------------------------------------ deadline ids

std::optional<std::string> CaseDeadlineId(const model::CaseState& state) {
  if (!state.deadline()) return std::nullopt;
  return "case/" + state.id.ToString() + "/" + std::string(model::Name(state.stage)) + "/" +
         std::to_string(state.history.size() - 1);
}

std::optional<std::string> CaseOfDeadlineId(std::string_view id) {
  if (!id.starts_with("case/")) return std::nullopt;
  id.remove_prefix(5);
  auto slash = id.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  return std::string(id.substr(0, slash));
}

}  // namespace accord::registry::internal

namespace accord::registry::internal {

void AddDecodeErrors(const std::vector<model::FieldError>& from, const std::string& prefix,
                     std::vector<model::FieldError>& errors) {
  for (const auto& error : from) {
    std::string pointer = error.pointer;
    if (auto at = pointer.find("/custody/0/note"); at != std::string::npos)
      pointer = pointer.substr(0, at) + "/custody_note";
    errors.push_back({prefix + pointer, error.message});
  }
}

core::Result<CaseRecord> LoadCase(const BatchView& view, const std::string& id) {
  auto row = view.Record(std::string(kCaseKind), id);
  if (!row) return row.error();
  if (!*row) return core::NotFound("case " + id + " is not registered");
  return CaseRecordFromRow(**row);
}

core::Result<CaseRecord> LoadCase(const store::Store& store, const std::string& id) {
  auto row = store.GetRecord(std::string(kCaseKind), id);
  if (!row) {
    if (row.error().code == core::ErrorCode::kNotFound) return core::NotFound("case " + id + " is not registered");
    return row.error();
  }
  return CaseRecordFromRow(*row);
}

RecordWrite CaseWrite(const CaseRecord& record) {
  RecordWrite write;
  write.kind = std::string(kCaseKind);
  write.id = record.state.id.ToString();
  write.status = std::string(model::Name(record.state.stage));
  write.parties = record.parties;
  write.exercise = record.exercise;
  write.created_seq = record.created_seq;
  write.full = CaseFullJson(record);
  write.public_form = CasePublicRecordJson(record);
  return write;
}

bool IsFiler(const Caller& caller, const CaseRecord& record) {
  return !caller.reader.party_id.empty() && caller.reader.party_id == record.allegation.filer.party_id;
}

bool IsAccused(const Caller& caller, const CaseRecord& record) {
  return caller.reader.role == privacy::Role::kState && !caller.party_state.empty() &&
         caller.party_state == record.state.parties.accused_state;
}

bool OnPanel(const Caller& caller, const CaseRecord& record, bool current_only) {
  if (caller.reader.role != privacy::Role::kArbitrator || caller.reader.party_id.empty()) return false;
  auto sits = [&](const std::optional<PanelRecord>& panel) {
    if (!panel) return false;
    for (const auto& seat : panel->seats)
      if (seat.arbitrator_id == caller.reader.party_id) return true;
    return false;
  };
  if (current_only) return record.panels.appeal ? sits(record.panels.appeal) : sits(record.panels.first);
  return sits(record.panels.first) || sits(record.panels.appeal);
}

std::optional<model::CaseActor> ActorOf(const Caller& caller, const CaseRecord& record) {
  if (caller.reader.role == privacy::Role::kSecretariat) return model::CaseActor::kSecretariat;
  if (IsFiler(caller, record)) return model::CaseActor::kFiler;
  if (IsAccused(caller, record)) return model::CaseActor::kAccused;
  if (OnPanel(caller, record, true)) return model::CaseActor::kPanel;
  return std::nullopt;
}

core::Result<core::StixId> NewId(std::string_view type) {
  auto id = core::StixId::Random(type);
  if (!id) return id.error().Context("make a " + std::string(type) + " id");
  return *id;
}

}  // namespace accord::registry::internal
