// The catalogue's header, sources and ids: the first half of CatalogueParser
// (norms/internal/catalogue_parser.h); the entries are catalogue_entries.cc.
#include "norms/catalogue.h"

#include "norms/internal/catalogue_checks.h"
#include "norms/internal/catalogue_parser.h"

namespace accord::norms {

using internal::EntryReader;
using internal::Presence;
using internal::Quote;

namespace {

bool IsUpperId(std::string_view id) {
  if (id.empty()) return false;
  char previous = '-';
  for (char c : id) {
    bool alnum = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && c != '-') return false;
    if (c == '-' && previous == '-') return false;
    previous = c;
  }
  return previous != '-';
}

// "1.0", "1.12": major.minor, no leading zeros.
bool IsVersion(std::string_view version) {
  std::size_t dot = version.find('.');
  if (dot == std::string_view::npos) return false;
  auto number = [](std::string_view part) {
    if (part.empty() || part.size() > 4 || (part.size() > 1 && part[0] == '0')) return false;
    for (char c : part)
      if (c < '0' || c > '9') return false;
    return true;
  };
  return number(version.substr(0, dot)) && number(version.substr(dot + 1));
}

}  // namespace

std::string_view LayerName(Layer layer) {
  switch (layer) {
    case Layer::kBinding: return "binding";
    case Layer::kVoluntary: return "voluntary";
    case Layer::kCbm: return "cbm";
  }
  return "";
}

std::string_view BasisName(Basis basis) {
  switch (basis) {
    case Basis::kTreaty: return "treaty";
    case Basis::kCustomary: return "customary";
  }
  return "";
}

core::Result<Catalogue> CatalogueParser::Parse(std::string_view text) {
  if (text.size() > Catalogue::kMaxTextBytes)
    return core::ResourceExhausted("norms catalogue is " + std::to_string(text.size()) +
                                   " bytes, the limit is " + std::to_string(Catalogue::kMaxTextBytes));
  auto root = internal::ParseToml(text, "norms catalogue");
  if (!root) return root.error();
  CatalogueParser parser;
  for (auto step : {&CatalogueParser::Header, &CatalogueParser::Sources,
                    &CatalogueParser::CollectIds}) {
    if (auto done = (parser.*step)(*root); !done) return done.error();
  }
  for (auto step : {&CatalogueParser::Definitions, &CatalogueParser::Principles,
                    &CatalogueParser::RedLines, &CatalogueParser::ProhibitedActions,
                    &CatalogueParser::Norms}) {
    if (auto done = (parser.*step)(); !done) return done.error();
  }
  if (auto done = parser.Response(*root); !done) return done.error();
  if (auto done = parser.BuildTables(); !done) return done.error();
  if (auto checked = internal::CheckCatalogue(parser.catalogue_); !checked) return checked.error();
  return std::move(parser.catalogue_);
}

core::Status CatalogueParser::Header(const toml::table& root) {
  EntryReader top(root, "catalogue");
  if (auto keys = top.CheckKeys({"catalogue", "version", "adopted", "entry_into_force_days",
                                 "assessment_notice", "summary", "source", "definition",
                                 "principle", "red_line", "prohibited_action", "norm",
                                 "response_rule"});
      !keys)
    return keys.error();
  auto name = top.String("catalogue", Presence::kRequired, 100);
  if (!name) return name.error();
  auto version = top.String("version", Presence::kRequired, 16);
  if (!version) return version.error();
  if (!IsVersion(*version))
    return top.Fail("version", Quote(*version) + " is not a version such as \"1.0\"");
  auto adopted = top.Date("adopted", Presence::kRequired);
  if (!adopted) return adopted.error();
  auto days = top.Integer("entry_into_force_days", 0, 3650);
  if (!days) return days.error();
  auto notice = top.String("assessment_notice", Presence::kRequired);
  if (!notice) return notice.error();
  auto summary = top.String("summary", Presence::kOptional);
  if (!summary) return summary.error();
  catalogue_.name_ = std::move(*name);
  catalogue_.version_ = std::move(*version);
  catalogue_.adopted_ = **adopted;
  catalogue_.entry_into_force_days_ = *days;
  catalogue_.assessment_notice_ = std::move(*notice);
  catalogue_.summary_ = std::move(*summary);
  return core::Ok();
}

core::Status CatalogueParser::Sources(const toml::table& root) {
  auto tables = internal::TablesOf(root, "source", Catalogue::kMaxEntries);
  if (!tables) return tables.error();
  for (std::size_t i = 0; i < tables->size(); ++i) {
    EntryReader entry(*(*tables)[i], "source[" + std::to_string(i) + "]");
    auto id = entry.String("id", Presence::kRequired, 64);
    if (!id) return id.error();
    if (!internal::IsLowerId(*id)) return entry.Fail("id", Quote(*id) + " is not a lower-case id");
    entry.Name("source", *id);
    if (catalogue_.FindSource(*id) != nullptr) return entry.Fail("id", "defined twice");
    if (auto keys = entry.CheckKeys({"id", "citation", "url"}); !keys) return keys.error();
    auto citation = entry.String("citation", Presence::kRequired);
    if (!citation) return citation.error();
    auto url = entry.String("url", Presence::kOptional, 2000);
    if (!url) return url.error();
    if (!url->empty() && url->rfind("https://", 0) != 0) return entry.Fail("url", "must be an https URL");
    catalogue_.sources_.push_back({std::move(*id), std::move(*citation), std::move(*url)});
  }
  return core::Ok();
}

