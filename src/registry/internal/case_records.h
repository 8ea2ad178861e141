// The stored forms of a grievance case (issue 8, docs/grievance.md "What is
// wired"): the JSON codec of model::CaseState, the case record the store
// keeps (kind "case": the state, the allegation without evidence content,
// the finding ids and the panel data), and the public record of a drawn
// panel (everything `accord verify-panel` needs to recompute the draw).
//
// The registry writes these itself, so a decode failure is stored data
// gone wrong: kCorrupt naming the member. Encoding then decoding gives an
// equal value (tests/registry/cases_test.cc checks the round trips).
//
// Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_value.h"
#include "core/result.h"
#include "core/time.h"
#include "model/case.h"
#include "model/case_stage.h"
#include "registry/panel_draw.h"
#include "registry/record_writes.h"
#include "registry/registry.h"
#include "registry/sequencer.h"
#include "store/store.h"

namespace accord::registry::internal {

// Record kinds of the cases mechanism (store::RecordRow::kind).
inline constexpr std::string_view kCaseKind = "case";
inline constexpr std::string_view kAllegationKind = "allegation";
inline constexpr std::string_view kEvidenceKind = "evidence";
inline constexpr std::string_view kFindingKind = "finding";

// Every member of `state`, times as core::FormatRfc3339 writes them,
// deadlines in whole seconds.
core::JsonValue CaseStateToJson(const model::CaseState& state);
// kCorrupt naming the member when `json` is not what CaseStateToJson writes.
core::Result<model::CaseState> CaseStateFromJson(const core::JsonValue& json);

// One drawn panel, as published in the event case.panel-drawn and by
// GET /v1/cases/{id}/panel: the draw's whole input and its seats.
struct PanelRecord {
  std::string case_id;
  PanelKind kind = PanelKind::kFirstInstance;
  std::uint64_t seed_tree_size = 0;
  std::string root_hash_hex;  // 64 lower-case hex digits: the seed
  std::vector<Arbitrator> roster;
  std::vector<std::string> party_states;
  std::vector<std::string> party_ids;
  std::vector<std::string> excluded;
  std::size_t panel_size = 3;
  Appointments appointments;
  std::vector<Seat> seats;
  core::Timestamp drawn_at;
};

core::JsonValue PanelRecordToJson(const PanelRecord& panel);
// kCorrupt naming the member for anything PanelRecordToJson would not write
// (a root hash that is not 64 hex digits, an unknown seat role, ...).
core::Result<PanelRecord> PanelRecordFromJson(const core::JsonValue& json);
// The DrawInput `panel` was drawn with (the seed from root_hash_hex).
// kCorrupt when the root hash is not 64 hex digits.
core::Result<DrawInput> DrawInputOf(const PanelRecord& panel);

// An arbitrator's declared conflicts on one case: party ids and states.
struct DeclaredConflict {
  std::string arbitrator;
  std::vector<std::string> with;
  friend bool operator==(const DeclaredConflict&, const DeclaredConflict&) = default;
};

// The panel data of a case: the seeds fixed in advance, the sides'
// appointments, declared conflicts and the drawn panels.
struct CasePanels {
  std::optional<std::uint64_t> seed_tree_size;         // first instance
  std::optional<std::uint64_t> appeal_seed_tree_size;  // the appeal panel
  Appointments appointments;
  std::vector<DeclaredConflict> conflicts;
  std::optional<PanelRecord> first;
  std::optional<PanelRecord> appeal;
};

// The full form of a record of kind "case".
struct CaseRecord {
  model::CaseState state;
  model::Allegation allegation;  // evidence: commitments only, never content
  std::vector<std::string> finding_ids;
  CasePanels panels;
  // The row's columns.
  std::vector<std::string> parties;  // filer party id, then the accused state's party id if any
  bool exercise = false;
  std::uint64_t created_seq = 0;
};

// {"state","allegation","finding_ids","panel"}.
core::JsonValue CaseFullJson(const CaseRecord& record);
// CasePublicJson(state) plus "evidence" [{id, sha256, media_type,
// size_bytes}], "findings" [ids], "exercise" and, once drawn, "panel"
// (the seats of the first-instance panel) and "appeal_panel".
core::JsonValue CasePublicRecordJson(const CaseRecord& record);
// Decodes a stored row's full_json plus its columns. kCorrupt naming the
// case and the member.
core::Result<CaseRecord> CaseRecordFromRow(const store::RecordRow& row);

// The public form of an evidence item: {id, case, sha256, media_type, size_bytes}.
core::JsonValue EvidencePublicJson(const std::string& case_id, const model::Evidence& evidence);

// The scheduler id of the current stage's deadline of `state`:
// "case/<case id>/<stage>/<index of the stage's history entry>"; nullopt
// when the current stage runs no deadline.
std::optional<std::string> CaseDeadlineId(const model::CaseState& state);
// The case id of a deadline id made by CaseDeadlineId; nullopt when `id`
// does not have that shape.
std::optional<std::string> CaseOfDeadlineId(std::string_view id);

// ------------------------------------------------------------------ commands
// Shared by cases.cc and case_panels.cc.

// FieldErrors of a model decoder, re-rooted at `prefix` and with the
// server-built custody note's pointer mapped back to the request's member.
void AddDecodeErrors(const std::vector<model::FieldError>& from, const std::string& prefix,
                     std::vector<model::FieldError>& errors);

// The case `id` as the batch has left it. kNotFound "case <id> is not
// registered"; kCorrupt for a stored row that does not decode.
core::Result<CaseRecord> LoadCase(const BatchView& view, const std::string& id);
// The same, as the store holds it now (for reads).
core::Result<CaseRecord> LoadCase(const store::Store& store, const std::string& id);

// The row write of `record` (kind "case", status = its stage).
RecordWrite CaseWrite(const CaseRecord& record);

// Whether `caller` is the case's filer, the accused state's party, or an
// arbitrator sitting on one of its drawn panels (`current_only`: the panel
// that sits now, the appeal panel once one was drawn).
bool IsFiler(const Caller& caller, const CaseRecord& record);
bool IsAccused(const Caller& caller, const CaseRecord& record);
bool OnPanel(const Caller& caller, const CaseRecord& record, bool current_only);

// The role in which `caller` acts on the case: secretariat, filer, accused
// or panel, in that order; nullopt when it is none of them.
std::optional<model::CaseActor> ActorOf(const Caller& caller, const CaseRecord& record);

// The id of a new record of STIX type `type` ("case--<uuid>").
core::Result<core::StixId> NewId(std::string_view type);

}  // namespace accord::registry::internal
