#include "model/incident_report.h"

#include <array>
#include <cstddef>

#include "model/internal/enum_names.h"

namespace accord::model {

// The spellings are docs/incident-report.md's, in the order the enums
// declare their enumerators.
std::string_view Name(ReporterKind value) {
  static constexpr std::array<std::string_view, 4> kNames = {"state", "operator", "watchdog",
                                                             "secretariat"};
  return internal::EnumName(value, kNames);
}

std::string_view Name(StartPrecision value) {
  static constexpr std::array<std::string_view, 4> kNames = {"second", "day", "month", "year"};
  return internal::EnumName(value, kNames);
}

std::string_view Name(CivilianStatus value) {
  static constexpr std::array<std::string_view, 4> kNames = {"civilian", "military", "dual-use",
                                                             "unknown"};
  return internal::EnumName(value, kNames);
}

std::string_view Name(EffectLocation value) {
  static constexpr std::array<std::string_view, 4> kNames = {"it", "ot", "safety-systems",
                                                             "unknown"};
  return internal::EnumName(value, kNames);
}

std::string_view Name(PhysicalDamage value) {
  static constexpr std::array<std::string_view, 5> kNames = {"none", "minor", "significant",
                                                             "destroyed", "unknown"};
  return internal::EnumName(value, kNames);
}

std::string_view Name(Recoverability value) {
  static constexpr std::array<std::string_view, 5> kNames = {"regular", "supplemented", "extended",
                                                             "not-recoverable", "unknown"};
  return internal::EnumName(value, kNames);
}

std::string_view Name(AttributorKind value) {
  static constexpr std::array<std::string_view, 7> kNames = {
      "state", "agency", "company", "researcher", "international-organization", "media", "self"};
  return internal::EnumName(value, kNames);
}

std::string_view Name(AttributedKind value) {
  static constexpr std::array<std::string_view, 5> kNames = {
      "state", "state-affiliated-group", "non-state-group", "individual", "unknown"};
  return internal::EnumName(value, kNames);
}

std::string_view Name(Sponsorship value) {
  static constexpr std::array<std::string_view, 6> kNames = {"state-conducted", "state-directed",
                                                             "state-sponsored", "state-tolerated",
                                                             "non-state",       "unknown"};
  return internal::EnumName(value, kNames);
}

std::string_view Name(AttributionBasis value) {
  static constexpr std::array<std::string_view, 6> kNames = {
      "technical", "intelligence", "political", "legal", "self-attribution", "media"};
  return internal::EnumName(value, kNames);
}

std::string_view Name(Confidence value) {
  static constexpr std::array<std::string_view, 3> kNames = {"low", "moderate", "high"};
  return internal::EnumName(value, kNames);
}

std::string_view Name(AttributionStatus value) {
  static constexpr std::array<std::string_view, 2> kNames = {"settled", "contested"};
  return internal::EnumName(value, kNames);
}

std::string_view Name(IndicatorType value) {
  static constexpr std::array<std::string_view, 9> kNames = {
      "ipv4", "ipv6", "domain", "url", "sha256", "sha1", "md5", "file-name", "email"};
  return internal::EnumName(value, kNames);
}

std::string_view Name(Visibility value) {
  static constexpr std::array<std::string_view, 2> kNames = {"public", "parties-only"};
  return internal::EnumName(value, kNames);
}

std::string_view Name(Tlp value) {
  return TlpName(value);
}

bool IsCveId(std::string_view text) {
  constexpr std::string_view kPrefix = "CVE-";
  constexpr std::size_t kMinSequenceDigits = 4;
  constexpr std::size_t kMaxSequenceDigits = 19;  // CVE JSON 5 record schema
  constexpr int kFirstCveYear = 1999;
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (text.size() < kPrefix.size() + 5 + kMinSequenceDigits) return false;
  if (text.substr(0, kPrefix.size()) != kPrefix || text[kPrefix.size() + 4] != '-') return false;
  int year = 0;
  for (std::size_t i = kPrefix.size(); i < kPrefix.size() + 4; ++i) {
    if (!is_digit(text[i])) return false;
    year = year * 10 + (text[i] - '0');
  }
  if (year < kFirstCveYear) return false;
  const std::string_view sequence = text.substr(kPrefix.size() + 5);
  if (sequence.size() < kMinSequenceDigits || sequence.size() > kMaxSequenceDigits) return false;
  for (char c : sequence) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// One loop serves every enumeration (model/internal/enum_names.h).
template <typename E>
std::optional<E> EnumFromName(std::string_view name) {
  return internal::EnumFromSpelling<E>(name);
}

template std::optional<ReporterKind> EnumFromName<ReporterKind>(std::string_view);
template std::optional<StartPrecision> EnumFromName<StartPrecision>(std::string_view);
template std::optional<CivilianStatus> EnumFromName<CivilianStatus>(std::string_view);
template std::optional<EffectLocation> EnumFromName<EffectLocation>(std::string_view);
template std::optional<PhysicalDamage> EnumFromName<PhysicalDamage>(std::string_view);
template std::optional<Recoverability> EnumFromName<Recoverability>(std::string_view);
template std::optional<AttributorKind> EnumFromName<AttributorKind>(std::string_view);
template std::optional<AttributedKind> EnumFromName<AttributedKind>(std::string_view);
template std::optional<Sponsorship> EnumFromName<Sponsorship>(std::string_view);
template std::optional<AttributionBasis> EnumFromName<AttributionBasis>(std::string_view);
template std::optional<Confidence> EnumFromName<Confidence>(std::string_view);
template std::optional<AttributionStatus> EnumFromName<AttributionStatus>(std::string_view);
template std::optional<IndicatorType> EnumFromName<IndicatorType>(std::string_view);
template std::optional<Visibility> EnumFromName<Visibility>(std::string_view);
template std::optional<Tlp> EnumFromName<Tlp>(std::string_view);

}  // namespace accord::model
