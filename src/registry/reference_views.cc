// Registry: reading the reference data imports bring (ATT&CK techniques,
// vendor advisories), the advisories linked to a report by its CVE ids,
// and the party directory as CSV. Reference data is public: ATT&CK and
// CSAF advisories are published documents.
#include <algorithm>
#include <charconv>
#include <set>

#include "core/canonical_json.h"
#include "exchange/csv.h"
#include "exchange/import_plan_json.h"
#include "registry/internal/list_params.h"
#include "registry/internal/replies.h"
#include "registry/internal/report_access.h"
#include "registry/registry.h"

namespace accord::registry {
namespace {

using core::JsonType;
using core::JsonValue;
using internal::Int;
using internal::ItemsAsCsv;
using internal::Obj;
using internal::ParseStored;
using internal::ReadParams;
using internal::Str;
using internal::WantsCsv;

constexpr std::size_t kDefaultAdvisoryLimit = 100;
constexpr std::size_t kMaxAdvisoryLimit = 1000;

core::Result<std::size_t> ReadCount(const std::map<std::string, std::string>& params,
                                    const std::string& name, std::size_t fallback, std::size_t min,
                                    std::size_t max) {
  auto it = params.find(name);
  if (it == params.end()) return fallback;
  std::size_t value = 0;
  const std::string& text = it->second;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
    return core::InvalidArgument("query parameter \"" + name + "\": must be an integer from " +
                                 std::to_string(min) + " to " + std::to_string(max));
  return value;
}

// A stored record with the index of the event that recorded it.
core::Result<JsonValue> WithLogIndex(const std::string& json, std::uint64_t seq,
                                     const std::string& what) {
  auto parsed = ParseStored(json, what);
  if (!parsed) return parsed.error();
  core::JsonObject members = parsed->AsObject();
  members.push_back({"log_index", Int(static_cast<std::int64_t>(seq))});
  return Obj(std::move(members));
}

const std::vector<std::string> kTechniqueColumns{
    "id", "name", "domain", "tactics", "deprecated", "url", "modified", "stix_id", "log_index"};
const std::vector<std::string> kAdvisoryColumns{"publisher",
                                                "tracking_id",
                                                "title",
                                                "initial_release_date",
                                                "current_release_date",
                                                "tracking_version",
                                                "cves",
                                                "url",
                                                "log_index"};

model::Tlp TlpOf(const std::string& name) {
  return model::ParseTlp(name).value_or(model::Tlp::kRed);
}

std::vector<std::string> Strings(const JsonValue* value) {
  std::vector<std::string> out;
  if (value == nullptr || value->type() != JsonType::kArray) return out;
  for (const auto& item : value->AsArray())
    if (item.type() == JsonType::kString) out.push_back(item.AsString());
  return out;
}

// The CVE ids of report `row` that `caller` may see (docs/visibility.md):
// those its public form shows in plain (a CLEAR field of a published
// record; a committed one is an object), or, for a party that may read
// the report's marking, the report's own when no field marking touches
// them. A read the secretariat would have to log (AMBER or above) is not
// made here: the advisories route shows what the public form shows.
core::Result<std::vector<std::string>> VisibleVulnerabilities(const Caller& caller,
                                                              const store::ReportRow& row) {
  auto public_form = ParseStored(row.public_json, "report " + row.id);
  if (!public_form) return public_form.error();
  std::vector<std::string> shown = Strings(public_form->Find("vulnerabilities"));
  if (caller.anonymous()) return shown;
  const privacy::RecordAccess access{row.submitter_party_id, row.recipients, false};
  auto full = ParseStored(row.full_json, "report " + row.id);
  if (!full) return full.error();
  const JsonValue* report = full->Find("report");
  if (report == nullptr) return shown;
  model::Tlp marking = TlpOf(row.tlp);
  if (const JsonValue* field_tlp = report->Find("field_tlp");
      field_tlp && field_tlp->type() == JsonType::kObject)
    for (const auto& member : field_tlp->AsObject())
      if (member.name == "/vulnerabilities" || member.name.rfind("/vulnerabilities/", 0) == 0) {
        if (member.value.type() != JsonType::kString) return shown;
        marking = model::MostRestrictive(marking, TlpOf(member.value.AsString()));
      }
  if (!privacy::MayRead(marking, caller.reader, access) ||
      privacy::ReadMustBeLogged(marking, caller.reader, access))
    return shown;
  return Strings(report->Find("vulnerabilities"));
}

}  // namespace

Reply Registry::ListTechniques(const QueryParams& params) const {
  auto read = ReadParams(params, {"format"});
  if (!read) return internal::Failed(read.error());
  auto rows = store_.ListTechniques();
  if (!rows) return internal::Failed(rows.error());
  core::JsonArray items;
  items.reserve(rows->size());
  for (const auto& row : *rows) {
    auto item = WithLogIndex(row.json, row.updated_seq, "technique " + row.id);
    if (!item) return internal::Failed(item.error());
    items.push_back(std::move(*item));
  }
  if (WantsCsv(*read)) return ItemsAsCsv(items, kTechniqueColumns);
  return internal::Answer(Obj({{"items", JsonValue::Array(std::move(items))}}));
}

Reply Registry::ListAdvisories(const QueryParams& params) const {
  auto read = ReadParams(params, {"cve", "limit", "cursor", "format"});
  if (!read) return internal::Failed(read.error());
  store::AdvisoryFilter filter;
  if (auto it = read->find("cve"); it != read->end()) {
    if (!exchange::IsCveId(it->second))
      return internal::Failed(
          core::InvalidArgument("query parameter \"cve\": " + core::QuoteForMessage(it->second) +
                                " is not a CVE id (CVE-2024-12345)"));
    filter.cve = it->second;
  }
  auto limit = ReadCount(*read, "limit", kDefaultAdvisoryLimit, 1, kMaxAdvisoryLimit);
  if (!limit) return internal::Failed(limit.error());
  // The cursor is the offset of the next page, as next_cursor gave it.
  auto offset = ReadCount(*read, "cursor", 0, 0, std::size_t{1} << 40);
  if (!offset) return internal::Failed(offset.error());
  filter.limit = *limit;
  filter.offset = *offset;
  auto rows = store_.ListAdvisories(filter);
  if (!rows) return internal::Failed(rows.error());
  core::JsonArray items;
  for (const auto& row : *rows) {
    auto item = WithLogIndex(row.json, row.updated_seq, "advisory " + row.tracking_id);
    if (!item) return internal::Failed(item.error());
    items.push_back(std::move(*item));
  }
  std::optional<std::string> next;
  if (rows->size() == filter.limit) next = std::to_string(filter.offset + filter.limit);
  if (WantsCsv(*read)) {
    Reply reply = ItemsAsCsv(items, kAdvisoryColumns);
    if (next) reply.headers.emplace_back("X-Next-Cursor", *next);
    return reply;
  }
  return internal::Answer(Obj({{"items", JsonValue::Array(std::move(items))},
                               {"next_cursor", next ? Str(*next) : JsonValue::Null()}}));
}

Reply Registry::ReportAdvisories(const Caller& caller, const std::string& id,
                                 const QueryParams& params) const {
  auto read = ReadParams(params, {"format"});
  if (!read) return internal::Failed(read.error());
  auto row = internal::LoadReportRow(store_, id);
  if (!row) return internal::Failed(row.error());
  auto cves = VisibleVulnerabilities(caller, *row);
  if (!cves) return internal::Failed(cves.error());
  std::set<std::pair<std::string, std::string>> seen;
  core::JsonArray items;
  for (const auto& cve : *cves) {
    if (!exchange::IsCveId(cve)) continue;
    store::AdvisoryFilter filter{.cve = cve, .offset = 0, .limit = kMaxAdvisoryLimit};
    auto rows = store_.ListAdvisories(filter);
    if (!rows) return internal::Failed(rows.error());
    for (const auto& advisory : *rows) {
      if (!seen.emplace(advisory.publisher, advisory.tracking_id).second) continue;
      auto item =
          WithLogIndex(advisory.json, advisory.updated_seq, "advisory " + advisory.tracking_id);
      if (!item) return internal::Failed(item.error());
      items.push_back(std::move(*item));
    }
  }
  if (WantsCsv(*read)) return ItemsAsCsv(items, kAdvisoryColumns);
  return internal::Answer(Obj({{"report_id", Str(id)},
                               {"vulnerabilities", internal::StrArray(*cves)},
                               {"items", JsonValue::Array(std::move(items))}}));
}

}  // namespace accord::registry
