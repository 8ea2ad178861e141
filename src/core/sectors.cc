#include "core/sectors.h"

#include "core/builtin_data.h"
#include "core/encoding.h"
#include "core/text.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>

#include <toml++/toml.h>

namespace accord::embedded {
// data/sectors/nis2-sectors.toml, compiled in by accord_embed() (see
// src/core/CMakeLists.txt and cmake/embed_file.cmake).
extern const std::string_view SectorsToml;
}  // namespace accord::embedded

namespace accord::core {
namespace {

// Enough of a rejected input to recognise it in a message, not enough to
// flood a log with a hostile one.
constexpr std::size_t kMaxQuotedBytes = 40;
// A suggestion further than this many edits away is noise, not help.
constexpr std::size_t kMaxSuggestionDistance = 3;

// Quotes untrusted text for an error message (core/encoding.h): control
// and non-ASCII bytes become \xNN, long input is cut.
std::string Quote(std::string_view text) { return QuoteForMessage(text, kMaxQuotedBytes); }

bool IsLowerOrDigit(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool IsUpper(char c) {
  return c >= 'A' && c <= 'Z';
}

// Returns what is wrong with `code` as a sector code, or "" if nothing is.
// The grammar (docs/sectors.md): segment ("." segment)?, where a segment is
// [a-z0-9]+ ("-" [a-z0-9]+)*. Positions are 1-based bytes.
std::string CodeProblem(std::string_view code) {
  if (code.empty()) return "is empty";
  if (code.size() > SectorTaxonomy::kMaxCodeBytes) {
    return "is " + std::to_string(code.size()) + " bytes long, the limit is " +
           std::to_string(SectorTaxonomy::kMaxCodeBytes);
  }
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (IsUpper(code[i])) {
      // Codes are compared and committed to the log byte for byte, so only
      // one spelling is accepted; say which one.
      std::string lower(code);
      for (char& c : lower)
        if (IsUpper(c)) c = static_cast<char>(c - 'A' + 'a');
      return "upper-case letter at byte " + std::to_string(i + 1) +
             "; sector codes are lower case, use " + Quote(lower);
    }
    if (!IsLowerOrDigit(code[i]) && code[i] != '-' && code[i] != '.') {
      return "byte " + std::to_string(i + 1) + " is not one of a-z, 0-9, '-' or '.'";
    }
  }
  std::size_t dots = 0;
  char previous = '.';  // as if a segment had just ended
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '.') {
      if (previous == '.') return "empty segment before byte " + std::to_string(i + 1);
      if (previous == '-') return "segment ends with '-' at byte " + std::to_string(i);
      if (++dots > 1) {
        return "has more than two levels at byte " + std::to_string(i + 1) +
               "; a code is a sector or a sector.sub-sector";
      }
    } else if (c == '-') {
      if (previous == '.') return "segment starts with '-' at byte " + std::to_string(i + 1);
      if (previous == '-') return "repeated '-' at byte " + std::to_string(i + 1);
    }
    previous = c;
  }
  if (previous == '.') return "ends with '.'";
  if (previous == '-') return "ends with '-'";
  return "";
}

std::string_view ParentOf(std::string_view code) {
  std::size_t dot = code.find('.');
  return dot == std::string_view::npos ? std::string_view() : code.substr(0, dot);
}

std::string_view LastSegment(std::string_view code) {
  std::size_t dot = code.find('.');
  return dot == std::string_view::npos ? code : code.substr(dot + 1);
}

bool IsUsCisaSector(std::string_view name) {
  return std::find(kUsCisaSectors.begin(), kUsCisaSectors.end(), name) != kUsCisaSectors.end();
}

std::string_view TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::none:
      return "nothing";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
  }
  return "an unknown type";
}

std::string LinePrefix(const toml::source_region& source) {
  return "line " + std::to_string(source.begin.line) + ": ";
}

enum class Presence { kRequired, kOptional };

