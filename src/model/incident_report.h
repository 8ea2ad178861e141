// IncidentReport: the one standard report of an incident, the same for every
// reporter (state, operator, watchdog, secretariat). docs/incident-report.md
// is the contract, field by field; docs/schema/incident-report.schema.json is
// its published JSON Schema. This header is the typed record every later
// module reads (norms, assess, privacy, exchange, registry).
//
// The record is plain data. A report that came out of DecodeIncidentReport
// (model/report_codec.h) satisfies every rule of the contract: codes are
// known ISO 3166-1 alpha-2 and sector codes, times are ordered, strings and
// arrays are within bounds. A report built by hand satisfies them only after
// ValidateIncidentReport says so.
//
// Conventions of the record:
//   - an optional scalar member of the contract is std::optional, and is
//     empty exactly when the field was absent;
//   - an optional array is a std::vector, empty when the field was absent
//     or was []: the two mean the same, and the encoder omits empty arrays so
//     that the log holds one form of each report;
//   - a field with a default in the contract (`times.precision`,
//     `publication`, `exercise`) holds its default when absent, and is always
//     encoded;
//   - integers are std::int64_t and there is no floating point anywhere: the
//     record's canonical JSON goes into the log and must be exact
//     (DESIGN.md, "public entries hold no floating-point numbers");
//   - each enumeration has its JSON spelling through Name() and
//     EnumFromName<E>().
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.h"
#include "core/time.h"
#include "model/tlp.h"

namespace accord::model {

// The STIX type of a party id (registry::PartyRecord::id, "party--<uuid>"),
// which notifications and cases name.
inline constexpr std::string_view kPartyType = "party";

// The value of the required member `schema`: the format and its version.
inline constexpr std::string_view kIncidentReportSchema = "accord.incident-report/1";
// The STIX type of a report's `id` ("incident-report--<uuid>").
inline constexpr std::string_view kIncidentReportType = "incident-report";

// A calendar date (`full-date` of RFC 3339 section 5.6, "2024-05-01"),
// as attributions and references carry it.
using Date = std::chrono::year_month_day;

// ---------------------------------------------------------------------------
// Enumerations, each with its JSON spelling in the comment.

enum class ReporterKind { kState, kOperator, kWatchdog, kSecretariat };
// "state" "operator" "watchdog" "secretariat"

// How precisely `times.start` is known.
enum class StartPrecision { kSecond, kDay, kMonth, kYear };
// "second" "day" "month" "year"

enum class CivilianStatus { kCivilian, kMilitary, kDualUse, kUnknown };
// "civilian" "military" "dual-use" "unknown"

enum class EffectLocation { kIt, kOt, kSafetySystems, kUnknown };
// "it" "ot" "safety-systems" "unknown"

enum class PhysicalDamage { kNone, kMinor, kSignificant, kDestroyed, kUnknown };
// "none" "minor" "significant" "destroyed" "unknown"

// NCISS's and STIX Incident Core's recoverability scale.
enum class Recoverability { kRegular, kSupplemented, kExtended, kNotRecoverable, kUnknown };
// "regular" "supplemented" "extended" "not-recoverable" "unknown"

// Who made an attribution.
enum class AttributorKind {
  kState,
  kAgency,
  kCompany,
  kResearcher,
  kInternationalOrganization,
  kMedia,
  kSelf,
};
// "state" "agency" "company" "researcher" "international-organization"
// "media" "self"

// To whom an operation is attributed.
enum class AttributedKind { kState, kStateAffiliatedGroup, kNonStateGroup, kIndividual, kUnknown };
// "state" "state-affiliated-group" "non-state-group" "individual" "unknown"

// The state's role in the operation, as the attribution claims it.
enum class Sponsorship {
  kStateConducted,
  kStateDirected,
  kStateSponsored,
  kStateTolerated,
  kNonState,
  kUnknown,
};
// "state-conducted" "state-directed" "state-sponsored" "state-tolerated"
// "non-state" "unknown"

enum class AttributionBasis {
  kTechnical,
  kIntelligence,
  kPolitical,
  kLegal,
  kSelfAttribution,
  kMedia
};
// "technical" "intelligence" "political" "legal" "self-attribution" "media"

enum class Confidence { kLow, kModerate, kHigh };
// "low" "moderate" "high"

enum class AttributionStatus { kSettled, kContested };
// "settled" "contested"

enum class IndicatorType { kIpv4, kIpv6, kDomain, kUrl, kSha256, kSha1, kMd5, kFileName, kEmail };
// "ipv4" "ipv6" "domain" "url" "sha256" "sha1" "md5" "file-name" "email"

// Who may see a report's record and its statistical envelope (issue 6).
enum class Visibility { kPublic, kPartiesOnly };
// "public" "parties-only"

// The JSON spelling of an enumerator, "" for a value outside its enumeration.
std::string_view Name(ReporterKind value);
std::string_view Name(StartPrecision value);
std::string_view Name(CivilianStatus value);
std::string_view Name(EffectLocation value);
std::string_view Name(PhysicalDamage value);
std::string_view Name(Recoverability value);
std::string_view Name(AttributorKind value);
std::string_view Name(AttributedKind value);
std::string_view Name(Sponsorship value);
std::string_view Name(AttributionBasis value);
std::string_view Name(Confidence value);
std::string_view Name(AttributionStatus value);
std::string_view Name(IndicatorType value);
std::string_view Name(Visibility value);
std::string_view Name(Tlp value);

// The enumerator of E spelled exactly `name`, or nullopt. Defined for every
// enumeration above and for Tlp; e.g. EnumFromName<CivilianStatus>("dual-use").
template <typename E>
std::optional<E> EnumFromName(std::string_view name);

// Whether `text` is a CVE id as the CVE Program writes them since its ID
// syntax change of 1 January 2014 (MITRE, "CVE-ID Syntax Change"): "CVE-",
// a four-digit year, "-", then a sequence number of four or more digits
// ("CVE-2014-0160", "CVE-2021-44228"). accord also requires the year to be
// 1999 or later (the first CVE ids are of 1999) and the sequence number to
// have at most 19 digits, as the CVE JSON 5 record schema does.
bool IsCveId(std::string_view text);

// ---------------------------------------------------------------------------
// The parts of a report. Country codes are ISO 3166-1 alpha-2 in upper case
// ("UA"); sector codes are those of core::SectorTaxonomy ("energy.electricity").

struct Reporter {
  ReporterKind kind = ReporterKind::kState;
  // Required when kind is kState; otherwise the reporter's home state.
  std::optional<std::string> state;
  // Required unless kind is kState; 1..200 characters.
  std::optional<std::string> name;

