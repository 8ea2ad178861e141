// Registry: reading reports, cut to what each reader may see
// (docs/visibility.md), and the public statistics.
#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "assess/methodology.h"
#include "core/canonical_json.h"
#include "core/iso3166.h"
#include "exchange/csv.h"
#include "norms/catalogue.h"
#include "norms/evaluate.h"
#include "registry/internal/replies.h"
#include "registry/internal/report_access.h"
#include "registry/registry.h"
#include "registry/request_decoding.h"

namespace accord::registry {
namespace {

using core::JsonType;
using core::JsonValue;
using internal::Int;
using internal::Obj;
using internal::ParseStored;
using internal::Str;

// A list request scans at most this many rows for its page; past it, the
// page may be short and next_cursor continues the scan.
constexpr std::size_t kMaxScan = 5000;
constexpr std::size_t kScanBatch = 200;

using internal::AccessOf;
using internal::PublicReadsAll;
using internal::TlpOf;

// A copy of `value` with the subtrees at `pointers` replaced by null.
JsonValue WithNulls(const JsonValue& value, const std::set<std::string>& pointers,
                    const std::string& here) {
  if (pointers.count(here)) return JsonValue::Null();
  if (value.type() == JsonType::kObject) {
    core::JsonObject members;
    for (const auto& member : value.AsObject()) {
      std::string escaped;
      for (char c : member.name) {
        if (c == '~') escaped += "~0";
        else if (c == '/') escaped += "~1";
        else escaped += c;
      }
      members.push_back({member.name, WithNulls(member.value, pointers, here + "/" + escaped)});
    }
    return JsonValue::Object(std::move(members));
  }
  if (value.type() == JsonType::kArray) {
    core::JsonArray items;
    std::size_t index = 0;
    for (const auto& item : value.AsArray())
      items.push_back(WithNulls(item, pointers, here + "/" + std::to_string(index++)));
    return JsonValue::Array(std::move(items));
  }
  return value;
}

bool ReadsAll(const Caller& caller, const store::ReportRow& row) {
  if (caller.anonymous()) return PublicReadsAll(row);
  return privacy::MayRead(TlpOf(row.max_tlp), caller.reader, AccessOf(row));
}

// The list view as CSV (RFC 4180, exchange/csv.h): the same items, hence
// the same visibility, one row each; arrays joined with ';'. The cursor of
// the next page goes in the X-Next-Cursor header.
Reply ItemsAsCsv(const core::JsonArray& items, std::optional<std::uint64_t> next_cursor) {
  static const std::vector<std::string> kColumns{
      "id",     "version",        "withdrawn",       "submitted_at",  "log_index", "month",   "affected_states",
      "sectors", "severity_level", "verdict_summary", "reporter_kind", "exercise",  "title"};
  auto text = [](const JsonValue* value) -> std::string {
    if (value == nullptr) return "";
    switch (value->type()) {
      case JsonType::kString: return value->AsString();
      case JsonType::kBool: return value->AsBool() ? "true" : "false";
      case JsonType::kNumber: return core::FormatJsonNumber(value->AsNumber());
      case JsonType::kArray: {
        std::string joined;
        for (const auto& element : value->AsArray())
          if (element.type() == JsonType::kString) joined += (joined.empty() ? "" : ";") + element.AsString();
        return joined;
      }
      default: return "";
    }
  };
  Reply reply;
  reply.content_type = "text/csv; charset=utf-8; header=present";  // RFC 4180 section 3
  exchange::AppendCsvRecord(kColumns, reply.raw_body);
  for (const auto& item : items) {
    const JsonValue* envelope = item.Find("envelope");
    auto from_envelope = [&](std::string_view name) { return envelope ? envelope->Find(name) : nullptr; };
    const JsonValue* month = from_envelope("month");
    std::vector<std::string> row{text(item.Find("id")),
                                 text(item.Find("version")),
                                 text(item.Find("withdrawn")),
                                 text(item.Find("submitted_at")),
                                 text(item.Find("log_index")),
                                 text(month ? month : from_envelope("year")),
                                 text(from_envelope("affected_states")),
                                 text(from_envelope("sectors")),
                                 text(from_envelope("severity_level")),
                                 text(from_envelope("verdict_summary")),
                                 text(from_envelope("reporter_kind")),
                                 text(from_envelope("exercise")),
                                 text(item.Find("title"))};
    exchange::AppendCsvRecord(row, reply.raw_body);
  }
  if (next_cursor) reply.headers.emplace_back("X-Next-Cursor", "c" + std::to_string(*next_cursor));
  return reply;
}

}  // namespace

void Registry::GetReport(const Caller& caller, const std::string& id, ReplyFn reply) {
  auto row = internal::LoadReportRow(store_, id);
  if (!row) return reply(internal::Failed(row.error()));
  const privacy::RecordAccess record_access = AccessOf(*row);
  const internal::ReportAccess level = internal::AccessFor(caller, *row);
  const std::string access = level == internal::ReportAccess::kFull      ? "full"
                             : level == internal::ReportAccess::kPartial ? "partial"
                                                                         : "public";
  if (access == "public") {
    // The most frequent read, and the public form is stored canonical: the
    // answer is written around it without parsing it again. Members in RFC
    // 8785 order.
    Reply answer;
    std::string& out = answer.raw_body;
    out.reserve(row->public_json.size() + 256);
    out += "{\"access\":\"public\",\"id\":";
    core::AppendCanonical(Str(row->id), out);
    out += ",\"log_index\":" + std::to_string(row->updated_seq) + ",\"public_form\":";
    out += row->public_json;
    out += ",\"submitted_at\":";
    core::AppendCanonical(Str(row->submitted_at), out);
    out += ",\"updated_at\":";
    core::AppendCanonical(Str(row->updated_at), out);
    out += ",\"version\":" + std::to_string(row->version);
    out += std::string(",\"withdrawn\":") + (row->withdrawn ? "true" : "false") + "}";
    return reply(std::move(answer));
  }
  auto public_form = ParseStored(row->public_json, "report " + id);
  if (!public_form) return reply(internal::Failed(public_form.error()));
  core::JsonObject members{{"id", Str(row->id)},
                           {"version", Int(row->version)},
                           {"withdrawn", internal::Bool(row->withdrawn)},
                           {"submitted_at", Str(row->submitted_at)},
                           {"updated_at", Str(row->updated_at)},
                           {"log_index", Int(static_cast<std::int64_t>(row->updated_seq))},
                           {"access", Str(access)},
                           {"public_form", std::move(*public_form)}};
  model::Tlp shown = model::Tlp::kClear;
  if (access != "public") {
    auto full = ParseStored(row->full_json, "report " + id);
    if (!full) return reply(internal::Failed(full.error()));
    auto record = ReportFromJson(*full);
    if (!record) return reply(internal::Failed(record.error()));
    if (access == "full") {
      shown = TlpOf(row->max_tlp);
      members.push_back({"report", record->report});
      const Severity& s = record->severity;
      members.push_back({"severity", Obj({{"methodology_version", Str(s.methodology_version)},
                                          {"score", Int(s.score)},
                                          {"level", Str(s.level)},
                                          {"confidence", Str(s.confidence)},
                                          {"range", Obj({{"low", Int(s.low)}, {"high", Int(s.high)}})}})});
      core::JsonArray verdicts;
      for (const auto& [norm, verdict] : record->verdicts)
        verdicts.push_back(Obj({{"norm", Str(norm)}, {"verdict", Str(verdict)}}));
      members.push_back({"verdicts", JsonValue::Array(std::move(verdicts))});
      members.push_back({"verdict_summary", record->verdict_summary});
      members.push_back({"recipients", internal::StrArray(record->recipients)});
      if (caller.reader.party_id == row->submitter_party_id)
        members.push_back({"salts", record->salts});
    } else {
      // `shown` is the most restrictive marking of what the answer holds:
      // a secretariat reading a GREEN report sees its AMBER fields too,
      // and that read must be logged as one of AMBER.
      shown = TlpOf(row->tlp);
      std::set<std::string> withheld;
      if (const JsonValue* field_tlp = record->report.Find("field_tlp");
          field_tlp && field_tlp->type() == JsonType::kObject)
        for (const auto& member : field_tlp->AsObject()) {
          if (member.value.type() != JsonType::kString) continue;
          const model::Tlp marking = TlpOf(member.value.AsString());
          if (privacy::MayRead(marking, caller.reader, record_access))
            shown = model::MostRestrictive(shown, marking);
          else
            withheld.insert(member.name);
        }
      members.push_back({"report", WithNulls(record->report, withheld, "")});
      members.push_back({"withheld", internal::StrArray({withheld.begin(), withheld.end()})});
    }
  }
  Reply answer = internal::Answer(Obj(std::move(members)));
  if (access == "public" || !privacy::ReadMustBeLogged(shown, caller.reader, record_access))
    return reply(std::move(answer));
  // DESIGN.md: every read of TLP:AMBER or above by the secretariat is an
  // event, durable before the content is shown.
  Actor actor{caller.reader.party_id, caller.token_id};
  std::string marking(model::TlpName(shown));
  sequencer_->Submit(
      [actor, id, marking](BatchView&) -> core::Result<std::vector<Event>> {
        Event event;
        event.type = std::string(event_type::kReportRead);
        event.subject = id;
        event.actor = actor;
        event.public_body = Obj({{"report_id", Str(id)},
                                 {"reader_party_id", Str(actor.party_id)},
                                 {"marking", Str(marking)}});
        event.full_body = Obj({{"report_id", Str(id)},
                               {"reader_party_id", Str(actor.party_id)},
                               {"token_id", Str(actor.token_id)},
                               {"marking", Str(marking)}});
        return std::vector<Event>{std::move(event)};
      },
      [reply, answer = std::move(answer)](core::Result<Committed> committed) mutable {
        if (!committed) return reply(internal::Failed(committed.error().Context("record the read")));
        reply(std::move(answer));
      });
}

Reply Registry::ListReports(const Caller& caller, const QueryParams& params) const {
  const auto& methodology = *options_.methodology;
  const auto& catalogue = *options_.catalogue;
  auto parsed = ParseReportQuery(params, /*list=*/true, methodology, catalogue);
  if (!parsed) return internal::Failed(parsed.error());
  store::ReportFilter filter = parsed->filter;
  const bool envelope_filter = filter.state || filter.sector || filter.level || filter.period_from ||
                               filter.period_to;
  // The public filters on what public envelopes show, and nothing else.
  if (caller.anonymous() && envelope_filter) filter.envelope_public_only = true;
  // A parties-only envelope hides the exercise flag too (privacy::PublicForm),
  // so for the public only exercises with a public envelope are left out:
  // leaving the others out would tell which of them are exercises.
  const bool public_exercise_filter = caller.anonymous() && !filter.include_exercise;
  if (public_exercise_filter) filter.include_exercise = true;
  const bool verdict_filter = filter.norm || filter.verdict;
  filter.limit = kScanBatch;

  core::JsonArray items;
  std::optional<std::uint64_t> next_cursor;
  std::size_t scanned = 0;
  for (;;) {
    auto rows = store_.ListReports(filter);
    if (!rows) return internal::Failed(rows.error());
    for (const auto& row : *rows) {
      ++scanned;
      filter.before_seq = row.submitted_seq;
      // Verdicts come from the whole report: they filter only reports the
      // reader may read in full, or the filter would reveal what it hides.
      if (verdict_filter && !ReadsAll(caller, row)) continue;
      // A parties-only envelope is read under the report's own marking
      // (docs/visibility.md): it matches an envelope filter only for a
      // reader who may read the report, and its severity level only for one
      // who may read all of it (the level is computed from every field).
      if (envelope_filter && row.envelope_visibility != "public" && !caller.anonymous()) {
        if (!privacy::MayRead(TlpOf(row.tlp), caller.reader, AccessOf(row))) continue;
        if (filter.level && !ReadsAll(caller, row)) continue;
      }
      if (public_exercise_filter && row.exercise && row.envelope_visibility == "public") continue;
      auto public_form = ParseStored(row.public_json, "report " + row.id);
      if (!public_form) return internal::Failed(public_form.error());
      core::JsonObject members{{"id", Str(row.id)},
                               {"version", Int(row.version)},
                               {"withdrawn", internal::Bool(row.withdrawn)},
                               {"submitted_at", Str(row.submitted_at)},
                               {"log_index", Int(static_cast<std::int64_t>(row.updated_seq))}};
      if (const JsonValue* envelope = public_form->Find("envelope")) members.push_back({"envelope", *envelope});
      const JsonValue* public_title = public_form->Find("title");
      if (public_title && public_title->type() == JsonType::kString) {
        members.push_back({"title", *public_title});
      } else if (!caller.anonymous()) {
        model::Tlp title_marking = TlpOf(row.tlp);
        if (const JsonValue* field_tlp = public_form->Find("field_tlp"))
          if (const JsonValue* marked = field_tlp->Find("/title"); marked && marked->type() == JsonType::kString)
            title_marking = TlpOf(marked->AsString());
        // A title the secretariat could read only through a logged read
        // (AMBER or above) stays out of lists: reading it is for GET one
        // report, which records the read first.
        if (privacy::MayRead(title_marking, caller.reader, AccessOf(row)) &&
            !privacy::ReadMustBeLogged(title_marking, caller.reader, AccessOf(row))) {
          auto full = ParseStored(row.full_json, "report " + row.id);
          if (!full) return internal::Failed(full.error());
          if (const JsonValue* report = full->Find("report"))
            if (const JsonValue* title = report->Find("title")) members.push_back({"title", *title});
        }
      }
      items.push_back(Obj(std::move(members)));
      if (items.size() == parsed->limit) break;
    }
    if (items.size() == parsed->limit) {
      next_cursor = filter.before_seq;
      break;
    }
    if (rows->size() < kScanBatch) break;  // the end of the registry
    if (scanned >= kMaxScan) {
      next_cursor = filter.before_seq;
      break;
    }
  }
  if (parsed->csv) return ItemsAsCsv(items, next_cursor);
  return internal::Answer(
      Obj({{"items", JsonValue::Array(std::move(items))},
           {"next_cursor", next_cursor ? Str("c" + std::to_string(*next_cursor)) : JsonValue::Null()}}));
}

Reply Registry::Statistics(const QueryParams& params) const {
  constexpr auto kStatisticsMaxAge = std::chrono::seconds(30);
  constexpr std::size_t kMaxCachedQueries = 256;
  std::string key;
  for (const auto& [name, value] : params) key += name + '\x1f' + value + '\x1e';
  const std::uint64_t tree_size = log_.size();
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(statistics_mutex_);
    if (auto it = statistics_.find(key); it != statistics_.end() &&
                                         (it->second.tree_size == tree_size ||
                                          now - it->second.computed < kStatisticsMaxAge))
      return it->second.reply;
  }
  Reply reply = ComputeStatistics(params);
  if (reply.error) return reply;
  std::lock_guard lock(statistics_mutex_);
  if (statistics_.size() >= kMaxCachedQueries) statistics_.clear();
  statistics_[key] = CachedStatistics{tree_size, now, reply};
  return reply;
}

