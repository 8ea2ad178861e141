// The graduated-response ladder of the agreement (issue 8): a published,
// versioned list of rungs (consultation ... recommendation of targeted
// sanctions), the integer points each input of a finding carries, and the
// red lines that set a minimum rung. From a finding's inputs Recommend()
// computes one rung and a rationale that lists every input with its value,
// its points and why, so that any party can recompute it by hand from the
// ladder text (data/response/ladder-<version>.toml, compiled into the
// binary). docs/response.md explains the ladder and its numbers.
//
// This file is pure: no clock, no I/O, no events. The caller
// (RecommendationEvent, registry/internal/responses.h) gathers the inputs
// from the finding and the records, and logs the recommendation's
// canonical JSON. The same file's [standing] section is
// read here too and used by registry/standing.h.
//
// A Ladder is immutable after Parse(): any number of threads may read it.
// Integer arithmetic only (DESIGN.md: no floating point in anything that is
// published or compared across nodes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/case.h"
#include "model/incident_report.h"

namespace accord::assess {
class Methodology;
}
namespace accord::norms {
class Catalogue;
}

namespace accord::registry {

struct Rung {
  std::string id;           // "consultation"
  std::string name;         // "Request for consultation"
  std::string description;  // one sentence
  std::vector<std::string> entails;
  std::int64_t min_points = 0;  // the first rung's is 0; strictly ascending
};

// A named value of an input and its points ("deliberate" = 30).
struct InputOption {
  std::string name;
  std::int64_t points = 0;
};

// A red line with a minimum rung above the ladder's default one.
struct RedLineOverride {
  std::string red_line;  // a catalogue red-line id, "RL-SAFETY"
  std::size_t min_rung = 0;  // index into rungs
};

// How far the responsible state has remedied a violation: the finding or
// a later assessment states it. Fixed names, because standing (registry/
// standing.h) gives each a meaning.
enum class Remediation { kNone, kPartial, kComplete };
// "none" "partial" "complete"
std::string_view RemediationName(Remediation remediation);
std::optional<Remediation> RemediationFromName(std::string_view name);

enum class Standing { kGoodStanding, kUnderReview, kSuspended };
// "good-standing" "under-review" "suspended"
std::string_view StandingName(Standing standing);
std::optional<Standing> StandingFromName(std::string_view name);
inline constexpr std::size_t kStandingCount = 3;

struct StandingBenefits {
  std::string threat_intelligence_tier;  // "full", "basic"
  bool technical_assistance = false;
};

// The [standing] section: see data/response/ladder-1.toml for the rules.
struct StandingRules {
  std::size_t suspend_from_rung = 0;  // index into rungs
  std::int64_t suspend_unremediated_findings = 1;
  std::int64_t lookback_months = 0;
  std::int64_t review_non_cooperation_records = 1;
  std::int64_t probation_months = 0;
  StandingBenefits benefits[kStandingCount];  // indexed by Standing
};

struct Ladder {
  // Ladder texts are a few KB; anything larger is refused before parsing.
  static constexpr std::size_t kMaxTextBytes = 1u << 20;
  // Most rungs, options, red-line overrides or entailments in one list.
  static constexpr std::size_t kMaxListEntries = 64;
  // Largest magnitude of any points value or threshold: keeps every sum of
  // the inputs far from overflow whatever the counts.
  static constexpr std::int64_t kMaxPoints = 1'000'000;
  // Longest window in months (100 years).
  static constexpr std::int64_t kMaxMonths = 1200;

  std::string version;  // "1"
  model::Date effective{};
  std::string name;
  std::vector<Rung> rungs;
  // Severity: points per methodology level, in the methodology's order
  // (non-decreasing), and breadth points per report beyond the first.
  std::vector<InputOption> severity_levels;
  std::int64_t per_additional_report = 0;
  std::int64_t additional_reports_max = 0;
  std::vector<InputOption> intent;
  std::int64_t recidivism_window_months = 0;
  std::int64_t recidivism_points_per_finding = 0;
  std::int64_t recidivism_max_points = 0;
  std::int64_t non_cooperation_points_per_record = 0;
  std::int64_t non_cooperation_max_points = 0;
  // Points per Remediation value (indexed by it), each <= 0.
  std::int64_t remediation_points[3] = {0, 0, 0};
  std::size_t red_line_min_rung = 0;     // index into rungs
  std::vector<RedLineOverride> red_line_overrides;
  StandingRules standing;

