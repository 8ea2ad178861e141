// Registry: the STIX feed (stix_feed.h), what the TAXII "reports"
// collection serves.
#include "registry/stix_feed.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/json_reader.h"
#include "exchange/stix_report.h"
#include "exchange/tlp_markings.h"
#include "model/report_codec.h"
#include "registry/internal/replies.h"
#include "registry/internal/report_access.h"
#include "registry/records.h"
#include "registry/registry.h"

namespace accord::registry {
namespace {

using core::JsonType;
using core::JsonValue;
using internal::Obj;
using internal::Str;

// Rows read from the store per query while walking the feed.
constexpr std::size_t kRowBatch = 200;

// The objects at one position of the feed's order.
struct Unit {
  std::uint64_t position = 0;
  core::Timestamp date_added{};
  std::vector<JsonValue> objects;
  std::string report_id;       // "" for position 0
  std::string logged_marking;  // set when showing it is a read that must be logged
};

// Position 0: what every consumer needs to read the reports' markings and
// extensions. Built once: the objects are constants.
const std::vector<JsonValue>& DefinitionObjects() {
  static const std::vector<JsonValue> objects = [] {
    std::vector<JsonValue> out;
    std::set<std::string> ids;
    for (const auto& marking : exchange::Tlp2MarkingDefinitions()) {
      out.push_back(exchange::Tlp2MarkingDefinitionJson(marking.tlp));
      ids.insert(std::string(marking.id));
    }
    // The extension definitions exactly as an export carries them: a
    // bundle of no report holds those alone.
    JsonValue bundle = exchange::EncodeStixBundle({}, "bundle--00000000-0000-4000-8000-000000000000");
    if (const JsonValue* objects = bundle.Find("objects"); objects && objects->type() == JsonType::kArray)
      for (const auto& object : objects->AsArray()) {
        const JsonValue* id = object.Find("id");
        if (id == nullptr || id->type() != JsonType::kString || !ids.insert(id->AsString()).second) continue;
        out.push_back(object);
      }
    return out;
  }();
  return objects;
}

core::Result<core::Timestamp> ParseStoredTime(const std::string& text, const std::string& what) {
  auto time = core::ParseRfc3339(text);
  if (!time) return core::Corrupt(what + ": " + time.error().message);
  return *time;
}

// A copy of the public form without its envelope: for a report the public
// reads entirely, the report as the public may see it (narrative scrubbed).
JsonValue WithoutEnvelope(const JsonValue& public_form) {
  core::JsonObject members;
  for (const auto& member : public_form.AsObject())
    if (member.name != "envelope") members.push_back(member);
  return JsonValue::Object(std::move(members));
}

// The unit of one stored report as `caller` sees it, or nullopt when the
// caller does not read it in full (stix_feed.h).
core::Result<std::optional<Unit>> ReportUnit(const Caller& caller, const store::ReportRow& row,
                                             core::Timestamp date_added) {
  const std::string what = "report " + row.id;
  exchange::StixExportOptions options;
  options.created = row.submitted_at;
  options.modified = row.updated_at;
  Unit unit;
  unit.position = row.updated_seq;
  unit.date_added = date_added;
  unit.report_id = row.id;
  model::DecodeResult decoded;
  if (caller.anonymous()) {
    if (!internal::PublicReadsAll(row)) return std::optional<Unit>();
    auto public_form = core::ParseJsonStrict(row.public_json);
    if (!public_form || public_form->type() != JsonType::kObject)
      return core::Corrupt(what + ": stored public form does not parse");
    decoded = model::DecodeIncidentReport(WithoutEnvelope(*public_form));
  } else {
    if (internal::AccessFor(caller, row) != internal::ReportAccess::kFull) return std::optional<Unit>();
    auto full = internal::ParseStored(row.full_json, what);
    if (!full) return full.error();
    auto record = ReportFromJson(*full);
    if (!record) return record.error().Context(what);
    decoded = model::DecodeIncidentReport(record->report);
    exchange::StixAssessment assessment;
    const Severity& severity = record->severity;
    assessment.methodology_version = severity.methodology_version;
    assessment.score = severity.score;
    assessment.level = severity.level;
    assessment.confidence = severity.confidence;
    assessment.low = severity.low;
    assessment.high = severity.high;
    assessment.verdicts = record->verdicts;
    assessment.assessed_at = row.updated_at;
    options.assessment = std::move(assessment);
    const model::Tlp shown = internal::TlpOf(row.max_tlp);
    if (privacy::ReadMustBeLogged(shown, caller.reader, internal::AccessOf(row)))
      unit.logged_marking = std::string(model::TlpName(shown));
  }
  // A stored report that no longer decodes is stored data gone wrong: the
  // feed stops rather than skip it silently.
  if (!decoded) return decoded.ToError().Context(what);
  unit.objects = exchange::EncodeReportAsStix(*decoded.report, options);
  return std::optional<Unit>(std::move(unit));
}

// Gathers one page (stix_feed.h); `Offer` takes each unit in order and
// says when the page is decided.
class PageBuilder {
 public:
  explicit PageBuilder(const StixFeedRequest& request)
      : request_(request), start_(request.start.value_or(exchange::TaxiiCursor{})) {}

