// VERIS -> report, who was hit and how (internal/veris_mapper.h;
// docs/exchange/veris.md): victim.country (or asset.country) ->
// affected_states, victim.industry and victim_id -> the affected entity
// (the NAICS table of internal/naics_sectors.h), attribute -> effects.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "core/encoding.h"
#include "exchange/internal/naics_sectors.h"
#include "exchange/internal/text.h"
#include "exchange/internal/veris_mapper.h"
#include "model/json_pointer.h"

namespace accord::exchange::veris_internal {

using core::JsonType;
using core::JsonValue;
using internal::Member;

std::vector<std::pair<std::string, std::size_t>> KnownCountries(const JsonValue* list) {
  std::vector<std::pair<std::string, std::size_t>> codes;
  if (list == nullptr || list->type() != JsonType::kArray) return codes;
  for (std::size_t i = 0; i < list->AsArray().size(); ++i) {
    const std::string_view code = TextOf(&list->AsArray()[i]);
    if (code.empty() || code == "Unknown" || code == "Other") continue;
    const bool seen = std::any_of(codes.begin(), codes.end(),
                                  [&](const auto& entry) { return entry.first == code; });
    if (!seen) codes.emplace_back(std::string(code), i);
  }
  return codes;
}

void VerisMapper::MapVictim() {
  const JsonValue* victim = record_.Find("victim");
  if (victim == nullptr || victim->type() != JsonType::kObject) {
    Reject("/victim", "expected the victim (an object), found " + internal::Quote(victim) +
                          "; accord needs the affected state and sector");
    return;
  }
  // affected_states: victim.country; failing that asset.country (where the
  // affected assets were), the only other place VERIS records a country.
  std::string country_pointer = "/victim/country";
  auto countries = KnownCountries(victim->Find("country"));
  if (countries.empty()) {
    auto asset_countries = KnownCountries(Member(record_, {"asset", "country"}));
    if (!asset_countries.empty()) {
      countries = std::move(asset_countries);
      country_pointer = "/asset/country";
    }
  }
  if (countries.empty()) {
    std::string listed;
    if (const JsonValue* list = victim->Find("country"); list && list->type() == JsonType::kArray) {
      for (const JsonValue& item : list->AsArray())
        listed += (listed.empty() ? "" : ", ") + internal::Quote(&item);
    }
    Reject("/victim/country",
           "no country known (found " + (listed.empty() ? std::string("none") : listed) +
               "): accord requires at least one affected state (ISO 3166-1 alpha-2), and "
               "neither victim.country nor asset.country names one");
  }
  for (std::size_t i = 0; i < countries.size(); ++i) {
    report_.affected_states.push_back(countries[i].first);
    Trace(model::AppendPointerIndex("/affected_states", i),
          model::AppendPointerIndex(country_pointer, countries[i].second));
  }
  // The entity: the victim organisation, in its first state.
  model::AffectedEntity entity;
  const JsonValue* industry = victim->Find("industry");
  const std::string_view naics = TextOf(industry);
  const internal::NaicsSector* sector = internal::FindNaicsSector(naics);
  if (naics.empty()) {
    Reject("/victim/industry", "expected the victim's NAICS code (a string of digits), found " +
                                   internal::Quote(industry) +
                                   "; accord needs the sector of the affected entity");
  } else if (sector == nullptr) {
    Reject("/victim/industry",
           "NAICS " + core::QuoteForMessage(naics) +
               " is outside the critical infrastructure sectors accord covers (NAICS 21 oil "
               "and gas, 22, 48-49, 51 communications and hosting, 62 health, 92 public "
               "administration; docs/exchange/veris.md); no sector code to map it to");
  } else {
    entity.sector = std::string(sector->sector);
    entity.entity_type = std::string(sector->entity_type);
    // Defence bodies may be military targets; the rest of the table is
    // civilian by the nature of the industry.
    entity.civilian_status = naics.substr(0, 6) == "928110" ? model::CivilianStatus::kUnknown
                                                            : model::CivilianStatus::kCivilian;
  }
  Trace("/affected_entities/0", "/victim/industry");
  if (!countries.empty()) entity.state = countries.front().first;
  Trace(
      "/affected_entities/0/state",
      model::AppendPointerIndex(country_pointer, countries.empty() ? 0 : countries.front().second));
  const std::string victim_id = internal::CollapseWhitespace(TextOf(victim->Find("victim_id")));
  if (!victim_id.empty() && victim_id != "Unknown") {
    entity.name = internal::TruncateAtWord(victim_id, 200);
    Trace("/affected_entities/0/name", "/victim/victim_id");
  }
  report_.affected_entities.push_back(std::move(entity));
  if (std::string others = OtherMembers(*victim, {"country", "industry", "victim_id"});
      !others.empty()) {
    Ignore("victim", others + ": size, revenue and region have no field in the report");
  }
}

void VerisMapper::MapEffects() {
  model::Effects& effects = report_.effects;
  const JsonValue* attribute = record_.Find("attribute");
  Trace("/effects", "/attribute");
  if (attribute == nullptr || attribute->type() != JsonType::kObject) return;
  const auto varieties = [](const JsonValue* section) {
    std::vector<std::string_view> out;
    const JsonValue* list = section != nullptr ? section->Find("variety") : nullptr;
    if (list == nullptr || list->type() != JsonType::kArray) return out;
    for (const JsonValue& item : list->AsArray()) {
      if (!TextOf(&item).empty() && TextOf(&item) != "Unknown") out.push_back(TextOf(&item));
    }
    return out;
  };
  // Confidentiality only when VERIS says data was disclosed ("Yes"), not
  // "Potentially" or "Unknown".
  const JsonValue* confidentiality = attribute->Find("confidentiality");
  effects.confidentiality =
      TextOf(Member(*attribute, {"confidentiality", "data_disclosure"})) == "Yes";
  if (confidentiality != nullptr) {
    Ignore("attribute.confidentiality",
           "data varieties, amounts and state: the report records only that confidentiality "
           "was affected (data_disclosure \"Yes\")");
  }
  const JsonValue* integrity = attribute->Find("integrity");
  effects.integrity = !varieties(integrity).empty();
  const JsonValue* availability = attribute->Find("availability");
  effects.availability = !varieties(availability).empty();
  if (integrity != nullptr || availability != nullptr) {
    Ignore("attribute.integrity/availability",
           "the varieties (e.g. \"Software installation\", \"Interruption\") become the "
           "integrity/availability flags; the report has no field for the variety itself");
  }
  // disruption_hours from availability.duration, rounded up to whole hours.
  const JsonValue* duration = availability != nullptr ? availability->Find("duration") : nullptr;
  if (duration == nullptr) return;
  struct Unit {
    std::string_view name;
    double hours;
  };
  // A month is a twelfth of a 365-day year.
  constexpr Unit kUnits[] = {
      {"Seconds", 1.0 / 3600}, {"Minutes", 1.0 / 60}, {"Hours", 1},   {"Days", 24},
      {"Weeks", 168},          {"Months", 730},       {"Years", 8760}};
  const std::string_view unit = TextOf(duration->Find("unit"));
  const JsonValue* value = duration->Find("value");
  const auto known = std::find_if(std::begin(kUnits), std::end(kUnits),
                                  [&](const Unit& u) { return u.name == unit; });
  if (known == std::end(kUnits) || value == nullptr || value->type() != JsonType::kNumber ||
      value->AsNumber() < 0) {
    if (!unit.empty() && unit != "Unknown" && unit != "NA") {
      Ignore("attribute.availability.duration",
             "unit " + core::QuoteForMessage(unit) + " with value " +
                 internal::NumberOrQuote(value) + ": not a length of time the report can hold");
    }
    return;
  }
  const double hours = std::ceil(value->AsNumber() * known->hours);
  constexpr double kMaxDisruptionHours = 87'600;  // the contract's ten years
  if (hours > kMaxDisruptionHours) {
    Ignore("attribute.availability.duration",
           "longer than the contract's ten-year bound on disruption_hours; not mapped");
    return;
  }
  effects.disruption_hours = static_cast<std::int64_t>(hours);
  Trace("/effects/disruption_hours", "/attribute/availability/duration");
}

}  // namespace accord::exchange::veris_internal
