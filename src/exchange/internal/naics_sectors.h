// NAICS industry codes -> accord sector codes (core::SectorTaxonomy), for
// the VERIS import: VERIS records the victim's industry as a NAICS 2012 code
// of 2 to 6 digits (victim.industry). docs/exchange/veris.md prints this
// table with the reasons for each approximate line. Not part of the module's
// interface.
//
// The longest listed prefix of the code wins, so "221310" (water supply)
// maps to drinking-water although "22" maps to energy. A code with no listed
// prefix belongs to no sector of critical infrastructure the agreement
// covers (retail, hotels, education, ...), and the record is rejected with
// that reason: a report's entity must have a sector.
#pragma once

#include <string_view>

namespace accord::exchange::internal {

struct NaicsSector {
  std::string_view prefix;       // NAICS code prefix, 2..6 digits
  std::string_view naics_title;  // NAICS 2012 title of the prefix, for messages
  std::string_view sector;       // accord sector code
  std::string_view entity_type;  // IncidentReport entity_type (1..100)
};

// NAICS 2012 titles from the US Census Bureau's NAICS manual; sector codes
// from data/sectors/nis2-sectors.toml.
inline constexpr NaicsSector kNaicsSectors[] = {
    // 21 Mining, quarrying, and oil and gas extraction: only oil and gas
    // belong to NIS2's energy sector (Annex I point 1(c), (d)).
    {"211", "oil and gas extraction", "energy", "oil-and-gas-producer"},
    {"211111", "crude petroleum and natural gas extraction", "energy", "oil-and-gas-producer"},
    {"211112", "natural gas liquid extraction", "energy.gas", "gas-producer"},
    {"213111", "drilling oil and gas wells", "energy", "oil-and-gas-services"},
    {"213112", "support activities for oil and gas operations", "energy", "oil-and-gas-services"},
    // 22 Utilities. A bare "22"/"221" (utility of unknown kind) is counted
    // as energy, where most utilities are; water and waste water are listed.
    {"22", "utilities", "energy", "utility"},
    {"2211", "electric power generation, transmission and distribution", "energy.electricity",
     "electricity-utility"},
    {"2212", "natural gas distribution", "energy.gas", "gas-distribution-operator"},
    {"221310", "water supply and irrigation systems", "drinking-water", "water-utility"},
    {"221320", "sewage treatment facilities", "waste-water", "waste-water-utility"},
    {"221330", "steam and air-conditioning supply", "energy.district-heating",
     "district-heating-operator"},
    // 48-49 Transportation and warehousing (one NAICS sector, two codes).
    {"48", "transportation and warehousing", "transport", "transport-operator"},
    {"49", "transportation and warehousing", "transport", "transport-operator"},
    {"481", "air transportation", "transport.air", "air-carrier"},
    {"482", "rail transportation", "transport.rail", "railway-undertaking"},
    {"483", "water transportation", "transport.water", "shipping-company"},
    {"484", "truck transportation", "transport.road", "road-transport-operator"},
    {"485", "transit and ground passenger transportation", "transport.road", "public-transport"},
    {"486", "pipeline transportation", "energy", "pipeline-operator"},
    {"4861", "pipeline transportation of crude oil", "energy.oil", "oil-pipeline-operator"},
    {"4862", "pipeline transportation of natural gas", "energy.gas", "gas-pipeline-operator"},
    {"4881", "support activities for air transportation", "transport.air", "airport-or-air-service"},
    {"4882", "support activities for rail transportation", "transport.rail", "rail-infrastructure"},
    {"4883", "support activities for water transportation", "transport.water", "port-or-water-service"},
    {"4884", "support activities for road transportation", "transport.road", "road-infrastructure"},
    {"491", "postal service", "postal-and-courier", "postal-service"},
    {"492", "couriers and messengers", "postal-and-courier", "courier"},
    // 51 Information: the parts NIS2 names (electronic communications,
    // hosting and data centres, search engines); publishing and broadcasting
    // are not critical infrastructure in NIS2 and are not listed, except
    // software publishers (511210), counted as ICT service providers.
    {"511210", "software publishers", "ict-service-management", "software-publisher"},
    {"515", "broadcasting (except internet)", "digital-infrastructure", "broadcaster"},
    {"517", "telecommunications", "digital-infrastructure", "telecommunications-provider"},
    {"518", "data processing, hosting, and related services", "digital-infrastructure",
     "hosting-or-data-centre-provider"},
    {"519130", "internet publishing and broadcasting and web search portals", "digital-providers",
     "online-platform"},
    // 62 Health care and social assistance: health care only.
    {"62", "health care and social assistance", "health", "health-organisation"},
    {"621", "ambulatory health care services", "health.healthcare-providers",
     "healthcare-provider"},
    {"621910", "ambulance services", "emergency-services", "ambulance-service"},
    {"622", "hospitals", "health.healthcare-providers", "hospital"},
    {"623", "nursing and residential care facilities", "health.healthcare-providers",
     "care-facility"},
    // 92 Public administration. Fire protection is an emergency service;
    // everything else counts as public administration (NIS2 Annex I point
    // 10 lets each state define the entities; docs/exchange/veris.md).
    {"92", "public administration", "public-administration", "public-administration-body"},
    {"921", "executive, legislative, and other general government support",
     "public-administration", "government-body"},
    {"922", "justice, public order, and safety activities", "public-administration",
     "justice-or-public-safety-body"},
    {"922120", "police protection", "public-administration", "police"},
    {"922160", "fire protection", "emergency-services", "fire-service"},
    {"923", "administration of human resource programs", "public-administration",
     "public-administration-body"},
    {"924", "administration of environmental quality programs", "public-administration",
     "public-administration-body"},
    {"925", "administration of housing programs, urban planning, and community development",
     "public-administration", "public-administration-body"},
    {"926", "administration of economic programs", "public-administration",
     "economic-programs-agency"},
    {"927", "space research and technology", "space", "space-agency"},
    {"928", "national security and international affairs", "public-administration",
     "national-security-or-foreign-affairs-body"},
    {"928110", "national security", "public-administration", "national-security-body"},
    {"928120", "international affairs", "public-administration", "foreign-affairs-body"},
};

// The entry with the longest prefix of `naics`, or nullptr.
inline const NaicsSector* FindNaicsSector(std::string_view naics) {
  const NaicsSector* best = nullptr;
  for (const NaicsSector& entry : kNaicsSectors) {
    if (naics.substr(0, entry.prefix.size()) == entry.prefix &&
        (best == nullptr || entry.prefix.size() > best->prefix.size())) {
      best = &entry;
    }
  }
  return best;
}

}  // namespace accord::exchange::internal