  const exchange::TaxiiCursor& start() const { return start_; }

  // Whether the unit at this position could hold an object of the page.
  bool Wanted(std::uint64_t position, core::Timestamp date_added) const {
    if (position < start_.position) return false;
    return !request_.query.added_after || date_added > *request_.query.added_after;
  }

  // Adds the unit's matching objects. Returns true once the page is full
  // and the next matching object has been seen: the page is decided.
  bool Offer(Unit& unit) {
    std::size_t first = unit.position == start_.position ? static_cast<std::size_t>(start_.offset) : 0;
    for (std::size_t i = first; i < unit.objects.size(); ++i) {
      JsonValue& object = unit.objects[i];
      const JsonValue* id = object.Find("id");
      if (id == nullptr || id->type() != JsonType::kString) continue;
      if (request_.object_id && id->AsString() != *request_.object_id) continue;
      if (!exchange::MatchesTaxiiFilters(request_.query, object)) continue;
      std::string version = exchange::StixObjectVersion(object);
      if (!exchange::MatchesOnlyVersion(request_.query.versions, version)) continue;
      exchange::TaxiiCursor position{unit.position, i};
      if (page_.objects.size() == request_.limit) {
        Decide(position, unit.date_added);
        return true;
      }
      if (!unit.report_id.empty()) shown_[unit.position] = {unit.report_id, unit.logged_marking};
      page_.objects.push_back(StixFeedObject{std::move(object), id->AsString(), std::move(version),
                                             unit.date_added, position});
    }
    return false;
  }

  // The scan stopped short at `position` (its budget): more may follow.
  void StopAfter(std::uint64_t position) {
    page_.more = true;
    page_.next = exchange::TaxiiCursor{position + 1, 0};
  }

  StixFeedPage Take() { return std::move(page_); }

  // (report id, marking) of the reports whose objects the page shows and
  // whose showing must be logged.
  std::vector<std::pair<std::string, std::string>> LoggedReads() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& entry : shown_) {
      // Not a structured binding: clang 14 (the fuzz build) cannot capture
      // one in a lambda.
      const auto& position = entry.first;
      const auto& report = entry.second;
      if (report.second.empty()) continue;
      bool on_page = std::any_of(page_.objects.begin(), page_.objects.end(),
                                 [&](const StixFeedObject& o) { return o.position.position == position; });
      if (on_page) out.push_back(report);
    }
    return out;
  }

 private:
  // The page is full and the object at `next` (dated `next_date`) matches
  // too. TAXII 3.5 lets a client continue with added_after =
  // X-TAXII-Date-Added-Last, which skips whatever shares that date: so the
  // page ends where date_added changes, when it can without emptying it.
  void Decide(exchange::TaxiiCursor next, core::Timestamp next_date) {
    page_.more = true;
    page_.next = next;
    auto& objects = page_.objects;
    if (objects.back().date_added != next_date) return;
    std::size_t keep = objects.size();
    while (keep > 0 && objects[keep - 1].date_added == next_date) --keep;
    if (keep == 0) return;
    page_.next = objects[keep].position;
    objects.resize(keep);
  }