constexpr std::array<std::string_view, 11> kSectorKeys = {
    "code",  "name",           "origin",       "annex",      "point",           "description",
    "basis", "us_cisa_sector", "us_cisa_note", "deprecated", "deprecation_note"};
constexpr std::array<std::string_view, 4> kTopLevelKeys = {"version", "source", "crosswalk_source",
                                                           "sector"};

// Reads the keys of one [[sector]] table and words errors as
// `line 57: sector "energy.oil": key "annex": <reason>`.
class EntryReader {
 public:
  EntryReader(const toml::table& table, std::size_t index)
      : table_(table), label_("sector[" + std::to_string(index) + "]") {}

  // Once the code is known, errors name the entry by it.
  void Name(std::string_view code) { label_ = "sector " + Quote(code); }

  Error Fail(std::string_view key, std::string_view reason) const {
    const toml::node* node = table_.get(key);
    const toml::source_region& where = node != nullptr ? node->source() : table_.source();
    return InvalidArgument(LinePrefix(where) + label_ + ": key \"" + std::string(key) +
                           "\": " + std::string(reason));
  }

  Status CheckKeys() const {
    for (const auto& [key, node] : table_) {
      if (std::find(kSectorKeys.begin(), kSectorKeys.end(), key.str()) == kSectorKeys.end()) {
        return InvalidArgument(LinePrefix(key.source()) + label_ + ": unknown key " +
                               Quote(key.str()));
      }
    }
    return Ok();
  }

  bool Has(std::string_view key) const { return table_.get(key) != nullptr; }

  // A string value; "" for an absent optional key. Present strings must not
  // be empty: an empty name or note is a mistake, not a value.
  Result<std::string> String(std::string_view key, Presence presence) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) {
      if (presence == Presence::kOptional) return std::string();
      return Fail(key, "missing");
    }
    const auto* text = node->as_string();
    if (text == nullptr) return Fail(key, "expected a string, got " + std::string(TypeName(*node)));
    if (text->get().empty()) return Fail(key, "is empty");
    return text->get();
  }

  Result<bool> Boolean(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) return false;
    const auto* flag = node->as_boolean();
    if (flag == nullptr)
      return Fail(key, "expected a boolean, got " + std::string(TypeName(*node)));
    return flag->get();
  }

 private:
  const toml::table& table_;
  std::string label_;
};

// True if `point` is a top-level NIS2 annex point: 1 to 99, no leading zero.
bool IsSectorPoint(std::string_view point) {
  if (point.empty() || point.size() > 2 || point[0] < '1' || point[0] > '9') return false;
  return point.size() == 1 || (point[1] >= '0' && point[1] <= '9');
}

// What the parser knows about each code it has accepted so far.
struct Seen {
  std::size_t position;
  std::uint32_t line;
};