  friend bool operator==(const Reporter&, const Reporter&) = default;
};

struct IncidentTimes {
  core::Timestamp start;
  std::optional<core::Timestamp> detected;  // not before start
  std::optional<core::Timestamp> end;       // not before start
  StartPrecision precision = StartPrecision::kSecond;

  friend bool operator==(const IncidentTimes&, const IncidentTimes&) = default;
};

struct AffectedEntity {
  std::string sector;       // a code of the sector taxonomy
  std::string entity_type;  // 1..100: "hospital", "water-utility", ...
  std::string state;        // one of IncidentReport::affected_states
  CivilianStatus civilian_status = CivilianStatus::kUnknown;
  std::optional<std::string> name;                // up to 200 characters
  std::optional<std::int64_t> population_served;  // 0..10,000,000,000

  friend bool operator==(const AffectedEntity&, const AffectedEntity&) = default;
};

struct Effects {
  bool confidentiality = false;
  bool integrity = false;
  bool availability = false;
  EffectLocation effect_location = EffectLocation::kUnknown;
  std::optional<std::int64_t> disruption_hours;  // 0..87,600 (ten years)
  std::optional<std::int64_t> people_affected;   // 0..10,000,000,000
  PhysicalDamage physical_damage = PhysicalDamage::kUnknown;
  std::optional<std::int64_t> injuries;  // 0..10,000,000
  std::optional<std::int64_t> deaths;    // 0..10,000,000
  Recoverability recoverability = Recoverability::kUnknown;
  std::vector<std::string> services_affected;  // up to 50, each 1..100
  // Sectors reached by observed knock-on effects; up to 50 sector codes.
  std::vector<std::string> cascade_sectors;