  const StixFeedRequest& request_;
  exchange::TaxiiCursor start_;
  StixFeedPage page_;
  // Position -> (report id, marking of a read that must be logged, or "").
  std::map<std::uint64_t, std::pair<std::string, std::string>> shown_;
};

}  // namespace

void Registry::ReadStixFeed(const Caller& caller, StixFeedRequest request, StixFeedReplyFn reply) {
  if (request.limit == 0) request.limit = 1;
  PageBuilder page(request);
  bool decided = false;

  // Position 0: the definitions, dated when the node began.
  if (page.start().position == 0) {
    auto first = store_.GetEvent(0);
    if (!first) return reply(first.error().Context("read the node's first event"));
    auto began = ParseStoredTime(first->at, "event 0");
    if (!began) return reply(began.error());
    if (page.Wanted(0, *began)) {
      Unit unit{0, *began, DefinitionObjects(), "", ""};
      decided = page.Offer(unit);
    }
  }

  auto offer_row = [&](const store::ReportRow& row) -> core::Result<bool> {
    auto date_added = ParseStoredTime(row.updated_at, "report " + row.id + ": updated_at");
    if (!date_added) return date_added.error();
    if (!page.Wanted(row.updated_seq, *date_added)) return false;
    auto unit = ReportUnit(caller, row, *date_added);
    if (!unit) return unit.error();
    if (!*unit) return false;
    return page.Offer(**unit);
  };

  // An incident's report is found by id (issue 7: "incident--<uuid>" is
  // the report "incident-report--<uuid>"); other ids need the walk.
  constexpr std::string_view kIncidentPrefix = "incident--";
  if (!decided && request.object_id && request.object_id->starts_with(kIncidentPrefix)) {
    auto row = store_.GetReport("incident-report--" + request.object_id->substr(kIncidentPrefix.size()));
    if (!row && row.error().code != core::ErrorCode::kNotFound) return reply(row.error());
    if (row && !row->withdrawn) {
      auto offered = offer_row(*row);
      if (!offered) return reply(offered.error());
    }
  } else if (!decided) {
    store::ReportFilter filter;
    filter.include_exercise = true;
    filter.limit = kRowBatch;
    filter.updated_from_seq = std::max<std::uint64_t>(page.start().position, 1);
    std::size_t scanned = 0;
    while (!decided) {
      auto rows = store_.ListReports(filter);
      if (!rows) return reply(rows.error().Context("read the STIX feed"));
      for (const auto& row : *rows) {
        auto offered = offer_row(row);
        if (!offered) return reply(offered.error());
        if ((decided = *offered)) break;
        filter.updated_from_seq = row.updated_seq + 1;
        if (++scanned >= kStixFeedMaxScannedReports) {
          page.StopAfter(row.updated_seq);
          decided = true;
          break;
        }
      }
      if (rows->size() < kRowBatch) break;  // the end of the store
    }
  }

  auto logged = page.LoggedReads();
  StixFeedPage result = page.Take();
  if (logged.empty()) return reply(std::move(result));
  // DESIGN.md: a secretariat read of TLP:AMBER or above is an event,
  // durable before the content is shown; one per report on the page.
  Actor actor{caller.reader.party_id, caller.token_id};
  sequencer_->Submit(
      [actor, logged](BatchView&) -> core::Result<std::vector<Event>> {
        std::vector<Event> events;
        for (const auto& [id, marking] : logged) {
          Event event;
          event.type = std::string(event_type::kReportRead);
          event.subject = id;
          event.actor = actor;
          event.public_body =
              Obj({{"report_id", Str(id)}, {"reader_party_id", Str(actor.party_id)}, {"marking", Str(marking)}});
          event.full_body = Obj({{"report_id", Str(id)},
                                 {"reader_party_id", Str(actor.party_id)},
                                 {"token_id", Str(actor.token_id)},
                                 {"marking", Str(marking)}});
          events.push_back(std::move(event));
        }
        return events;
      },
      [reply, result = std::move(result)](core::Result<Committed> committed) mutable {
        if (!committed) return reply(committed.error().Context("record the reads of the STIX feed"));
        reply(std::move(result));
      });
}

}  // namespace accord::registry
