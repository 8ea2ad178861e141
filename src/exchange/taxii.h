// TAXII 2.1 without I/O (OASIS TAXII Version 2.1, 10 June 2021; our notes in
// ../shared/data/taxii21/TAXII21-FACTS.md): the media types and their
// negotiation, the query parameters of the collection endpoints, the opaque
// `next` cursor, and the JSON of every TAXII resource.
//
// What each collection holds, who may read it and where requests go are the
// server's business (server/taxii_routes.h, registry/stix_feed.h); the
// client (`accord taxii pull|push`) uses the same parsing and encoding, so
// both ends read the protocol the same way. docs/exchange/taxii.md has the
// whole picture.
//
// Thread-safety: pure functions, no state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_value.h"
#include "core/result.h"
#include "core/time.h"

namespace accord::exchange {

// The media types of TAXII 2.1 and of the STIX 2.1 content it carries
// (TAXII 1.6.8, 5.2.1). Every TAXII response, errors included, is
// kTaxiiMediaType (3.1 and each endpoint's table).
inline constexpr std::string_view kTaxiiMediaType = "application/taxii+json;version=2.1";
inline constexpr std::string_view kStixMediaType = "application/stix+json;version=2.1";

// One element of an Accept header (RFC 9110 section 12.5.1, which TAXII
// 3.2 cites as RFC 7231 section 5.3.2): type/subtype, parameters in order
// (names lower-cased, values unquoted), and the weight q in thousandths.
struct MediaRange {
  std::string type;     // lower case; "*" for a wildcard
  std::string subtype;  // lower case; "*" for a wildcard
  std::vector<std::pair<std::string, std::string>> parameters;  // without q
  int weight = 1000;    // q=0.5 -> 500
};

// Parses an Accept header value. kInvalidArgument naming the element (1-based)
// and the reason for a malformed range, parameter or weight (q with more than
// three decimals or above 1 included, RFC 9110 section 12.4.2).
core::Result<std::vector<MediaRange>> ParseAccept(std::string_view header);

// Whether a TAXII 2.1 response may be sent to a request with this Accept
// header (nullopt: no header). TAXII 3.1: every request MUST name a TAXII
// media range, so a request without Accept is refused; a range matches
// when it is application/taxii+json (or the deprecated
// application/vnd.oasis.taxii+json, App. B) with no version or version=2.1
// (1.6.8.2: no version means the latest the server supports), or a
// wildcard ("*/*", "application/*": 3.1 allows serving a range the
// endpoint does not define). The weight of the most specific matching
// range decides (RFC 9110 section 12.5.1): q=0 refuses. Returns Ok, or
// kInvalidArgument with the reason, which the server answers with 406.
core::Status NegotiateTaxii(std::optional<std::string_view> accept);

// Whether a POST body of this Content-Type is a TAXII 2.1 envelope
// (application/taxii+json with no version or version=2.1). kInvalidArgument
// with the reason otherwise (the server answers 415).
core::Status CheckTaxiiContentType(std::optional<std::string_view> content_type);

// ------------------------------------------------------------------ queries

// The endpoints that take filters; each allows its own match fields
// (TAXII 5.3, 5.4, 5.6, 5.8).
enum class TaxiiEndpoint {
  kObjects,   // GET objects/: id, type, version, spec_version
  kManifest,  // GET manifest/: id, type, version, spec_version
  kObject,    // GET objects/{object-id}/: version, spec_version
  kVersions,  // GET objects/{object-id}/versions/: spec_version
};

// match[version] (TAXII 3.4.1). With none of these set, "last" applies.
struct TaxiiVersionMatch {
  bool all = false;
  bool first = false;
  bool last = false;
  std::vector<core::Timestamp> exact;  // `modified` (or `created`) instants
  bool Default() const { return !all && !first && !last && exact.empty(); }
};

struct TaxiiQuery {
  std::optional<core::Timestamp> added_after;
  std::optional<std::size_t> limit;
  std::optional<std::string> next;  // as received; see DecodeTaxiiCursor
  std::vector<std::string> ids;            // match[id], ORed
  std::vector<std::string> types;          // match[type], ORed
  std::vector<std::string> spec_versions;  // match[spec_version], ORed; empty: the latest
  TaxiiVersionMatch versions;              // match[version]
  // Every filter except `next` and `limit`, in one canonical string: a
  // `next` cursor is valid only with the filters it was made for (3.4:
  // "along with the same original query options").
  std::string filter_key;
};

// Parses the query parameters (already percent-decoded) of a request to
// `endpoint`. Each failure is kInvalidArgument naming the parameter and the
// reason, which the server answers with 400 (TAXII 3.4: "If any of the URL
// query parameters are malformed, the TAXII Server MUST return an HTTP 400"):
//   - added_after, limit or next given twice, or a match[<field>] twice (3.4);
//   - added_after not an RFC 3339 timestamp (TAXII timestamps have
//     microseconds, 2; any RFC 3339 date-time is accepted and read as UTC);
//   - limit not a positive integer (3.4), or above 2^53-1 (2: integer);
//   - an empty value in a comma-separated list, or a space in it (3.4);
//   - match[version] with "all" beside another value, a keyword or a
//     timestamp twice, or a value neither keyword nor RFC 3339 timestamp;
//   - match[spec_version] values other than "2.0" and "2.1";
//   - a match field this endpoint does not take (match[id] on an object's
//     versions, say): 5.6 and 5.8 list the fields each endpoint takes.
// Unknown match fields are ignored (3.4: servers MAY ignore fields they do
// not understand), as are parameters TAXII does not define.
core::Result<TaxiiQuery> ParseTaxiiQuery(
    std::span<const std::pair<std::string, std::string>> params, TaxiiEndpoint endpoint);

// Whether `object` (a STIX object) passes the query's match[id], match[type]
// and match[spec_version] (an object without spec_version is STIX 2.0, STIX
// 2.1 section 3.2). match[version] is the caller's: it needs every version.
bool MatchesTaxiiFilters(const TaxiiQuery& query, const core::JsonValue& object);

// Whether match[version] selects `version` (a StixObjectVersion) of an
// object of which the server holds this one version only: it is then the
// first, the last and all of them; exact values compare as instants.
bool MatchesOnlyVersion(const TaxiiVersionMatch& match, std::string_view version);

// The version of a STIX object for manifests, versions and match[version]:
// its `modified`, else its `created` (TAXII 3.4.1), as given; "" if neither.
std::string StixObjectVersion(const core::JsonValue& object);

// ------------------------------------------------------------------ cursor

// Where a page stopped: the position of the next object in the server's
// order. `position` is the server's ordering key (accord: the log index of
// the event that stored the version), `offset` the index of the next object
// among those at that position.
struct TaxiiCursor {
  std::uint64_t position = 0;
  std::uint64_t offset = 0;
  friend bool operator==(const TaxiiCursor&, const TaxiiCursor&) = default;
};

// The `next` value for `cursor`, bound to `filter_key` and `scope` (the
// collection): opaque to clients (3.4), ASCII letters, digits, '-' and '_'.
std::string EncodeTaxiiCursor(const TaxiiCursor& cursor, std::string_view filter_key,
                              std::string_view scope);

// Reads a `next` value back. kInvalidArgument ("next: ...") when it is not
// one of ours, or was made for other filters or another collection (the
// client changed its query between pages). It is a position, not a
// permission: the caller re-checks what the reader may see on every page
// (TAXII App. B: servers must not trust `next` blindly).
core::Result<TaxiiCursor> DecodeTaxiiCursor(std::string_view text, std::string_view filter_key,
                                            std::string_view scope);

// ------------------------------------------------------------------ resources

// A TAXII timestamp: RFC 3339 in UTC with exactly six decimals and "Z"
// (TAXII section 2, "timestamp").
std::string FormatTaxiiTimestamp(core::Timestamp time);

struct TaxiiDiscovery {  // 4.1.1
  std::string title;
  std::string description;  // "" leaves it out
  std::string contact;      // "" leaves it out
  std::string default_api_root;  // "" leaves it out; else one of api_roots
  std::vector<std::string> api_roots;
};
core::JsonValue EncodeTaxiiDiscovery(const TaxiiDiscovery& discovery);

struct TaxiiApiRoot {  // 4.2.1
  std::string title;
  std::string description;
  std::uint64_t max_content_length = 0;  // octets, > 0
};
// versions is always [kTaxiiMediaType].
core::JsonValue EncodeTaxiiApiRoot(const TaxiiApiRoot& api_root);

struct TaxiiCollection {  // 5.2.1
  std::string id;  // a UUID (TAXII 2: identifier)
  std::string title;
  std::string description;  // "" leaves it out
  std::string alias;        // "" leaves it out
  bool can_read = false;
  bool can_write = false;
  std::vector<std::string> media_types;  // empty leaves it out
};
core::JsonValue EncodeTaxiiCollection(const TaxiiCollection& collection);
// {"collections":[...]}, or {} when there are none (5.1.1: lists are never
// empty).
core::JsonValue EncodeTaxiiCollections(std::span<const TaxiiCollection> collections);

// An envelope (3.7): `objects` left out when empty, `more` only when true,
// `next` only when given.
core::JsonValue EncodeTaxiiEnvelope(std::vector<core::JsonValue> objects, bool more,
                                    std::string_view next = {});

struct TaxiiManifestRecord {  // 5.3.1
  std::string id;
  core::Timestamp date_added{};
  std::string version;
  std::string media_type = std::string(kStixMediaType);
};
// A manifest: `objects` left out when empty, `more` only when true. `next`,
// when given, is an extra member (the manifest resource of 5.3.1 has none;
// the next URL parameter of 5.3 needs a value to come from).
core::JsonValue EncodeTaxiiManifest(std::span<const TaxiiManifestRecord> records, bool more,
                                    std::string_view next = {});

// A versions resource (5.8.1): `versions` left out when empty; `next` as
// for manifests.
core::JsonValue EncodeTaxiiVersions(std::span<const std::string> versions, bool more,
                                    std::string_view next = {});

struct TaxiiStatusDetail {  // 4.3.1, status-details
  std::string id;
  std::string version;
  std::string message;  // "" leaves it out
};
struct TaxiiStatus {  // 4.3.1
  std::string id;
  bool complete = false;  // "complete" or "pending"
  core::Timestamp request_timestamp{};
  std::uint64_t total_count = 0;
  std::vector<TaxiiStatusDetail> successes;
  std::vector<TaxiiStatusDetail> failures;
  std::vector<TaxiiStatusDetail> pendings;
};
// The counts come from the lists, which are left out when empty.
core::JsonValue EncodeTaxiiStatus(const TaxiiStatus& status);

struct TaxiiError {  // 3.6.1
  std::string title;
  std::string description;  // "" leaves it out
  std::string error_id;     // "" leaves it out
  std::string error_code;   // "" leaves it out
  int http_status = 0;      // 0 leaves it out; else written as a string
  std::string external_details;  // "" leaves it out
};
core::JsonValue EncodeTaxiiError(const TaxiiError& error);

// A name-based UUID for a collection of a node: version 8 (RFC 9562 section
// 5.8) over SHA-256 of `name`, so that a node's collection keeps its id
// across restarts and two nodes' collections differ.
std::string TaxiiCollectionId(std::string_view name);

}  // namespace accord::exchange