  // Parses and validates a ladder in the format of
  // data/response/ladder-1.toml. Fails with kInvalidArgument when the text
  // is not TOML (line and column), or a key is missing, unknown or of the
  // wrong type, a number is out of range, an id or name is repeated
  // ("rungs[2].id: duplicate of rungs[0].id"), thresholds do not ascend,
  // severity points decrease, remediation options are not exactly none,
// partial and complete or their points are positive, a rung named
  // elsewhere does not exist, or a standing is missing or repeated; the
  // message names the key and the reason. kResourceExhausted when the text
  // exceeds kMaxTextBytes.
  static core::Result<Ladder> Parse(std::string_view toml_text);
  // The built-in ladder (embedded ladder-1.toml), parsed anew.
  static core::Result<Ladder> ParseBuiltin();
  // The built-in ladder, parsed once (thread-safe); aborts if it is broken
  // (a build defect: a test parses it).
  static const Ladder& Builtin();

  // Index of the rung with id `id`, or nullopt.
  std::optional<std::size_t> FindRung(std::string_view id) const;
};

// Checks what Parse() cannot see alone: the severity level names are
// exactly the methodology's, in its order, and every red line named exists
// in the catalogue. kInvalidArgument naming the key otherwise.
core::Status CheckAgainst(const Ladder& ladder, const assess::Methodology& methodology,
                          const norms::Catalogue& catalogue);

// Everything a recommendation depends on, as plain data. Names are the
// ladder's option names; dates are calendar days (UTC).
struct ResponseInputs {
  // The finding's outcome (model/case.h; its Name() gives the logged word).
  model::FindingOutcome outcome = model::FindingOutcome::kViolation;
  model::Date finding_date{};
  // Severity level of each incident report the finding concerns (at least
  // one for a violation).
  std::vector<std::string> report_levels;
  std::string intent;  // "deliberate", "reckless", "unknown"
  // Dates of earlier violation findings against the same state (others
  // than this one; those outside the window are ignored, later ones too).
  std::vector<model::Date> earlier_violation_dates;
  std::int64_t non_cooperation_records = 0;  // >= 0
  Remediation remediation = Remediation::kNone;
  // Catalogue ids the finding says were crossed ("RL-WATER"): 1..64 bytes
  // of letters, digits, '-', '_' or '.'; ids the ladder does not name get
  // the default minimum (red_lines.min_rung).
  std::vector<std::string> red_lines;
};

// One line of the rationale. `input` is a fixed key ("severity", "breadth",
// "intent", "recidivism", "non_cooperation", "remediation", "red_lines",
// "outcome"); `value` is the input as given, `points` what it adds (red
// lines and outcome add 0), `why` the rule from the ladder, in words.
struct RationaleItem {
  std::string input;
  std::string value;
  std::int64_t points = 0;
  std::string why;
};

struct Recommendation {
  std::string ladder_version;
  model::FindingOutcome outcome = model::FindingOutcome::kViolation;
  // Absent when the outcome is not a violation: no response.
  std::optional<std::size_t> rung;  // index into the ladder's rungs
  std::string rung_id;              // "" when absent
  std::int64_t total_points = 0;    // sum of the points, floored at 0
  std::size_t rung_by_points = 0;   // before the red-line minimum
  // The minimum the crossed red lines set; absent when none was crossed.
  std::optional<std::size_t> red_line_min_rung;
  std::vector<RationaleItem> rationale;
};

// Computes the recommendation for `inputs` under `ladder`. Deterministic:
// the same inputs and ladder give the same value, independent of the order
// of `earlier_violation_dates` and `red_lines`. Fails with
// kInvalidArgument, naming the input, when a level or the intent is not
// one of the ladder's names, a violation names no report,
// non_cooperation_records is negative, a date is not a valid date, or a
// red-line id is malformed.
// A non-violation outcome succeeds with no rung.
// REQUIRES: `ladder` satisfies what Parse() checks (it came from Parse(),
// or is a copy whose lists were not emptied and whose rung indices are in
// range).
core::Result<Recommendation> Recommend(const Ladder& ladder, const ResponseInputs& inputs);

// The canonical JSON (RFC 8785) of a recommendation, for the log: integers
// only; rung indices are written as rung ids. Members: "schema"
// ("accord.response-recommendation/1"), "ladder_version", "outcome",
// "rung" (id or null), "total_points", "rung_by_points", "red_line_min_rung",
// "rationale" [{"input","value","points","why"}].
std::string RecommendationJson(const Ladder& ladder, const Recommendation& recommendation);

// "YYYY-MM-DD".
std::string FormatDate(const model::Date& date);
// `date` moved back by `months` calendar months, the day clamped to the
// end of a shorter month (2024-03-31 minus 1 month is 2024-02-29).
// REQUIRES: date.ok().
model::Date MonthsBefore(const model::Date& date, std::int64_t months);

}  // namespace accord::registry
