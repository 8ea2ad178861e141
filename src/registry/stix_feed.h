// The registry's STIX feed: the STIX 2.1 objects a caller may see, in the
// order the node stored them, one page at a time. The TAXII collection
// "reports" (server/taxii_routes.h, docs/exchange/taxii.md) serves it.
//
// What the feed holds:
//   - position 0: the five TLP 2.0 marking definitions and the extension
//     definitions an export carries (exchange/tlp_markings.h,
//     exchange/stix_report.h), dated when the node began (its first event);
//   - position N > 0: the current version of the report whose last change
//     is the event at log index N, as exchange::EncodeReportAsStix objects
//     (the incident first), dated when that event was stored.
// Each reader sees a report exactly as GET /v1/reports/{id} would show it
// in full (registry/internal/report_access.h): the public sees reports the
// public form holds entirely (TLP:CLEAR throughout, record published), and
// reads them from the public form (scrubbed narrative); a party sees the
// reports it may read in full, with severity and verdicts. A report a
// reader may read only in part is left out of its feed (TAXII carries
// whole objects; /v1/reports/{id} shows the parts). Withdrawn reports are
// left out. A secretariat page that shows TLP:AMBER or above is answered
// only once each such read is a durable report.read event (DESIGN.md).
//
// Only the current version of each report is served: earlier versions live
// in the log, not in the store's projections, so `versions` lists one.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/json_value.h"
#include "core/result.h"
#include "core/time.h"
#include "exchange/taxii.h"

namespace accord::registry {

// Objects a page may scan before it stops short (with `more` and a `next`
// that continues the scan): bounds one request's work when the reader may
// see little of a large store.
inline constexpr std::size_t kStixFeedMaxScannedReports = 5000;

struct StixFeedRequest {
  exchange::TaxiiQuery query;  // filters (match[...], added_after)
  std::optional<exchange::TaxiiCursor> start;  // a decoded `next`; nullopt: the beginning
  std::size_t limit = 100;     // objects per page, >= 1
  // Only objects with this id (GET objects/{object-id}/ and its versions).
  std::optional<std::string> object_id;
};

struct StixFeedObject {
  core::JsonValue object;
  std::string id;
  std::string version;  // exchange::StixObjectVersion
  core::Timestamp date_added{};
  exchange::TaxiiCursor position;  // where it sits in the feed's order
};

struct StixFeedPage {
  std::vector<StixFeedObject> objects;
  bool more = false;
  // Where the next page starts, when `more`.
  std::optional<exchange::TaxiiCursor> next;
};

using StixFeedReplyFn = std::function<void(core::Result<StixFeedPage>)>;

}  // namespace accord::registry
