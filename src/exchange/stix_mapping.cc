#include "exchange/stix_mapping.h"

#include <array>
#include <chrono>
#include <cstring>

#include "core/crypto.h"

namespace accord::exchange::stix_internal {
namespace {

using core::JsonValue;

// RFC 9562 Appendix C: the URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
constexpr core::Uuid kUrlNamespace{{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4,
                                    0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}};

struct SectorPair {
  std::string_view from;
  std::string_view to;
};

// accord sector (data/sectors/nis2-sectors.toml) -> industry-sector-ov
// (STIX 2.1 section 10.11), only where the STIX value plainly covers the
// NIS2 sector. No clear match, hence absent: digital-infrastructure (DNS,
// IXPs, cloud and electronic communications together), postal-and-courier,
// waste-management, food, research. docs/exchange/stix.md has the table.
constexpr std::array<SectorPair, 25> kSectors = {{
    {"energy", "energy"},
    {"energy.electricity", "energy"},
    {"energy.district-heating", "energy"},
    {"energy.oil", "energy"},
    {"energy.gas", "energy"},
    {"energy.hydrogen", "energy"},
    {"transport", "transportation"},
    {"transport.air", "transportation"},
    {"transport.rail", "transportation"},
    {"transport.water", "transportation"},
    {"transport.road", "transportation"},
    {"banking", "financial-services"},
    {"financial-market-infrastructures", "financial-services"},
    {"health", "healthcare"},
    {"health.healthcare-providers", "healthcare"},
    {"drinking-water", "water"},
    {"waste-water", "water"},
    {"ict-service-management", "technology"},
    {"digital-providers", "technology"},
    {"public-administration", "government"},
    {"space", "aerospace"},
    {"chemicals", "chemical"},
    {"manufacturing", "manufacturing"},
    {"manufacturing.medical-devices", "manufacturing"},
    {"emergency-services", "emergency-services"},
}};

// industry-sector-ov -> accord, for foreign identities: only values that
// name one accord sector (water is drinking water or waste water, so it has
// none; financial-services is banking or market infrastructure).
constexpr std::array<SectorPair, 12> kReverseSectors = {{
    {"energy", "energy"},
    {"transportation", "transport"},
    {"healthcare", "health"},
    {"government", "public-administration"},
    {"government-national", "public-administration"},
    {"government-regional", "public-administration"},
    {"government-local", "public-administration"},
    {"government-public-services", "public-administration"},
    {"emergency-services", "emergency-services"},
    {"chemical", "chemicals"},
    {"manufacturing", "manufacturing"},
    {"telecommunications", "digital-infrastructure"},
}};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

core::Uuid UuidV5(const core::Uuid& name_space, std::string_view name) {
  std::string input(reinterpret_cast<const char*>(name_space.bytes.data()), name_space.bytes.size());
  input.append(name);
  const core::Sha1Digest digest = core::Sha1(input);
  core::Uuid uuid;
  std::memcpy(uuid.bytes.data(), digest.data(), uuid.bytes.size());
  uuid.bytes[6] = static_cast<std::uint8_t>((uuid.bytes[6] & 0x0f) | 0x50);  // version 5
  uuid.bytes[8] = static_cast<std::uint8_t>((uuid.bytes[8] & 0x3f) | 0x80);  // variant 10
  return uuid;
}

const core::Uuid& AccordNamespace() {
  static const core::Uuid name_space = UuidV5(kUrlNamespace, "urn:accord:stix");
  return name_space;
}

std::string DerivedId(std::string_view type, std::string_view name) {
  std::string id(type);
  id += "--";
  id += UuidV5(AccordNamespace(), name).ToString();
  return id;
}

JsonValue AccordIdentityJson() {
  return ObjectBuilder()
      .Add("type", "identity")
      .Add("spec_version", "2.1")
      .Add("id", kAccordIdentityId)
      .Add("created", kMappingTime)
      .Add("modified", kMappingTime)
      .Add("name", "accord")
      .Add("description",
           "The accord project: the registry of the international agreement against state cyber "
           "operations on civilian critical infrastructure. Publisher of the accord STIX extension.")
      .Add("identity_class", "organization")
      .Build();
}

std::string StixTimestamp(core::Timestamp time) {
  const auto micros = time.time_since_epoch().count() % 1000;
  return core::FormatRfc3339(time, micros == 0 ? core::TimePrecision::kMillis
                                               : core::TimePrecision::kMicros);
}

std::string_view StixSectorOf(std::string_view accord_sector) {
  for (const SectorPair& pair : kSectors) {
    if (pair.from == accord_sector) return pair.to;
  }
  // A sub-sector not listed takes its sector's value (manufacturing.* ).
  if (const auto dot = accord_sector.find('.'); dot != std::string_view::npos) {
    return StixSectorOf(accord_sector.substr(0, dot));
  }
  return {};
}

std::string_view AccordSectorOf(std::string_view stix_sector) {
  for (const SectorPair& pair : kReverseSectors) {
    if (pair.from == stix_sector) return pair.to;
  }
  return {};
}

bool IsAttackTechniqueId(std::string_view text) {
  if (text.size() != 5 && text.size() != 9) return false;
  if (text[0] != 'T') return false;
  for (std::size_t i = 1; i < 5; ++i) {
    if (!IsDigit(text[i])) return false;
  }
  if (text.size() == 9) {
    if (text[5] != '.') return false;
    for (std::size_t i = 6; i < 9; ++i) {
      if (!IsDigit(text[i])) return false;
    }
  }
  return true;
}

std::string_view AttackSourceName(std::string_view technique) {
  return technique.size() > 1 && technique[1] == '0' ? "mitre-ics-attack" : "mitre-attack";
}

const std::string* StringMember(const JsonValue& object, std::string_view name) {
  const JsonValue* value = object.Find(name);
  if (value == nullptr || value->type() != core::JsonType::kString) return nullptr;
  return &value->AsString();
}

}  // namespace accord::exchange::stix_internal
