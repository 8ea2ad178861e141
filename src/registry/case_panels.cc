// Registry: the panels of grievance cases (issue 8, docs/grievance.md "The
// panel draw" and "What is wired"): the sides' appointments, arbitrators'
// declared conflicts, and the draw from the roster seeded by the log's root
// hash at a tree size fixed in advance (registry/panel_draw.h). The event
// case.panel-drawn publishes the draw's whole input, so anyone can fetch the
// root at the seed tree size from the log and recompute the seats
// (`accord verify-panel`).
#include <algorithm>
#include <memory>

#include "core/encoding.h"
#include "registry/internal/body_reading.h"
#include "registry/internal/case_records.h"
#include "registry/internal/list_params.h"
#include "registry/internal/replies.h"
#include "registry/record_writes.h"
#include "registry/registry.h"

namespace accord::registry {
namespace {

using core::JsonType;
using core::JsonValue;
using internal::CaseRecord;
using internal::Obj;
using internal::Str;
using internal::StrArray;

// The states of the case's sides: the filer's (when a state) and the accused.
std::vector<std::string> PartyStates(const CaseRecord& record) {
  std::vector<std::string> states;
  if (record.state.parties.filer_state) states.push_back(*record.state.parties.filer_state);
  states.push_back(record.state.parties.accused_state);
  return states;
}

// Why `arbitrator` may not sit for the case, or nullopt.
std::optional<std::string> Ineligible(const PartyRecord& arbitrator, const CaseRecord& record) {
  for (const auto& state : PartyStates(record))
    if (arbitrator.state == state) return "is a national of a party (" + state + ")";
  for (const auto& conflict : record.panels.conflicts)
    if (conflict.arbitrator == arbitrator.id) return "declared a conflict with this case";
  return std::nullopt;
}

}  // namespace

void Registry::AppointArbitrator(const Caller& caller, const std::string& id, const JsonValue& body,
                                 ReplyFn reply) {
  if (caller.anonymous())
    return reply(internal::Failed(core::Unauthenticated(
        "appointing an arbitrator needs a bearer token (Authorization: Bearer <token>)")));
  if (body.type() != JsonType::kObject) return reply(internal::Invalid("", "must be a JSON object"));
  std::vector<model::FieldError> errors;
  internal::RejectUnknown(body, "", {"side", "arbitrator"}, errors);
  std::string side_text;
  std::string arbitrator;
  internal::ReadText(body, "side", "", 16, true, side_text, errors);
  internal::ReadText(body, "arbitrator", "", 128, true, arbitrator, errors);
  auto side = model::EnumFromName<model::CaseSide>(side_text);
  if (!side_text.empty() && !side) errors.push_back({"/side", "must be filer or accused"});
  if (!errors.empty()) return reply(internal::Invalid(std::move(errors)));
  Actor actor{caller.reader.party_id, caller.token_id};
  sequencer_->Submit(
      [caller, id, side = *side, arbitrator, actor](BatchView& view) -> core::Result<std::vector<Event>> {
        auto record = internal::LoadCase(view, id);
        if (!record) return record.error();
        const bool own = side == model::CaseSide::kFiler ? internal::IsFiler(caller, *record)
                                                         : internal::IsAccused(caller, *record);
        if (!own && caller.reader.role != privacy::Role::kSecretariat)
          return core::PermissionDenied("only the " + std::string(side == model::CaseSide::kFiler
                                                                      ? "filer"
                                                                      : "accused state's party") +
                                        " (or the secretariat) may appoint the " +
                                        std::string(model::Name(side)) + "'s arbitrator of case " + id);
        auto party = view.Party(arbitrator);
        if (!party) return party.error();
        if (!*party || (*party)->kind != "arbitrator" || (*party)->status != "active")
          return core::InvalidArgument("arbitrator: " + arbitrator + " is not an active arbitrator on the roster");
        if (auto why = Ineligible(**party, *record))
          return core::Conflict("arbitrator " + arbitrator + " may not sit on case " + id + ": " + *why);
        auto appointed = model::RecordAppointment(record->state, side, view.now());
        if (!appointed) return appointed.error();
        CaseRecord after = *record;
        after.state = std::move(*appointed);
        (side == model::CaseSide::kFiler ? after.panels.appointments.filer : after.panels.appointments.accused) =
            arbitrator;
        const auto& other = side == model::CaseSide::kFiler ? after.panels.appointments.accused
                                                            : after.panels.appointments.filer;
        if (other && *other == arbitrator)
          return core::Conflict("arbitrator " + arbitrator + " is already the other side's appointee");
        Event event;
        event.type = std::string(event_type::kCaseArbitratorAppointed);
        event.subject = id;
        event.actor = actor;
        event.public_body =
            Obj({{"case", Str(id)}, {"side", Str(model::Name(side))}, {"arbitrator", Str(arbitrator)}});
        event.full_body = RecordWritesBody({internal::CaseWrite(after)});
        return std::vector<Event>{std::move(event)};
      },
      [reply, id, arbitrator](core::Result<Committed> committed) {
        if (!committed) return reply(internal::Failed(committed.error()));
        core::JsonObject members{{"case", Str(id)}, {"arbitrator", Str(arbitrator)}};
        internal::AppendReceipt(*committed, members);
        reply(internal::Created(Obj(std::move(members)), "/v1/cases/" + id + "/panel"));
      });
}

void Registry::DeclareConflict(const Caller& caller, const std::string& id, const JsonValue& body,
                               ReplyFn reply) {
  if (auto denied = internal::RequireRole(caller, {privacy::Role::kArbitrator}, "declare conflicts"))
    return reply(internal::Failed(*denied));
  if (body.type() != JsonType::kObject) return reply(internal::Invalid("", "must be a JSON object"));
  std::vector<model::FieldError> errors;
  internal::RejectUnknown(body, "", {"with"}, errors);
  std::vector<std::string> with;
  if (const JsonValue* value = body.Find("with")) {
    if (value->type() != JsonType::kArray || value->AsArray().empty() || value->AsArray().size() > 100) {
      errors.push_back({"/with", "must be an array of 1..100 party ids or states"});
    } else {
      for (std::size_t i = 0; i < value->AsArray().size(); ++i) {
        const JsonValue& item = value->AsArray()[i];
        const std::string pointer = "/with/" + std::to_string(i);
        if (item.type() != JsonType::kString || item.AsString().empty() || item.AsString().size() > 128)
          errors.push_back({pointer, "must be a party id or an ISO 3166-1 alpha-2 code"});
        else if (std::find(with.begin(), with.end(), item.AsString()) == with.end())
          with.push_back(item.AsString());
      }
    }
  }
  if (!errors.empty()) return reply(internal::Invalid(std::move(errors)));
  Actor actor{caller.reader.party_id, caller.token_id};
  sequencer_->Submit(
      [caller, id, with, actor](BatchView& view) -> core::Result<std::vector<Event>> {
        auto record = internal::LoadCase(view, id);
        if (!record) return record.error();
        CaseRecord after = *record;
        std::vector<std::string> declared = with;
        if (declared.empty()) {
          declared = record->parties;
          for (const auto& state : PartyStates(*record)) declared.push_back(state);
        }
        auto it = std::find_if(after.panels.conflicts.begin(), after.panels.conflicts.end(),
                               [&](const auto& conflict) { return conflict.arbitrator == caller.reader.party_id; });
        if (it == after.panels.conflicts.end()) {
          after.panels.conflicts.push_back({caller.reader.party_id, declared});
        } else {
          for (const auto& item : declared)
            if (std::find(it->with.begin(), it->with.end(), item) == it->with.end()) it->with.push_back(item);
        }
        Event event;
        event.type = std::string(event_type::kCaseConflictDeclared);
        event.subject = id;
        event.actor = actor;
        event.public_body =
            Obj({{"case", Str(id)}, {"arbitrator", Str(caller.reader.party_id)}, {"with", StrArray(declared)}});
        event.full_body = RecordWritesBody({internal::CaseWrite(after)});
        return std::vector<Event>{std::move(event)};
      },
      [reply, id](core::Result<Committed> committed) {
        if (!committed) return reply(internal::Failed(committed.error()));
        core::JsonObject members{{"case", Str(id)}};
        internal::AppendReceipt(*committed, members);
        reply(internal::Created(Obj(std::move(members)), "/v1/cases/" + id));
      });
}

void Registry::DrawCasePanel(const Caller& caller, const std::string& id, ReplyFn reply) {
  if (auto denied = internal::RequireRole(caller, {privacy::Role::kSecretariat}, "draw panels"))
    return reply(internal::Failed(*denied));
  auto drawn = std::make_shared<internal::PanelRecord>();
  Actor actor{caller.reader.party_id, caller.token_id};
  sequencer_->Submit(
      [this, id, drawn, actor](BatchView& view) -> core::Result<std::vector<Event>> {
        auto record = internal::LoadCase(view, id);
        if (!record) return record.error();
        const model::CaseStage stage = record->state.stage;
        PanelKind kind;
        std::optional<std::uint64_t> seed;
        if (stage == model::CaseStage::kPanelSelected && !record->panels.first) {
          kind = PanelKind::kFirstInstance;
          seed = record->panels.seed_tree_size;
        } else if ((stage == model::CaseStage::kAppealLodged || stage == model::CaseStage::kAppealPanelSelected) &&
                   !record->panels.appeal) {
          kind = PanelKind::kAppeal;
          seed = record->panels.appeal_seed_tree_size;
        } else {
          return core::Conflict("case " + id + " is in stage " + std::string(model::Name(stage)) +
                                " with no panel to draw; the first-instance panel is drawn in panel-selected, "
                                "the appeal panel in appeal-lodged or appeal-panel-selected, each once");
        }
        if (!seed) return core::Conflict("case " + id + ": no seed tree size was fixed for this panel");
        // The log only grows on this thread (the sequencer's), so its size
        // and roots are stable here.
        if (log_.size() < *seed)
          return core::Conflict("case " + id + ": the log has " + std::to_string(log_.size()) +
                                " entries; the panel is drawn once it reaches the seed tree size " +
                                std::to_string(*seed));
        auto root = log_.RootAt(*seed);
        if (!root) return root.error().Context("read the root at tree size " + std::to_string(*seed));
        auto parties = view.Parties();
        if (!parties) return parties.error();
        internal::PanelRecord panel;
        panel.case_id = id;
        panel.kind = kind;
        panel.seed_tree_size = *seed;
        panel.root_hash_hex = core::HexEncode(std::span<const std::uint8_t>(*root));
        // The roster: every active arbitrator with a nationality (the
        // draw excludes by nationality, so one without cannot be ranked).
        for (const auto& party : *parties) {
          if (party.kind != "arbitrator" || party.status != "active" || party.state.empty()) continue;
          Arbitrator arbitrator{party.id, party.state, {}};
          for (const auto& conflict : record->panels.conflicts)
            if (conflict.arbitrator == party.id) arbitrator.conflicts = conflict.with;
          panel.roster.push_back(std::move(arbitrator));
        }
        panel.party_states = PartyStates(*record);
        panel.party_ids = record->parties;
        if (kind == PanelKind::kAppeal)
          for (const auto& seat : record->panels.first ? record->panels.first->seats : std::vector<Seat>{})
            panel.excluded.push_back(seat.arbitrator_id);
        panel.panel_size = 3;
        if (kind == PanelKind::kFirstInstance) panel.appointments = record->panels.appointments;
        panel.drawn_at = view.now();
        auto input = internal::DrawInputOf(panel);
        if (!input) return input.error();
        auto draw = DrawPanel(panel.roster, *input, panel.appointments);
        if (!draw) return draw.error().Context("draw the panel of case " + id);
        panel.seats = draw->seats;
        CaseRecord after = *record;
        (kind == PanelKind::kAppeal ? after.panels.appeal : after.panels.first) = panel;
        *drawn = panel;
        Event event;
        event.type = std::string(event_type::kCasePanelDrawn);
        event.subject = id;
        event.actor = actor;
        event.public_body = internal::PanelRecordToJson(panel);
        event.full_body = RecordWritesBody({internal::CaseWrite(after)});
        return std::vector<Event>{std::move(event)};
      },
      [reply, id, drawn](core::Result<Committed> committed) {
        if (!committed) return reply(internal::Failed(committed.error()));
        // The panel beside the receipt: both have a "root_hash" (the seed,
        // hex; the checkpoint's, base64).
        core::JsonObject members{{"case", Str(id)}, {"panel", internal::PanelRecordToJson(*drawn)}};
        internal::AppendReceipt(*committed, members);
        reply(internal::Created(Obj(std::move(members)), "/v1/cases/" + id + "/panel"));
      });
}

Reply Registry::GetCasePanel(const std::string& id, const QueryParams& params) const {
  auto read = internal::ReadParams(params, {"kind"});
  if (!read) return internal::Failed(read.error());
  auto record = internal::LoadCase(store_, id);
  if (!record) return internal::Failed(record.error());
  std::string kind = "first-instance";
  if (auto it = read->find("kind"); it != read->end()) kind = it->second;
  if (kind != "first-instance" && kind != "appeal")
    return internal::Failed(core::InvalidArgument("query parameter \"kind\": must be first-instance or appeal"));
  const auto& panel = kind == "appeal" ? record->panels.appeal : record->panels.first;
  if (!panel) return internal::Failed(core::NotFound("case " + id + " has no drawn " + kind + " panel"));
  return internal::Answer(internal::PanelRecordToJson(*panel));
}

}  // namespace accord::registry
