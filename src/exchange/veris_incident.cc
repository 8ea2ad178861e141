// VERIS -> report, the incident's own fields (internal/veris_mapper.h;
// docs/exchange/veris.md): incident_id and schema_version -> id, summary ->
// title, source_id -> reporter, timeline.incident -> times, plus.created or
// plus.modified -> reported_at, reference -> references, summary and notes
// -> narrative.
#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/encoding.h"
#include "core/id.h"
#include "core/time.h"
#include "exchange/internal/text.h"
#include "exchange/internal/veris_mapper.h"
#include "exchange/stix_mapping.h"
#include "model/json_pointer.h"

namespace accord::exchange::veris_internal {
namespace {

using core::JsonType;
using core::JsonValue;
using internal::Member;

// The UUIDv5 namespace that names non-UUID incident ids into UUIDs (see
// MapIdentity), e8c428db-fbf7-45ad-9e33-669ae17c7859: a random UUID chosen
// for VERIS, so that these ids cannot meet UUIDv5 names of other
// namespaces. Fixed forever: changing it changes the ids of every such
// record.
constexpr core::Uuid kVerisIdNamespace{{0xe8, 0xc4, 0x28, 0xdb, 0xfb, 0xf7, 0x45, 0xad, 0x9e,
                                        0x33, 0x66, 0x9a, 0xe1, 0x7c, 0x78, 0x59}};

// times.start and its precision from VERIS timeline.incident (year
// required; month, day and time refine it), or where and why it is wrong.
struct IncidentStart {
  core::Timestamp start;
  model::StartPrecision precision = model::StartPrecision::kYear;
  std::string ignored_time;  // why `time` was not used; "" if used or absent
  std::string problem_pointer;
  std::string problem;  // "" when start is meaningful
};

IncidentStart IncidentStartOf(const JsonValue& incident) {
  IncidentStart out;
  const auto fail = [&](std::string_view member, std::string reason) {
    out.problem_pointer = "/timeline/incident/" + std::string(member);
    out.problem = std::move(reason);
    return out;
  };
  std::string problem;
  const auto year = internal::IntegerMember(incident, "year", 1, 9999, problem);
  if (!year) return fail("year", problem.empty() ? "missing; VERIS requires the year" : problem);
  const auto month = internal::IntegerMember(incident, "month", 1, 12, problem);
  if (!problem.empty()) return fail("month", problem);
  const auto day = internal::IntegerMember(incident, "day", 1, 31, problem);
  if (!problem.empty()) return fail("day", problem);
  if (day && !month) return fail("day", "a day without a month; expected the month too");
  using namespace std::chrono;
  const year_month_day date{std::chrono::year(static_cast<int>(*year)),
                            std::chrono::month(static_cast<unsigned>(month.value_or(1))),
                            std::chrono::day(static_cast<unsigned>(day.value_or(1)))};
  if (!date.ok()) {
    return fail("day", "no day " + std::to_string(*day) + " in " + std::to_string(*year) + "-" +
                           std::to_string(*month));
  }
  out.start = time_point_cast<microseconds>(sys_days(date));
  out.precision = day     ? model::StartPrecision::kDay
                  : month ? model::StartPrecision::kMonth
                          : model::StartPrecision::kYear;
  const JsonValue* time = incident.Find("time");
  if (time != nullptr && day) {
    // VERIS writes "HH:MM:SS" (or "HH:MM"), in an unstated time zone: read
    // as UTC, as VCDB's coders enter it.
    const std::string_view text = TextOf(time);
    const auto two = [&](std::size_t at) -> int {
      if (at + 2 > text.size() || text[at] < '0' || text[at] > '9' || text[at + 1] < '0' ||
          text[at + 1] > '9')
        return -1;
      return (text[at] - '0') * 10 + (text[at + 1] - '0');
    };
    const int hour = two(0);
    const int minute = text.size() >= 5 && text[2] == ':' ? two(3) : -1;
    const int second = text.size() == 8 && text[5] == ':' ? two(6) : (text.size() == 5 ? 0 : -1);
    if (hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60) {
      out.start += hours(hour) + minutes(minute) + seconds(second);
      out.precision = model::StartPrecision::kSecond;
    } else {
      out.ignored_time = "time " + internal::Quote(time) +
                         " is not HH:MM or HH:MM:SS; the start is kept to the day";
    }
  } else if (time != nullptr) {
    out.ignored_time = "a time without a day; the start is kept to the month or year";
  }
  return out;
}

}  // namespace

void VerisMapper::MapIdentity() {
  const JsonValue* version = record_.Find("schema_version");
  const std::string_view text = TextOf(version);
  if (version == nullptr) {
    Reject("/schema_version", "missing; expected the VERIS schema version, 1.3.x or 1.4.x");
  } else if (text.substr(0, 4) != "1.3." && text.substr(0, 4) != "1.4." && text != "1.3" &&
             text != "1.4") {
    Reject("/schema_version", "VERIS schema " + internal::Quote(version) +
                                  " is not supported; expected 1.3.x or 1.4.x");
  }
  const JsonValue* incident_id = record_.Find("incident_id");
  const std::string_view id_text = TextOf(incident_id);
  if (id_text.empty()) {
    Reject("/incident_id", "expected the incident's id (a non-empty string), found " +
                               internal::Quote(incident_id));
  } else if (auto uuid = core::Uuid::Parse(id_text);
             uuid && uuid->version() >= 1 && uuid->version() <= 5 && uuid->is_rfc9562_variant()) {
    report_.id = {std::string(model::kIncidentReportType), *uuid};  // written in lower case
  } else {
    // Not a UUID: derive one, the same for every import of this record:
    // the name-based UUID of version 5 (RFC 9562 section 5.5) of the id's
    // UTF-8 text in kVerisIdNamespace (docs/exchange/veris.md).
    report_.id = {std::string(model::kIncidentReportType),
                  stix_internal::UuidV5(kVerisIdNamespace, id_text)};
  }
  Trace("/id", "/incident_id");
  if (TextOf(record_.Find("security_incident")) == "False positive") {
    Reject("/security_incident", "\"False positive\": the record describes no incident");
  }
  // Title: the summary, whitespace collapsed, cut at a word boundary.
  std::string title = internal::CollapseWhitespace(TextOf(record_.Find("summary")));
  if (title.empty()) title = "VERIS incident " + std::string(id_text.substr(0, 100));
  report_.title = internal::TruncateAtWord(title, 200);
  Trace("/title", "/summary");
}

void VerisMapper::MapReporterAndTimes() {
  const std::string_view source_id = TextOf(record_.Find("source_id"));
  report_.reporter.kind = model::ReporterKind::kWatchdog;
  if (source_id == "vcdb") {
    report_.reporter.name = std::string(kVcdbName);
  } else if (!source_id.empty()) {
    report_.reporter.name =
        internal::TruncateAtWord("VERIS data set \"" + std::string(source_id) + "\"", 200);
  } else {
    report_.reporter.name = "VERIS data set (source_id not given)";
  }
  Trace("/reporter", "/source_id");

  const JsonValue* incident = Member(record_, {"timeline", "incident"});
  if (incident == nullptr || incident->type() != JsonType::kObject) {
    Reject("/timeline/incident", "missing; expected at least the year of the incident");
    return;
  }
  const IncidentStart start = IncidentStartOf(*incident);
  if (!start.problem.empty()) {
    Reject(start.problem_pointer, start.problem);
    return;
  }
  report_.times.start = start.start;
  report_.times.precision = start.precision;
  if (!start.ignored_time.empty()) Ignore("timeline.incident", start.ignored_time);
  Trace("/times", "/timeline/incident");

  // reported_at: when the record was coded (plus.created), the nearest VERIS
  // has to "reported"; plus.modified when created is missing or is before
  // the incident's start (a coding slip the contract would refuse).
  std::optional<core::Timestamp> reported;
  for (const char* member : {"created", "modified"}) {
    const JsonValue* value = Member(record_, {"plus", member});
    if (value == nullptr) continue;
    auto time = core::ParseRfc3339(TextOf(value));
    if (!time) {
      Reject(std::string("/plus/") + member,
             "expected an RFC 3339 date-time, found " + internal::Quote(value));
      return;
    }
    if (!reported || (*reported < report_.times.start && *time >= report_.times.start)) {
      reported = *time;
      created_pointer_ = std::string("/plus/") + member;
    }
  }
  if (!reported) {
    Reject("/plus/created",
           "missing, as is /plus/modified; accord needs when the incident was reported");
    return;
  }
  report_.reported_at = *reported;
  Trace("/reported_at", created_pointer_);
}

void VerisMapper::MapReferencesAndNarrative() {
  // reference: URLs separated by ';' or spaces. The contract keeps https
  // links only; http links and other tokens are listed, not converted.
  const std::string_view text = TextOf(record_.Find("reference"));
  std::size_t http = 0;
  std::vector<std::string> other;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = text.find_first_of("; \t\r\n", at);
    const std::string_view token = text.substr(at, end == std::string_view::npos ? end : end - at);
    at = end == std::string_view::npos ? text.size() : end + 1;
    if (token.empty()) continue;
    if (token.substr(0, 7) == "http://") {
      ++http;
      continue;
    }
    if (token.substr(0, 8) != "https://") {
      other.push_back(core::QuoteForMessage(token));
      continue;
    }
    const bool seen = std::any_of(report_.references.begin(), report_.references.end(),
                                  [&](const model::Reference& r) { return r.url == token; });
    if (seen) continue;
    if (report_.references.size() == 100 || token.size() > 2000) {
      other.push_back(core::QuoteForMessage(token) + " (past the contract's bounds)");
      continue;
    }
    // The title is the site: VERIS gives links without titles.
    const std::string_view host = token.substr(8, token.find_first_of("/?#", 8) - 8);
    model::Reference reference;
    reference.title = internal::TruncateAtWord(host.empty() ? token : host, 300);
    reference.url = std::string(token);
    Trace(model::AppendPointerIndex("/references", report_.references.size()), "/reference");
    report_.references.push_back(std::move(reference));
  }
  if (http > 0 || !other.empty()) {
    std::string reason;
    if (http > 0) {
      reason = std::to_string(http) + " http URL" + (http == 1 ? "" : "s") +
               " not mapped: the contract takes https references only";
    }
    if (!other.empty()) {
      std::string listed;
      for (const std::string& item : other) listed += (listed.empty() ? "" : ", ") + item;
      reason += (reason.empty() ? "" : "; ") + listed + ": not https URLs, not mapped";
    }
    Ignore("reference", reason);
  }
  // narrative: the summary, then the notes, as written.
  std::string narrative(TextOf(record_.Find("summary")));
  const std::string_view notes = TextOf(record_.Find("notes"));
  if (!notes.empty()) narrative += (narrative.empty() ? "" : "\n\n") + std::string(notes);
  constexpr std::size_t kMaxNarrative = 20'000;
  if (internal::PrefixBytes(narrative, kMaxNarrative) < narrative.size()) {
    narrative = internal::TruncateAtWord(narrative, kMaxNarrative);
    Ignore("summary/notes", "longer than the narrative's 20,000 characters: cut");
  }
  if (!narrative.empty()) report_.narrative = std::move(narrative);
  Trace("/narrative", "/summary");
}

}  // namespace accord::exchange::veris_internal