Reply Registry::ComputeStatistics(const QueryParams& params) const {
  const auto& methodology = *options_.methodology;
  const auto& catalogue = *options_.catalogue;
  auto parsed = ParseReportQuery(params, /*list=*/false, methodology, catalogue);
  if (!parsed) return internal::Failed(parsed.error());
  const std::string group_name = parsed->group_by.value_or("month");
  const store::GroupBy group_by = *ParseGroupBy(group_name);
  // Read before counting: the counts cover at least this much of the log.
  const std::uint64_t tree_size = log_.size();
  // Statistics are the public's, whoever asks: computed from public
  // envelopes only, so that anyone can recompute them from the log.
  store::ReportFilter filter = parsed->filter;
  filter.envelope_public_only = true;
  filter.include_exercise = false;
  filter.include_withdrawn = false;
  auto groups = store_.CountReports(filter, group_by);
  if (!groups) return internal::Failed(groups.error());
  auto months = store_.CountReports(filter, store::GroupBy::kMonth);
  if (!months) return internal::Failed(months.error());
  std::int64_t total = 0;
  for (const auto& month : *months) total += month.count;

  // Reports whose envelope is parties-only show only their month; the
  // public counts them per month (exercises included: the flag is hidden
  // too), filtered by period only.
  store::ReportFilter period;
  period.period_from = filter.period_from;
  period.period_to = filter.period_to;
  period.include_exercise = true;
  auto all = store_.CountReports(period, store::GroupBy::kMonth);
  if (!all) return internal::Failed(all.error());
  period.envelope_public_only = true;
  auto published = store_.CountReports(period, store::GroupBy::kMonth);
  if (!published) return internal::Failed(published.error());
  std::map<std::string, std::int64_t> withheld;
  for (const auto& group : *all) withheld[group.key] += group.count;
  for (const auto& group : *published) withheld[group.key] -= group.count;

  core::JsonArray group_items;
  for (const auto& group : *groups)
    group_items.push_back(Obj({{"key", Str(group.key)}, {"count", Int(group.count)}}));
  core::JsonArray withheld_items;
  for (const auto& [month, count] : withheld)
    if (count > 0) withheld_items.push_back(Obj({{"month", Str(month)}, {"count", Int(count)}}));
  return internal::Answer(Obj({{"group_by", Str(group_name)},
                               {"tree_size", Int(static_cast<std::int64_t>(tree_size))},
                               {"groups", JsonValue::Array(std::move(group_items))},
                               {"total", Int(total)},
                               {"withheld", JsonValue::Array(std::move(withheld_items))}}));
}

}  // namespace accord::registry