// The ids, scopes and titles of every entry that a condition may refer to,
// and the norms' ids (which red lines name), before any condition compiles.
core::Status CatalogueParser::CollectIds(const toml::table& root) {
  struct Kind {
    std::string_view key, noun;
    std::vector<const toml::table*>* tables;
    std::map<std::string, internal::ReferenceTarget, std::less<>>* index;
    std::string_view title_key;
  };
  std::map<std::string, internal::ReferenceTarget, std::less<>> norm_ids;
  const Kind kinds[] = {
      {"definition", "definition", &definitions_, &references_.definitions, "term"},
      {"principle", "principle", &principles_, &references_.principles, "question"},
      {"red_line", "red line", &red_lines_, &references_.red_lines, "title"},
      {"prohibited_action", "prohibited action", &actions_, &references_.prohibited_actions,
       "technique"},
      {"norm", "norm", &norms_, &norm_ids, "title"},
  };
  for (const Kind& kind : kinds) {
    auto tables = internal::TablesOf(root, kind.key, Catalogue::kMaxEntries);
    if (!tables) return tables.error();
    *kind.tables = std::move(*tables);
    for (std::size_t i = 0; i < kind.tables->size(); ++i) {
      EntryReader entry(*(*kind.tables)[i], std::string(kind.key) + "[" + std::to_string(i) + "]");
      auto id = entry.String("id", Presence::kRequired, 64);
      if (!id) return id.error();
      bool lower = kind.key == "definition" || kind.key == "principle";
      bool well_formed = lower ? internal::IsLowerId(*id)
                               : kind.key == "red_line" ? id->rfind("RL-", 0) == 0 && IsUpperId(*id)
                               : kind.key == "prohibited_action" ? id->rfind("PA-", 0) == 0 && IsUpperId(*id)
                                                                 : true;  // norms: checked with their layer
      if (!well_formed)
        return entry.Fail("id", Quote(*id) + " is not a " + std::string(kind.noun) + " id" +
                                    (lower ? " (lower-case words joined by '-')"
                                           : kind.key == "red_line" ? " (\"RL-WATER\")" : " (\"PA-01\")"));
      auto title = entry.String(kind.title_key, Presence::kOptional);
      if (!title) return title.error();
      internal::ReferenceTarget target{i, Scope::kReport, std::move(*title)};
      if (kind.key == "definition") {
        auto scope = entry.String("scope", Presence::kRequired, 16);
        if (!scope) return scope.error();
        if (*scope == "entity") {
          target.scope = Scope::kEntity;
        } else if (*scope == "attribution") {
          target.scope = Scope::kAttribution;
        } else if (*scope != "report") {
          entry.Name(kind.noun, *id);
          return entry.Fail("scope", "must be \"report\", \"entity\" or \"attribution\", got " +
                                         Quote(*scope));
        }
      }
      if (!kind.index->emplace(*id, std::move(target)).second) {
        entry.Name(kind.noun, *id);
        return entry.Fail("id", "defined twice; ids are unique and never reused");
      }
    }
  }
  return core::Ok();
}

core::Result<std::vector<SourceRef>> CatalogueParser::SourceRefs(const EntryReader& entry) const {
  std::vector<SourceRef> refs;
  const toml::node* node = entry.Get("sources");
  if (node == nullptr) return entry.Fail("sources", "missing: every entry cites its sources");
  const toml::array* list = node->as_array();
  if (list == nullptr || list->empty()) return entry.Fail("sources", "must be a non-empty array");
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string at_index = "sources[" + std::to_string(i) + "]";
    const toml::table* table = (*list)[i].as_table();
    if (table == nullptr) return entry.Fail("sources", at_index + ": expected { source = ..., at = ... }");
    EntryReader ref(*table, entry.label() + ": " + at_index);
    if (auto keys = ref.CheckKeys({"source", "at"}); !keys) return keys.error();
    auto source = ref.String("source", Presence::kRequired, 64);
    if (!source) return source.error();
    if (catalogue_.FindSource(*source) == nullptr)
      return ref.Fail("source", "unknown source " + Quote(*source) + "; define it in a [[source]]");
    auto at = ref.String("at", Presence::kRequired, 200);
    if (!at) return at.error();
    refs.push_back({std::move(*source), std::move(*at)});
  }
  return refs;
}

core::Result<Condition> CatalogueParser::ConditionAt(const EntryReader& entry, std::string_view key,
                                                     Scope scope) const {
  const toml::node* node = entry.Get(key);
  if (node == nullptr) return entry.Fail(key, "missing");
  return internal::CompileCondition(*node, scope, references_, entry.Where(key));
}

}  // namespace accord::norms
