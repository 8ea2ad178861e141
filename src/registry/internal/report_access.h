// How much of a stored report a caller reads (docs/visibility.md, "Publication
// and what the registry shows"): the one decision GET /v1/reports/{id} and
// the TAXII feed (registry/stix_feed.cc) share, so that no reader sees more
// of a report through one door than through the other.
#pragma once

#include <string>

#include "core/encoding.h"
#include "core/result.h"
#include "model/tlp.h"
#include "privacy/visibility.h"
#include "registry/registry.h"
#include "store/store.h"

namespace accord::registry::internal {

// The stored report `id`: kNotFound saying that report does not exist (the
// one wording every report endpoint answers with), or the store's error.
inline core::Result<store::ReportRow> LoadReportRow(const store::Store& store, const std::string& id) {
  auto row = store.GetReport(id);
  if (!row && row.error().code == core::ErrorCode::kNotFound)
    return core::NotFound("report " + core::QuoteForMessage(id) + " does not exist");
  return row;
}

// A stored marking name; an unknown one reads as the most restrictive.
inline model::Tlp TlpOf(const std::string& name) {
  return model::ParseTlp(name).value_or(model::Tlp::kRed);
}

inline privacy::RecordAccess AccessOf(const store::ReportRow& row) {
  return privacy::RecordAccess{row.submitter_party_id, row.recipients, false};
}

// Whether the public may read the whole report: it is CLEAR throughout and
// its record is published (so its public form holds all of it).
inline bool PublicReadsAll(const store::ReportRow& row) {
  return row.max_tlp == "CLEAR" && row.record_visibility == "public";
}

enum class ReportAccess {
  kPublic,   // the public form only (the public always; a party that may not read the report's tlp)
  kPartial,  // the report's tlp, but not some marked field
  kFull,     // every marking in it
};

inline ReportAccess AccessFor(const Caller& caller, const store::ReportRow& row) {
  if (caller.anonymous()) return ReportAccess::kPublic;
  const privacy::RecordAccess record_access = AccessOf(row);
  if (privacy::MayRead(TlpOf(row.max_tlp), caller.reader, record_access)) return ReportAccess::kFull;
  if (privacy::MayRead(TlpOf(row.tlp), caller.reader, record_access)) return ReportAccess::kPartial;
  return ReportAccess::kPublic;
}

}  // namespace accord::registry::internal