Result<Sector> ParseSector(const toml::table& table, std::size_t index,
                           const std::map<std::string, Seen, std::less<>>& seen,
                           const std::vector<Sector>& sectors) {
  EntryReader entry(table, index);
  Sector sector;

  auto code = entry.String("code", Presence::kRequired);
  if (!code) return code.error();
  if (std::string problem = CodeProblem(*code); !problem.empty())
    return entry.Fail("code", Quote(*code) + " " + problem);
  entry.Name(*code);
  if (auto keys = entry.CheckKeys(); !keys) return keys.error();
  if (auto earlier = seen.find(*code); earlier != seen.end()) {
    return entry.Fail("code", "already defined at line " + std::to_string(earlier->second.line) +
                                  "; codes are unique and never reused");
  }
  sector.code = std::move(*code);
  sector.parent = std::string(ParentOf(sector.code));
  const Sector* parent = nullptr;
  if (!sector.parent.empty()) {
    auto found = seen.find(sector.parent);
    if (found == seen.end()) {
      return entry.Fail(
          "code", "parent sector " + Quote(sector.parent) + " is not defined before this entry");
    }
    parent = &sectors[found->second.position];
  }

  auto name = entry.String("name", Presence::kRequired);
  if (!name) return name.error();
  sector.name = std::move(*name);

  auto origin = entry.String("origin", Presence::kRequired);
  if (!origin) return origin.error();
  if (*origin == "nis2") {
    sector.origin = SectorOrigin::kNis2;
  } else if (*origin == "accord") {
    sector.origin = SectorOrigin::kAccord;
  } else {
    return entry.Fail("origin", "must be \"nis2\" or \"accord\", got " + Quote(*origin));
  }

  if (sector.origin == SectorOrigin::kNis2) {
    auto annex = entry.String("annex", Presence::kRequired);
    if (!annex) return annex.error();
    if (*annex == "I") {
      sector.annex = Nis2Annex::kAnnexI;
    } else if (*annex == "II") {
      sector.annex = Nis2Annex::kAnnexII;
    } else {
      return entry.Fail("annex", "must be \"I\" or \"II\", got " + Quote(*annex));
    }
    auto point = entry.String("point", Presence::kRequired);
    if (!point) return point.error();
    sector.point = std::move(*point);
    if (parent == nullptr) {
      if (!IsSectorPoint(sector.point))
        return entry.Fail("point", Quote(sector.point) + " is not a point number such as \"5\"");
    } else {
      // A NIS2 sub-sector is a lettered sub-point of its sector's point in
      // the same annex: energy is Annex I point 1, electricity 1(a).
      if (parent->origin != SectorOrigin::kNis2)
        return entry.Fail(
            "origin", "a NIS2 sub-sector cannot belong to accord extension " + Quote(parent->code));
      if (sector.annex != parent->annex)
        return entry.Fail("annex", "differs from the annex of parent " + Quote(parent->code));
      const std::string& base = parent->point;
      const std::string& point_text = sector.point;
      bool lettered = point_text.size() == base.size() + 3 &&
                      point_text.compare(0, base.size(), base) == 0 &&
                      point_text[base.size()] == '(' && point_text[base.size() + 1] >= 'a' &&
                      point_text[base.size() + 1] <= 'z' && point_text.back() == ')';
      if (!lettered) {
        return entry.Fail("point", Quote(point_text) + " is not a sub-point of parent point " +
                                       Quote(base) + ", such as \"" + base + "(a)\"");
      }
    }
    if (entry.Has("basis"))
      return entry.Fail("basis",
                        "only accord extensions have a basis; NIS2 entries cite "
                        "their annex and point");
  } else {
    if (entry.Has("annex"))
      return entry.Fail("annex",
                        "accord extensions are not in a NIS2 annex; explain the "
                        "relation in \"basis\"");
    if (entry.Has("point"))
      return entry.Fail("point",
                        "accord extensions are not in a NIS2 annex; explain the "
                        "relation in \"basis\"");
    auto basis = entry.String("basis", Presence::kRequired);
    if (!basis) return basis.error();
    sector.basis = std::move(*basis);
  }

  auto description = entry.String("description", Presence::kOptional);
  if (!description) return description.error();
  sector.description = std::move(*description);

  auto us_cisa_sector = entry.String("us_cisa_sector", Presence::kOptional);
  if (!us_cisa_sector) return us_cisa_sector.error();
  auto us_cisa_note = entry.String("us_cisa_note", Presence::kOptional);
  if (!us_cisa_note) return us_cisa_note.error();
  if (us_cisa_sector->empty()) {
    // A missing crosswalk must be a decision, not an omission.
    if (us_cisa_note->empty())
      return entry.Fail("us_cisa_sector",
                        "missing; if no US sector fits, say why in "
                        "\"us_cisa_note\"");
  } else if (!IsUsCisaSector(*us_cisa_sector)) {
    return entry.Fail("us_cisa_sector",
                      Quote(*us_cisa_sector) + " is not one of the 16 PPD-21 sectors");
  }
  sector.us_cisa_sector = std::move(*us_cisa_sector);
  sector.us_cisa_note = std::move(*us_cisa_note);

  auto deprecated = entry.Boolean("deprecated");
  if (!deprecated) return deprecated.error();
  sector.deprecated = *deprecated;
  auto deprecation_note = entry.String("deprecation_note", Presence::kOptional);
  if (!deprecation_note) return deprecation_note.error();
  if (sector.deprecated && deprecation_note->empty())
    return entry.Fail("deprecation_note", "missing; a deprecated code says what to use instead");
  if (!sector.deprecated && !deprecation_note->empty())
    return entry.Fail("deprecation_note", "given, but \"deprecated\" is not true");
  sector.deprecation_note = std::move(*deprecation_note);
  return sector;
}

