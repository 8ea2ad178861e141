// Registry: imports (registry/import.h). The heavy work (preparing each
// report: decode, score, evaluate, public form) runs on the caller's
// thread; the sequencer then decides every item against the state of the
// moment, in one command.
#include "registry/import.h"

#include <memory>

#include "core/canonical_json.h"
#include "exchange/import_plan_json.h"
#include "ledger/tile.h"
#include "model/report_codec.h"
#include "registry/internal/replies.h"
#include "registry/registry.h"
#include "registry/submission.h"

namespace accord::registry {
namespace {

using core::JsonValue;
using internal::Int;
using internal::Obj;
using internal::Str;

// Room the event header takes around a body in one log entry.
constexpr std::size_t kEventHeaderAllowance = 512;

enum class Outcome { kImported, kUpdated, kUnchanged, kRejected };

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kImported:
      return "imported";
    case Outcome::kUpdated:
      return "updated";
    case Outcome::kUnchanged:
      return "unchanged";
    case Outcome::kRejected:
      return "rejected";
  }
  return "rejected";
}

struct Item {
  std::string kind;     // "report" "technique" "advisory"
  std::string pointer;  // "/reports/3": where the item is in the request
  std::string source;   // the report's source, or the record's id
  std::string id;
  Outcome outcome = Outcome::kRejected;
  std::string reason;  // for kRejected
};

// What the decision found, shared between the decision (sequencer thread)
// and the answer (same thread, later).
struct ImportState {
  ImportRequest request;
  // One per report of the plan; empty `id` when preparing it failed.
  std::vector<std::shared_ptr<PreparedReport>> prepared;
  std::vector<Item> items;
  bool nothing_to_write = false;
};

Event ReportEvent(std::string_view type, const std::string& id, const Actor& actor,
                  std::shared_ptr<PreparedReport> owner) {
  Event event;
  event.report = std::shared_ptr<const ReportRecord>(owner, &owner->record);
  event.type = std::string(type);
  event.subject = id;
  event.actor = actor;
  event.public_body = ReportPublicJson(owner->record);
  event.full_body = ReportFullJson(owner->record);
  return event;
}

Event ReferenceEvent(std::string_view type, const std::string& subject, const Actor& actor,
                     JsonValue body) {
  Event event;
  event.type = std::string(type);
  event.subject = subject;
  event.actor = actor;
  event.public_body = body;
  event.full_body = std::move(body);
  return event;
}

// Decides every item against `view`, filling state.items; the events of
// the accepted ones.
core::Result<std::vector<Event>> Decide(ImportState& state, const Actor& actor, BatchView& view) {
  std::vector<Event> events;
  const exchange::ImportPlan& plan = state.request.plan;
  for (std::size_t i = 0; i < plan.reports.size(); ++i) {
    Item& item = state.items[i];
    if (item.outcome == Outcome::kRejected) continue;  // preparing it failed
    auto& prepared = state.prepared[i];
    auto existing = view.Report(prepared->id);
    if (!existing) return existing.error();
    ReportRecord& record = prepared->record;
    if (!*existing) {
      record.version = 1;
      record.submitter_party_id = actor.party_id;
      record.submitted_seq = view.next_seq() + events.size();
      record.submitted_at = core::FormatRfc3339(view.now());
      item.outcome = Outcome::kImported;
      events.push_back(ReportEvent(event_type::kReportSubmitted, prepared->id, actor, prepared));
      continue;
    }
    const ReportRecord& current = **existing;
    // The content decides: an import names no recipients, and the ones
    // the submitter chose stay (below).
    if (core::SerializeCanonical(current.report) == core::SerializeCanonical(record.report)) {
      item.outcome = Outcome::kUnchanged;
      continue;
    }
    if (current.withdrawn) {
      item.outcome = Outcome::kRejected;
      item.reason = "report " + prepared->id + " was withdrawn; it cannot be amended";
      continue;
    }
    if (current.submitter_party_id != actor.party_id) {
      item.outcome = Outcome::kRejected;
      item.reason = "report " + prepared->id + " exists with other content and was submitted by " +
                    current.submitter_party_id + "; only its submitter may amend it";
      continue;
    }
    record.version = current.version + 1;
    record.recipients = current.recipients;
    record.submitter_party_id = current.submitter_party_id;
    record.submitted_seq = current.submitted_seq;
    record.submitted_at = current.submitted_at;
    item.outcome = Outcome::kUpdated;
    events.push_back(ReportEvent(event_type::kReportAmended, prepared->id, actor, prepared));
  }
  auto decide_reference = [&](Item& item, std::optional<std::string> stored, JsonValue body,
                              std::string_view type) {
    std::string json = core::SerializeCanonical(body);
    if (stored && *stored == json) {
      item.outcome = Outcome::kUnchanged;
      return;
    }
    if (json.size() + kEventHeaderAllowance > ledger::kMaxEntryBytes) {
      item.outcome = Outcome::kRejected;
      item.reason =
          "the record is " + std::to_string(json.size()) + " bytes, more than one log entry holds";
      return;
    }
    item.outcome = stored ? Outcome::kUpdated : Outcome::kImported;
    events.push_back(ReferenceEvent(type, item.id, actor, std::move(body)));
  };
  std::size_t at = plan.reports.size();
  for (const auto& technique : plan.techniques) {
    auto stored = view.TechniqueJson(technique.id);
    if (!stored) return stored.error();
    decide_reference(state.items[at++], std::move(*stored), exchange::TechniqueToJson(technique),
                     event_type::kTechniqueRecorded);
  }
  for (const auto& advisory : plan.advisories) {
    auto stored = view.AdvisoryJson(advisory.publisher, advisory.tracking_id);
    if (!stored) return stored.error();
    decide_reference(state.items[at++], std::move(*stored), exchange::AdvisoryToJson(advisory),
                     event_type::kAdvisoryRecorded);
  }
  bool refused = false;
  for (const auto& item : state.items) refused = refused || item.outcome == Outcome::kRejected;
  if (refused && !state.request.partial)
    return core::InvalidArgument("the import was refused: nothing was written");
  if (events.empty()) {
    // Nothing new: the sequencer takes no empty command, so the answer
    // is given from the state (see Registry::Import).
    state.nothing_to_write = true;
    return core::InvalidArgument("nothing to write");
  }
  return events;
}