  friend bool operator==(const Effects&, const Effects&) = default;
};

// Who attributed the operation (`by`).
struct Attributor {
  AttributorKind kind = AttributorKind::kState;
  std::string name;                  // 1..200
  std::optional<std::string> state;  // required when kind is kState or kAgency

  friend bool operator==(const Attributor&, const Attributor&) = default;
};

// To whom it was attributed (`to`).
struct Attributed {
  AttributedKind kind = AttributedKind::kUnknown;
  std::optional<std::string> name;   // 1..200
  std::optional<std::string> state;  // required when kind is kState

  friend bool operator==(const Attributed&, const Attributed&) = default;
};

// One public attribution. A report keeps every one (IncidentReport::
// attributions), agreeing or not: deciding between them is the work of a
// case, not of the format.
struct Attribution {
  Attributor by;
  Attributed to;
  Sponsorship sponsorship = Sponsorship::kUnknown;
  std::vector<AttributionBasis> basis;  // 1..6, unique
  Confidence confidence = Confidence::kLow;
  Date date{};
  AttributionStatus status = AttributionStatus::kContested;
  std::optional<std::string> source;  // https URL, up to 2,000 characters

  friend bool operator==(const Attribution&, const Attribution&) = default;
};

struct MilitaryObjective {
  // Whether any party has claimed a military objective for the operation.
  bool claimed = false;
  std::optional<std::string> description;  // up to 2,000 characters

  friend bool operator==(const MilitaryObjective&, const MilitaryObjective&) = default;
};

struct Indicator {
  IndicatorType type = IndicatorType::kDomain;
  std::string value;  // 1..2,048

  friend bool operator==(const Indicator&, const Indicator&) = default;
};

struct Publication {
  Visibility record = Visibility::kPublic;
  Visibility envelope = Visibility::kPublic;

  friend bool operator==(const Publication&, const Publication&) = default;
};

struct Reference {
  std::string title;                     // 1..300
  std::string url;                       // https, up to 2,000 characters
  std::optional<std::string> publisher;  // up to 200
  std::optional<Date> date;

  friend bool operator==(const Reference&, const Reference&) = default;
};

// ---------------------------------------------------------------------------

struct IncidentReport {
  core::StixId id;    // type kIncidentReportType
  std::string title;  // 1..200
  Reporter reporter;
  core::Timestamp reported_at;  // not before times.start
  IncidentTimes times;
  std::vector<std::string> affected_states;       // 1..50, unique
  std::vector<AffectedEntity> affected_entities;  // 1..100
  Effects effects;
  // ATT&CK ids, unique: "T0NNN" (ICS), "T1NNN" or "T1NNN.NNN" (Enterprise).
  std::vector<std::string> techniques;
  // CVE ids of the vulnerabilities exploited in the incident, unique, up to
  // 100 ("CVE-2013-0640"; IsCveId). They link a report to vendors'
  // advisories citing the same ids (CSAF import, docs/exchange/csaf.md).
  std::vector<std::string> vulnerabilities;
  std::vector<Attribution> attributions;  // up to 50; every one, never just one
  std::optional<MilitaryObjective> military_objective;
  std::vector<Indicator> indicators;     // up to 1,000
  std::optional<std::string> narrative;  // up to 20,000 characters
  Tlp tlp = Tlp::kRed;                   // the marking of the whole report
  // Per-field markings: RFC 6901 JSON Pointer (into the report's JSON) ->
  // label. Each names a field present in the report and is at least as
  // restrictive as `tlp`.
  std::map<std::string, Tlp> field_tlp;
  Publication publication;
  std::vector<core::StixId> related_reports;  // up to 100, unique
  bool exercise = false;                      // part of an exercise: kept out of real statistics
  std::vector<Reference> references;          // up to 100

  friend bool operator==(const IncidentReport&, const IncidentReport&) = default;
};

}  // namespace accord::model