std::string UnknownCodeMessage(std::string_view code,
                               const std::vector<std::pair<std::string_view, std::size_t>>& index) {
  std::string message = "sector code " + Quote(code) + ": unknown";
  // "electricity" for "energy.electricity": a sub-sector named without its
  // sector is the commonest slip, so look for it before counting edits.
  std::string_view best;
  if (code.find('.') == std::string_view::npos) {
    for (const auto& [candidate, position] : index) {
      if (candidate.find('.') != std::string_view::npos && LastSegment(candidate) == code) {
        best = candidate;
        break;
      }
    }
  }
  if (best.empty()) {
    std::size_t best_distance = kMaxSuggestionDistance + 1;
    for (const auto& [candidate, position] : index) {
      std::size_t distance = EditDistance(code, candidate);
      if (distance < best_distance) {
        best_distance = distance;
        best = candidate;
      }
    }
    // Do not suggest a code that shares almost nothing with the input.
    if (best_distance * 2 >= std::max(code.size(), best.size())) best = {};
  }
  if (!best.empty()) message += " (did you mean " + Quote(best) + "?)";
  return message;
}

}  // namespace

std::string Sector::Citation() const {
  switch (annex) {
    case Nis2Annex::kNone:
      return "";
    case Nis2Annex::kAnnexI:
      return "Annex I, point " + point;
    case Nis2Annex::kAnnexII:
      return "Annex II, point " + point;
  }
  return "";
}