// The reply body: counts, every item, and the receipt when written.
JsonValue Summary(const ImportState& state, const Committed* committed) {
  std::int64_t counts[4] = {0, 0, 0, 0};
  core::JsonArray items;
  items.reserve(state.items.size());
  for (const auto& item : state.items) {
    ++counts[static_cast<int>(item.outcome)];
    core::JsonObject members{{"kind", Str(item.kind)},
                             {"source", Str(item.source)},
                             {"id", Str(item.id)},
                             {"outcome", Str(OutcomeName(item.outcome))}};
    if (item.outcome == Outcome::kRejected) {
      members.push_back({"pointer", Str(item.pointer)});
      members.push_back({"reason", Str(item.reason)});
    }
    items.push_back(Obj(std::move(members)));
  }
  const bool refused_all = counts[3] > 0 && !state.request.partial;
  core::JsonObject members{
      {"status", Str(refused_all ? "rejected" : "complete")},
      {"source", Str(state.request.source)},
      {"imported", Int(counts[0])},
      {"updated", Int(counts[1])},
      {"unchanged", Int(counts[2])},
      {"ignored", Int(static_cast<std::int64_t>(state.request.plan.ignored.size()))},
      {"rejected", Int(counts[3])},
      {"items", JsonValue::Array(std::move(items))}};
  if (committed) internal::AppendReceipt(*committed, members);
  return Obj(std::move(members));
}

Reply Refused(const ImportState& state) {
  std::vector<model::FieldError> fields;
  for (const auto& item : state.items)
    if (item.outcome == Outcome::kRejected) fields.push_back({item.pointer, item.reason});
  Reply reply = internal::Invalid(std::move(fields));
  reply.error->message = "import refused, nothing was written: " + reply.error->message;
  return reply;
}

}  // namespace

void Registry::Import(const Caller& caller, ImportRequest request, ReplyFn reply) {
  if (auto denied = internal::RequireRole(caller, {privacy::Role::kSecretariat}, "import records"))
    return reply(internal::Failed(*denied));
  auto state = std::make_shared<ImportState>();
  state->request = std::move(request);
  const exchange::ImportPlan& plan = state->request.plan;
  const SubmissionReferences references{*options_.methodology, *options_.dependencies,
                                        *options_.catalogue, *options_.adherence};
  state->items.reserve(plan.reports.size() + plan.techniques.size() + plan.advisories.size());
  for (std::size_t i = 0; i < plan.reports.size(); ++i) {
    const auto& imported = plan.reports[i];
    Item item{"report",           "/reports/" + std::to_string(i),
              imported.source,    imported.report.id.ToString(),
              Outcome::kImported, ""};
    auto prepared = PrepareSubmission(
        Obj({{"report", model::IncidentReportToJson(imported.report)}}), references);
    if (auto* errors = std::get_if<std::vector<model::FieldError>>(&prepared)) {
      // The submission's pointers ("/report/narrative") continue the item's.
      item.outcome = Outcome::kRejected;
      if (!errors->empty()) item.pointer += errors->front().pointer;
      item.reason = errors->empty() ? "the report is invalid" : errors->front().message;
      if (errors->size() > 1)
        item.reason += " (and " + std::to_string(errors->size() - 1) + " more)";
      state->prepared.push_back(nullptr);
    } else {
      state->prepared.push_back(
          std::make_shared<PreparedReport>(std::move(std::get<PreparedReport>(prepared))));
    }
    state->items.push_back(std::move(item));
  }
  for (std::size_t i = 0; i < plan.techniques.size(); ++i)
    state->items.push_back(Item{"technique", "/techniques/" + std::to_string(i),
                                plan.techniques[i].id, plan.techniques[i].id, Outcome::kImported,
                                ""});
  for (std::size_t i = 0; i < plan.advisories.size(); ++i)
    state->items.push_back(Item{"advisory", "/advisories/" + std::to_string(i),
                                plan.advisories[i].tracking_id, plan.advisories[i].tracking_id,
                                Outcome::kImported, ""});
  Actor actor{caller.reader.party_id, caller.token_id};
  sequencer_->Submit([state, actor](BatchView& view) { return Decide(*state, actor, view); },
                     [state, reply](core::Result<Committed> committed) {
                       if (!committed) {
                         if (state->nothing_to_write)
                           return reply(internal::Answer(Summary(*state, nullptr)));
                         bool refused = false;
                         for (const auto& item : state->items)
                           refused = refused || item.outcome == Outcome::kRejected;
                         if (refused && !state->request.partial &&
                             committed.error().code == core::ErrorCode::kInvalidArgument)
                           return reply(Refused(*state));
                         return reply(internal::Failed(committed.error().Context("import")));
                       }
                       reply(internal::Answer(Summary(*state, &*committed)));
                     });
}

}  // namespace accord::registry
