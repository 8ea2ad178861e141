// CatalogueParser: builds a norms::Catalogue from a parsed TOML document,
// entry kind by entry kind. Ids are collected first, so that a condition may
// refer to an entry defined further down the file. Split over catalogue.cc
// (header, sources, ids) and catalogue_entries.cc (the entries); the checks
// that span entries are internal/catalogue_checks.h. Only those files use it.
#pragma once

#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "core/result.h"
#include "norms/catalogue.h"
#include "norms/internal/condition_parser.h"
#include "norms/internal/toml_reader.h"

namespace accord::norms {

class CatalogueParser {
 public:
  // Catalogue::Parse() is this.
  static core::Result<Catalogue> Parse(std::string_view text);

 private:
  core::Status Header(const toml::table& root);
  core::Status Sources(const toml::table& root);
  core::Status CollectIds(const toml::table& root);
  core::Status Definitions();
  core::Status Principles();
  core::Status RedLines();
  core::Status ProhibitedActions();
  core::Status Norms();
  core::Status Response(const toml::table& root);
  core::Status BuildTables();
  core::Result<std::vector<SourceRef>> SourceRefs(const internal::EntryReader& entry) const;
  // Compiles the condition at `key` of `entry`. REQUIRES: the key is present
  // (callers test Get() for optional ones).
  core::Result<Condition> ConditionAt(const internal::EntryReader& entry, std::string_view key,
                                      Scope scope) const;

  Catalogue catalogue_;
  internal::ReferenceIndex references_;
  std::vector<const toml::table*> definitions_, principles_, red_lines_, actions_, norms_;
};

}  // namespace accord::norms