Result<SectorTaxonomy> SectorTaxonomy::Parse(std::string_view toml_text) {
  if (toml_text.size() > kMaxTextBytes) {
    return ResourceExhausted("sector taxonomy is " + std::to_string(toml_text.size()) +
                             " bytes, the limit is " + std::to_string(kMaxTextBytes));
  }
  toml::table root;
  try {
    root = toml::parse(toml_text);
  } catch (const toml::parse_error& error) {
    // toml++ reports syntax errors only by throwing; convert here.
    const auto& where = error.source().begin;
    return InvalidArgument("line " + std::to_string(where.line) + ", column " +
                           std::to_string(where.column) + ": " + std::string(error.description()));
  }

  for (const auto& [key, node] : root) {
    if (std::find(kTopLevelKeys.begin(), kTopLevelKeys.end(), key.str()) == kTopLevelKeys.end()) {
      return InvalidArgument(LinePrefix(key.source()) + "unknown top-level key " +
                             Quote(key.str()));
    }
  }

  SectorTaxonomy taxonomy;
  const toml::node* version = root.get("version");
  if (version == nullptr) return InvalidArgument("top-level key \"version\": missing");
  if (!version->is_integer() || version->as_integer()->get() < 1) {
    return InvalidArgument(LinePrefix(version->source()) +
                           "top-level key \"version\": expected a positive integer");
  }
  taxonomy.version_ = version->as_integer()->get();

  for (std::string_view key : {std::string_view("source"), std::string_view("crosswalk_source")}) {
    const toml::node* node = root.get(key);
    if (node == nullptr)
      return InvalidArgument("top-level key \"" + std::string(key) + "\": missing");
    if (!node->is_string() || node->as_string()->get().empty()) {
      return InvalidArgument(LinePrefix(node->source()) + "top-level key \"" + std::string(key) +
                             "\": expected a non-empty string");
    }
  }
  taxonomy.source_ = root.get("source")->as_string()->get();

  const toml::node* list_node = root.get("sector");
  if (list_node == nullptr) return InvalidArgument("no [[sector]] entries");
  const toml::array* list = list_node->as_array();
  if (list == nullptr) {
    return InvalidArgument(LinePrefix(list_node->source()) +
                           "\"sector\" must be an array of tables ([[sector]])");
  }
  if (list->empty()) return InvalidArgument("no [[sector]] entries");

  std::map<std::string, Seen, std::less<>> seen;
  std::map<std::string, std::string, std::less<>> code_by_citation;
  taxonomy.sectors_.reserve(list->size());
  for (std::size_t index = 0; index < list->size(); ++index) {
    const toml::node& node = (*list)[index];
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      return InvalidArgument(LinePrefix(node.source()) + "sector[" + std::to_string(index) +
                             "]: expected a table, got " + std::string(TypeName(node)));
    }
    auto sector = ParseSector(*table, index, seen, taxonomy.sectors_);
    if (!sector) return sector.error();
    if (sector->origin == SectorOrigin::kNis2) {
      // Two codes for one annex point would split its statistics.
      auto [existing, inserted] = code_by_citation.emplace(sector->Citation(), sector->code);
      if (!inserted) {
        return InvalidArgument(LinePrefix(table->get("point")->source()) + "sector " +
                               Quote(sector->code) + ": key \"point\": " + sector->Citation() +
                               " is already the point of " + Quote(existing->second));
      }
    }
    seen.emplace(sector->code, Seen{taxonomy.sectors_.size(), table->source().begin.line});
    taxonomy.sectors_.push_back(std::move(*sector));
  }

  // The vector is complete: from here on its elements never move, so views
  // and pointers into them stay valid for the taxonomy's lifetime.
  taxonomy.index_.reserve(taxonomy.sectors_.size());
  taxonomy.children_.resize(taxonomy.sectors_.size());
  for (std::size_t position = 0; position < taxonomy.sectors_.size(); ++position) {
    const Sector& sector = taxonomy.sectors_[position];
    taxonomy.index_.emplace_back(sector.code, position);
    if (!sector.parent.empty()) {
      std::size_t parent_position = seen.find(sector.parent)->second.position;
      taxonomy.children_[parent_position].push_back(&sector);
    }
  }
  std::sort(taxonomy.index_.begin(), taxonomy.index_.end());
  return taxonomy;
}

Result<SectorTaxonomy> SectorTaxonomy::ParseBuiltin() {
  auto taxonomy = Parse(embedded::SectorsToml);
  if (!taxonomy) return taxonomy.error().Context("built-in data/sectors/nis2-sectors.toml");
  return taxonomy;
}

const SectorTaxonomy& SectorTaxonomy::Builtin() {
  return core::ParseBuiltinOnce<SectorTaxonomy>("sector taxonomy", &SectorTaxonomy::ParseBuiltin);
}

Result<const Sector*> SectorTaxonomy::Find(std::string_view code) const {
  if (std::string problem = CodeProblem(code); !problem.empty())
    return InvalidArgument("sector code " + Quote(code) + ": " + problem);
  auto found = std::lower_bound(index_.begin(), index_.end(), code,
                                [](const std::pair<std::string_view, std::size_t>& entry,
                                   std::string_view wanted) { return entry.first < wanted; });
  if (found == index_.end() || found->first != code)
    return NotFound(UnknownCodeMessage(code, index_));
  return &sectors_[found->second];
}

Result<std::span<const Sector* const>> SectorTaxonomy::Children(std::string_view code) const {
  auto sector = Find(code);
  if (!sector) return sector.error();
  auto position = static_cast<std::size_t>(*sector - sectors_.data());
  return std::span<const Sector* const>(children_[position]);
}

}  // namespace accord::core
