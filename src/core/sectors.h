// The sector taxonomy: which part of civilian critical infrastructure an
// incident, a norm or a statistic is about. The sectors and sub-sectors are
// those of Directive (EU) 2022/2555 (NIS2), Annex I ("sectors of high
// criticality") and Annex II ("other critical sectors"), plus a few accord
// extensions where the agreement needs a category NIS2 lacks (emergency
// services). Each carries a crosswalk to the sixteen US critical
// infrastructure sectors of PPD-21 so that reports from either tradition line
// up. docs/sectors.md is the reference: source, stability rules, crosswalk.
//
// The taxonomy lives in data/sectors/nis2-sectors.toml and is compiled into
// the binary, so every node and every watchdog's `accord audit` use the same
// codes. A code, once published, is never renamed or reused; it can only be
// deprecated. Codes are what the log records; names are for people.
//
// A SectorTaxonomy is immutable after Parse(), so any number of threads may
// read it at once. It can be moved (pointers to its sectors stay valid) but
// not copied.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace accord::core {

// The sixteen critical infrastructure sectors of Presidential Policy
// Directive 21 (PPD-21, 12 February 2013), in its order and spelling, as
// CISA lists them. `Sector::us_cisa_sector` is one of these or empty.
inline constexpr std::array<std::string_view, 16> kUsCisaSectors = {
    "Chemical",
    "Commercial Facilities",
    "Communications",
    "Critical Manufacturing",
    "Dams",
    "Defense Industrial Base",
    "Emergency Services",
    "Energy",
    "Financial Services",
    "Food and Agriculture",
    "Government Facilities",
    "Healthcare and Public Health",
    "Information Technology",
    "Nuclear Reactors, Materials, and Waste",
    "Transportation Systems",
    "Water and Wastewater Systems",
};

// Where a sector comes from.
enum class SectorOrigin {
  kNis2,    // listed in NIS2 Annex I or II
  kAccord,  // an accord extension; `basis` says why NIS2 does not cover it
};

enum class Nis2Annex {
  kNone,     // accord extensions
  kAnnexI,   // sectors of high criticality
  kAnnexII,  // other critical sectors
};

struct Sector {
  // Stable code: lower-case segments of a-z, 0-9 and single inner hyphens,
  // with at most one dot between a sector and its sub-sector
  // ("energy.district-heating").
  std::string code;
  std::string name;    // English name, as NIS2 words it for NIS2 entries
  std::string parent;  // code of the sector of a sub-sector; empty otherwise
  SectorOrigin origin = SectorOrigin::kNis2;
  Nis2Annex annex = Nis2Annex::kNone;
  std::string point;           // NIS2 annex point, "1(a)"; empty for accord extensions
  std::string description;     // what it covers, in a sentence or two
  std::string basis;           // accord extensions: why it exists; empty for NIS2
  std::string us_cisa_sector;  // one of kUsCisaSectors, or empty if none fits
  std::string us_cisa_note;    // why the crosswalk is approximate or absent
  bool deprecated = false;     // kept so that old entries still resolve
  std::string deprecation_note;

  // "Annex I, point 1(a)" for NIS2 entries, empty for accord extensions.
  std::string Citation() const;
};

class SectorTaxonomy {
 public:
  // Longest code accepted; longer input is rejected before any lookup.
  static constexpr std::size_t kMaxCodeBytes = 64;
  // Taxonomy files are a few KB; refuse anything absurd before parsing.
  static constexpr std::size_t kMaxTextBytes = 1u << 20;

  SectorTaxonomy(SectorTaxonomy&&) = default;
  SectorTaxonomy& operator=(SectorTaxonomy&&) = default;
  SectorTaxonomy(const SectorTaxonomy&) = delete;
  SectorTaxonomy& operator=(const SectorTaxonomy&) = delete;

  // Parses and validates a taxonomy in the format of
  // data/sectors/nis2-sectors.toml. Fails with kInvalidArgument when the text
  // is not TOML (line and column given), a required key is missing, a key is
  // unknown, a code is malformed or repeated, a sub-sector's parent is not
  // defined earlier, an annex or point is missing, malformed or inconsistent
  // with the parent's, or a crosswalk value is not one of kUsCisaSectors. The
  // message names the line and the sector's code (or its index) and the key.
  // kResourceExhausted if the text exceeds kMaxTextBytes.
  static Result<SectorTaxonomy> Parse(std::string_view toml_text);

  // Parses the built-in taxonomy (the embedded nis2-sectors.toml). Tests call
  // this so that a broken file fails with its reason.
  static Result<SectorTaxonomy> ParseBuiltin();

  // The built-in taxonomy, parsed on first use (thread-safe) and kept for the
  // life of the process. The file is checked by a test, so failure here is a
  // build defect: it prints the reason to stderr and aborts, rather than
  // letting a node run with no sectors.
  static const SectorTaxonomy& Builtin();

  // Looks up a code. Fails with kInvalidArgument if `code` is not a
  // well-formed code (upper case, spaces, too long: the message says which
  // byte and, for upper case, the lower-case form), and with kNotFound if no
  // sector has it (the message suggests the nearest code when one is close).
  // Deprecated sectors are found: their codes appear in old log entries.
  // The pointer is valid for the lifetime of this taxonomy.
  Result<const Sector*> Find(std::string_view code) const;

  // The sub-sectors of `code`, in file order; empty for a sector without
  // any. Fails as Find() does. The span is valid for the lifetime of this
  // taxonomy.
  Result<std::span<const Sector* const>> Children(std::string_view code) const;

  // Every sector and sub-sector, in file order (each sector before its
  // sub-sectors).
  std::span<const Sector> sectors() const { return sectors_; }

  std::int64_t version() const { return version_; }
  const std::string& source() const { return source_; }

 private:
  SectorTaxonomy() = default;

  std::int64_t version_ = 0;
  std::string source_;
  std::vector<Sector> sectors_;
  // (code, position in sectors_) sorted by code, for binary search. The
  // views point into sectors_' strings, whose storage moves with the vector
  // and is never copied: that is why copying is deleted.
  std::vector<std::pair<std::string_view, std::size_t>> index_;
  // children_[i]: the sub-sectors of sectors_[i].
  std::vector<std::vector<const Sector*>> children_;
};

}  // namespace accord::core
