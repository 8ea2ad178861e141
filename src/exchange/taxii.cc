#include "exchange/taxii.h"

#include <algorithm>
#include <charconv>

#include "core/crypto.h"
#include "core/encoding.h"
#include "core/id.h"

namespace accord::exchange {
namespace {

using core::JsonValue;

JsonValue Str(std::string_view text) { return JsonValue::String(std::string(text)); }
JsonValue Int(std::uint64_t value) { return JsonValue::Number(static_cast<double>(value)); }

// The largest TAXII integer (section 2: 54-bit signed).
constexpr std::uint64_t kMaxTaxiiInteger = (std::uint64_t{1} << 53) - 1;

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view TrimOws(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool IsToken(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), IsTokenChar);
}

// RFC 9110 section 12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
std::optional<int> ParseWeight(std::string_view text) {
  if (text.empty() || (text[0] != '0' && text[0] != '1')) return std::nullopt;
  int weight = text[0] == '1' ? 1000 : 0;
  if (text.size() == 1) return weight;
  if (text[1] != '.' || text.size() > 5) return std::nullopt;
  int scale = 100;
  for (char c : text.substr(2)) {
    if (c < '0' || c > '9') return std::nullopt;
    weight += (c - '0') * scale;
    scale /= 10;
  }
  return weight > 1000 ? std::nullopt : std::optional(weight);
}

// "type/subtype *( OWS ";" OWS name=value )": one media type or range.
// `allow_weight`: an Accept element, whose "q" ends the media parameters.
core::Result<MediaRange> ParseMediaRange(std::string_view text, bool allow_weight) {
  MediaRange range;
  std::size_t semicolon = text.find(';');
  std::string_view essence = TrimOws(text.substr(0, semicolon));
  std::size_t slash = essence.find('/');
  if (slash == std::string_view::npos || !IsToken(essence.substr(0, slash)) ||
      !IsToken(essence.substr(slash + 1)))
    return core::InvalidArgument(core::QuoteForMessage(essence) + " is not a type/subtype");
  range.type = Lower(essence.substr(0, slash));
  range.subtype = Lower(essence.substr(slash + 1));
  if (range.type == "*" && range.subtype != "*")
    return core::InvalidArgument(core::QuoteForMessage(essence) + ": \"*/" + range.subtype +
                                 "\" is not a media range (only */* or type/*)");
  bool after_weight = false;
  while (semicolon != std::string_view::npos) {
    std::string_view rest = text.substr(semicolon + 1);
    // A quoted value may hold ';': find the parameter's end outside quotes.
    std::size_t end = 0;
    bool quoted = false;
    for (; end < rest.size(); ++end) {
      if (rest[end] == '"') quoted = !quoted;
      else if (rest[end] == '\\' && quoted) ++end;
      else if (rest[end] == ';' && !quoted) break;
    }
    if (quoted) return core::InvalidArgument("unterminated quoted parameter value");
    std::string_view parameter = TrimOws(rest.substr(0, end));
    semicolon = end < rest.size() ? semicolon + 1 + end : std::string_view::npos;
    if (parameter.empty()) continue;  // "a/b;" or "a/b; ;c=d": empty parameters are harmless
    std::size_t equals = parameter.find('=');
    if (equals == std::string_view::npos || !IsToken(parameter.substr(0, equals)))
      return core::InvalidArgument("parameter " + core::QuoteForMessage(parameter) +
                                   " is not name=value");
    std::string name = Lower(parameter.substr(0, equals));
    std::string_view raw = parameter.substr(equals + 1);
    std::string value;
    if (!raw.empty() && raw.front() == '"') {
      if (raw.size() < 2 || raw.back() != '"')
        return core::InvalidArgument("parameter " + name + ": unterminated quoted value");
      for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
        if (raw[i] == '\\' && i + 2 < raw.size()) ++i;
        value += raw[i];
      }
    } else if (IsToken(raw)) {
      value = std::string(raw);
    } else {
      return core::InvalidArgument("parameter " + name + ": value " + core::QuoteForMessage(raw) +
                                   " is neither a token nor a quoted string");
    }
    if (allow_weight && name == "q") {
      auto weight = ParseWeight(value);
      if (!weight)
        return core::InvalidArgument("q=" + core::QuoteForMessage(value) +
                                     " is not a weight from 0 to 1 with at most three decimals");
      range.weight = *weight;
      after_weight = true;
      continue;
    }
    // Parameters after q are accept extensions, not media parameters
    // (RFC 9110 section 12.5.1).
    if (!after_weight) range.parameters.emplace_back(std::move(name), std::move(value));
  }
  return range;
}

bool IsTaxiiType(const MediaRange& range) {
  return range.type == "application" &&
         (range.subtype == "taxii+json" || range.subtype == "vnd.oasis.taxii+json");
}

// The version parameter of a TAXII media type, if any.
const std::string* VersionParameter(const MediaRange& range) {
  for (const auto& [name, value] : range.parameters)
    if (name == "version") return &value;
  return nullptr;
}

// How specifically `range` names a TAXII 2.1 response: -1 not at all, 0 for
// */*, 1 for application/*, 2 for the type, 3 for the type with parameters.
int Specificity(const MediaRange& range) {
  if (range.type == "*") return 0;
  if (range.type == "application" && range.subtype == "*") return 1;
  if (!IsTaxiiType(range)) return -1;
  const std::string* version = VersionParameter(range);
  if (version && *version != "2.1") return -1;
  return range.parameters.empty() ? 2 : 3;
}

bool IsDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

core::Result<std::vector<std::string>> SplitList(std::string_view name, std::string_view value) {
  std::vector<std::string> items;
  std::size_t start = 0;
  for (;;) {
    std::size_t comma = value.find(',', start);
    std::string_view item = value.substr(start, comma == std::string_view::npos ? comma : comma - start);
    if (item.empty())
      return core::InvalidArgument(std::string(name) + ": empty value in " + core::QuoteForMessage(value) +
                                   " (values are separated by single commas)");
    if (item.find_first_of(" \t") != std::string_view::npos)
      return core::InvalidArgument(std::string(name) + ": " + core::QuoteForMessage(item) +
                                   " holds a space (TAXII 3.4: comma-separated without spaces)");
    items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return items;
}

std::string_view EndpointName(TaxiiEndpoint endpoint) {
  switch (endpoint) {
    case TaxiiEndpoint::kObjects: return "objects";
    case TaxiiEndpoint::kManifest: return "manifest";
    case TaxiiEndpoint::kObject: return "an object";
    case TaxiiEndpoint::kVersions: return "an object's versions";
  }
  return "this endpoint";
}

bool EndpointTakes(TaxiiEndpoint endpoint, std::string_view field) {
  switch (endpoint) {
    case TaxiiEndpoint::kObjects:
    case TaxiiEndpoint::kManifest: return true;
    case TaxiiEndpoint::kObject: return field == "version" || field == "spec_version";  // 5.6
    case TaxiiEndpoint::kVersions: return field == "spec_version";                       // 5.8
  }
  return false;
}

std::string Joined(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  std::string out;
  for (const auto& item : items) out += item + ',';
  return out;
}

std::string CursorCheck(const TaxiiCursor& cursor, std::string_view filter_key, std::string_view scope) {
  std::string input = "accord taxii cursor v1\n" + std::string(scope) + '\n' + std::string(filter_key) + '\n' +
                      std::to_string(cursor.position) + '-' + std::to_string(cursor.offset);
  auto digest = core::Sha256(input);
  return core::HexEncode(std::span<const std::uint8_t>(digest.data(), 8));
}

}  // namespace

core::Result<std::vector<MediaRange>> ParseAccept(std::string_view header) {
  std::vector<MediaRange> ranges;
  std::size_t start = 0, element = 0;
  while (start <= header.size()) {
    // Split at commas outside quoted strings.
    std::size_t end = start;
    bool quoted = false;
    for (; end < header.size(); ++end) {
      if (header[end] == '"') quoted = !quoted;
      else if (header[end] == '\\' && quoted) ++end;
      else if (header[end] == ',' && !quoted) break;
    }
    std::string_view text = TrimOws(header.substr(start, std::min(end, header.size()) - start));
    ++element;
    // Empty list elements are allowed (RFC 9110 section 5.6.1).
    if (!text.empty()) {
      auto range = ParseMediaRange(text, /*allow_weight=*/true);
      if (!range)
        return core::InvalidArgument("Accept element " + std::to_string(element) + ": " +
                                     range.error().message);
      ranges.push_back(std::move(*range));
    }
    if (end >= header.size()) break;
    start = end + 1;
  }
  return ranges;
}

core::Status NegotiateTaxii(std::optional<std::string_view> accept) {
  if (!accept)
    return core::InvalidArgument(
        "the request has no Accept header; TAXII 2.1 requests must accept "
        "application/taxii+json;version=2.1 (TAXII 3.1)");
  auto ranges = ParseAccept(*accept);
  if (!ranges) return ranges.error();
  int best = -1, weight = 0;
  for (const auto& range : *ranges) {
    int specificity = Specificity(range);
    if (specificity > best || (specificity == best && range.weight > weight)) {
      best = specificity;
      weight = range.weight;
    }
  }
  if (best < 0)
    return core::InvalidArgument("Accept " + core::QuoteForMessage(*accept, 200) +
                                 " names no media range for application/taxii+json;version=2.1, the only "
                                 "type this server answers with (TAXII 1.6.8, 3.1)");
  if (weight == 0)
    return core::InvalidArgument("Accept " + core::QuoteForMessage(*accept, 200) +
                                 " refuses application/taxii+json;version=2.1 (q=0)");
  return core::Ok();
}

core::Status CheckTaxiiContentType(std::optional<std::string_view> content_type) {
  if (!content_type)
    return core::InvalidArgument(
        "the request has no Content-Type; send the envelope as application/taxii+json;version=2.1 "
        "(TAXII 3.1, 5.5)");
  auto type = ParseMediaRange(*content_type, /*allow_weight=*/false);
  if (!type) return core::InvalidArgument("Content-Type: " + type.error().message);
  const std::string* version = VersionParameter(*type);
  if (!IsTaxiiType(*type) || (version && *version != "2.1"))
    return core::InvalidArgument("Content-Type " + core::QuoteForMessage(*content_type, 200) +
                                 " is not a TAXII 2.1 envelope; send application/taxii+json;version=2.1 "
                                 "(TAXII 5.5)");
  return core::Ok();
}

core::Result<TaxiiQuery> ParseTaxiiQuery(std::span<const std::pair<std::string, std::string>> params,
                                         TaxiiEndpoint endpoint) {
  TaxiiQuery query;
  std::vector<std::string> seen;
  std::string added_after_key, version_key;
  for (const auto& [name, value] : params) {
    const bool known = name == "added_after" || name == "limit" || name == "next" ||
                       (name.size() > 7 && name.starts_with("match[") && name.back() == ']');
    if (!known) continue;  // parameters TAXII does not define are not ours to judge
    if (std::find(seen.begin(), seen.end(), name) != seen.end())
      return core::InvalidArgument(name + ": given twice (TAXII 3.4: at most once per request)");
    seen.push_back(name);
    if (name == "added_after") {
      auto time = core::ParseRfc3339(value);
      if (!time) return core::InvalidArgument("added_after: " + time.error().message);
      query.added_after = *time;
      added_after_key = FormatTaxiiTimestamp(*time);
      continue;
    }
    if (name == "limit") {
      std::uint64_t limit = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
      if (!IsDigits(value) || ec != std::errc() || end != value.data() + value.size() || limit == 0 ||
          limit > kMaxTaxiiInteger)
        return core::InvalidArgument("limit: " + core::QuoteForMessage(value) +
                                     " is not a positive integer (TAXII 3.4)");
      query.limit = static_cast<std::size_t>(limit);
      continue;
    }
    if (name == "next") {
      if (value.empty()) return core::InvalidArgument("next: empty");
      query.next = value;
      continue;
    }
    std::string field = name.substr(6, name.size() - 7);
    if (field != "id" && field != "type" && field != "version" && field != "spec_version") continue;
    if (!EndpointTakes(endpoint, field))
      return core::InvalidArgument(name + ": not a filter of " + std::string(EndpointName(endpoint)) +
                                   " (TAXII 5.6 and 5.8 list the match fields each endpoint takes)");
    auto items = SplitList(name, value);
    if (!items) return items.error();
    if (field == "id") {
      query.ids = std::move(*items);
    } else if (field == "type") {
      query.types = std::move(*items);
    } else if (field == "spec_version") {
      for (const auto& item : *items)
        if (item != "2.0" && item != "2.1")
          return core::InvalidArgument(name + ": " + core::QuoteForMessage(item) +
                                       " is not a STIX spec_version (2.0 or 2.1)");
      query.spec_versions = std::move(*items);
    } else {
      TaxiiVersionMatch& match = query.versions;
      std::vector<std::string> canonical;
      for (const auto& item : *items) {
        bool* keyword = item == "all" ? &match.all : item == "first" ? &match.first
                                                  : item == "last"   ? &match.last
                                                                     : nullptr;
        if (keyword) {
          if (*keyword) return core::InvalidArgument(name + ": \"" + item + "\" given twice (TAXII 3.4.1)");
          *keyword = true;
          canonical.push_back(item);
          continue;
        }
        auto time = core::ParseRfc3339(item);
        if (!time)
          return core::InvalidArgument(name + ": " + core::QuoteForMessage(item) +
                                       " is neither first, last, all nor a timestamp: " + time.error().message);
        if (std::find(match.exact.begin(), match.exact.end(), *time) != match.exact.end())
          return core::InvalidArgument(name + ": " + core::QuoteForMessage(item) +
                                       " given twice (TAXII 3.4.1)");
        match.exact.push_back(*time);
        canonical.push_back(FormatTaxiiTimestamp(*time));
      }
      if (match.all && items->size() > 1)
        return core::InvalidArgument(name + ": \"all\" may not be combined with another value (TAXII 3.4.1)");
      version_key = Joined(std::move(canonical));
    }
  }
  query.filter_key = "a=" + added_after_key + "|id=" + Joined(query.ids) + "|type=" + Joined(query.types) +
                     "|v=" + version_key + "|sv=" + Joined(query.spec_versions);
  return query;
}

bool MatchesTaxiiFilters(const TaxiiQuery& query, const core::JsonValue& object) {
  auto member = [&](std::string_view name, std::string_view fallback) -> std::string_view {
    const JsonValue* value = object.Find(name);
    return value && value->type() == core::JsonType::kString ? std::string_view(value->AsString()) : fallback;
  };
  auto in = [](const std::vector<std::string>& wanted, std::string_view value) {
    return wanted.empty() || std::find(wanted.begin(), wanted.end(), value) != wanted.end();
  };
  // STIX 2.1 section 3.2: an object without spec_version is STIX 2.0.
  return in(query.ids, member("id", "")) && in(query.types, member("type", "")) &&
         in(query.spec_versions, member("spec_version", "2.0"));
}

bool MatchesOnlyVersion(const TaxiiVersionMatch& match, std::string_view version) {
  if (match.Default() || match.all || match.first || match.last) return true;
  auto time = core::ParseRfc3339(version);
  if (!time) return false;
  return std::find(match.exact.begin(), match.exact.end(), *time) != match.exact.end();
}

std::string StixObjectVersion(const core::JsonValue& object) {
  for (std::string_view name : {"modified", "created"})
    if (const JsonValue* value = object.Find(name); value && value->type() == core::JsonType::kString)
      return value->AsString();
  return "";
}

std::string EncodeTaxiiCursor(const TaxiiCursor& cursor, std::string_view filter_key, std::string_view scope) {
  return std::to_string(cursor.position) + '-' + std::to_string(cursor.offset) + '-' +
         CursorCheck(cursor, filter_key, scope);
}

core::Result<TaxiiCursor> DecodeTaxiiCursor(std::string_view text, std::string_view filter_key,
                                            std::string_view scope) {
  auto invalid = [&](std::string_view why) {
    return core::InvalidArgument("next: " + core::QuoteForMessage(text) + " " + std::string(why));
  };
  std::size_t first = text.find('-');
  std::size_t second = first == std::string_view::npos ? first : text.find('-', first + 1);
  if (second == std::string_view::npos) return invalid("is not a value this server gave");
  std::string_view position = text.substr(0, first), offset = text.substr(first + 1, second - first - 1);
  TaxiiCursor cursor;
  auto read = [](std::string_view digits, std::uint64_t& out) {
    if (!IsDigits(digits) || digits.size() > 19) return false;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return ec == std::errc() && end == digits.data() + digits.size();
  };
  if (!read(position, cursor.position) || !read(offset, cursor.offset))
    return invalid("is not a value this server gave");
  if (text.substr(second + 1) != CursorCheck(cursor, filter_key, scope))
    return invalid(
        "was given for another query or collection: repeat the original filters with it (TAXII 3.4)");
  return cursor;
}

std::string FormatTaxiiTimestamp(core::Timestamp time) {
  return core::FormatRfc3339(time, core::TimePrecision::kMicros);
}

core::JsonValue EncodeTaxiiDiscovery(const TaxiiDiscovery& discovery) {
  core::JsonObject members{{"title", Str(discovery.title)}};
  if (!discovery.description.empty()) members.push_back({"description", Str(discovery.description)});
  if (!discovery.contact.empty()) members.push_back({"contact", Str(discovery.contact)});
  if (!discovery.default_api_root.empty()) members.push_back({"default", Str(discovery.default_api_root)});
  if (!discovery.api_roots.empty()) {
    core::JsonArray roots;
    for (const auto& root : discovery.api_roots) roots.push_back(Str(root));
    members.push_back({"api_roots", JsonValue::Array(std::move(roots))});
  }
  return JsonValue::Object(std::move(members));
}

core::JsonValue EncodeTaxiiApiRoot(const TaxiiApiRoot& api_root) {
  core::JsonObject members{{"title", Str(api_root.title)}};
  if (!api_root.description.empty()) members.push_back({"description", Str(api_root.description)});
  members.push_back({"versions", JsonValue::Array({Str(kTaxiiMediaType)})});
  members.push_back({"max_content_length", Int(api_root.max_content_length)});
  return JsonValue::Object(std::move(members));
}

core::JsonValue EncodeTaxiiCollection(const TaxiiCollection& collection) {
  core::JsonObject members{{"id", Str(collection.id)}, {"title", Str(collection.title)}};
  if (!collection.description.empty()) members.push_back({"description", Str(collection.description)});
  if (!collection.alias.empty()) members.push_back({"alias", Str(collection.alias)});
  members.push_back({"can_read", JsonValue::Bool(collection.can_read)});
  members.push_back({"can_write", JsonValue::Bool(collection.can_write)});
  if (!collection.media_types.empty()) {
    core::JsonArray types;
    for (const auto& type : collection.media_types) types.push_back(Str(type));
    members.push_back({"media_types", JsonValue::Array(std::move(types))});
  }
  return JsonValue::Object(std::move(members));
}

core::JsonValue EncodeTaxiiCollections(std::span<const TaxiiCollection> collections) {
  if (collections.empty()) return JsonValue::Object({});
  core::JsonArray items;
  for (const auto& collection : collections) items.push_back(EncodeTaxiiCollection(collection));
  return JsonValue::Object({{"collections", JsonValue::Array(std::move(items))}});
}

core::JsonValue EncodeTaxiiEnvelope(std::vector<core::JsonValue> objects, bool more, std::string_view next) {
  core::JsonObject members;
  if (more) members.push_back({"more", JsonValue::Bool(true)});
  if (!next.empty()) members.push_back({"next", Str(next)});
  if (!objects.empty()) members.push_back({"objects", JsonValue::Array(std::move(objects))});
  return JsonValue::Object(std::move(members));
}

core::JsonValue EncodeTaxiiManifest(std::span<const TaxiiManifestRecord> records, bool more,
                                    std::string_view next) {
  core::JsonObject members;
  if (more) members.push_back({"more", JsonValue::Bool(true)});
  if (!next.empty()) members.push_back({"next", Str(next)});
  if (!records.empty()) {
    core::JsonArray items;
    for (const auto& record : records)
      items.push_back(JsonValue::Object({{"id", Str(record.id)},
                                         {"date_added", Str(FormatTaxiiTimestamp(record.date_added))},
                                         {"version", Str(record.version)},
                                         {"media_type", Str(record.media_type)}}));
    members.push_back({"objects", JsonValue::Array(std::move(items))});
  }
  return JsonValue::Object(std::move(members));
}

core::JsonValue EncodeTaxiiVersions(std::span<const std::string> versions, bool more, std::string_view next) {
  core::JsonObject members;
  if (more) members.push_back({"more", JsonValue::Bool(true)});
  if (!next.empty()) members.push_back({"next", Str(next)});
  if (!versions.empty()) {
    core::JsonArray items;
    for (const auto& version : versions) items.push_back(Str(version));
    members.push_back({"versions", JsonValue::Array(std::move(items))});
  }
  return JsonValue::Object(std::move(members));
}

core::JsonValue EncodeTaxiiStatus(const TaxiiStatus& status) {
  auto details = [](const std::vector<TaxiiStatusDetail>& list) {
    core::JsonArray items;
    for (const auto& detail : list) {
      core::JsonObject members{{"id", Str(detail.id)}, {"version", Str(detail.version)}};
      if (!detail.message.empty()) members.push_back({"message", Str(detail.message)});
      items.push_back(JsonValue::Object(std::move(members)));
    }
    return JsonValue::Array(std::move(items));
  };
  core::JsonObject members{{"id", Str(status.id)},
                           {"status", Str(status.complete ? "complete" : "pending")},
                           {"request_timestamp", Str(FormatTaxiiTimestamp(status.request_timestamp))},
                           {"total_count", Int(status.total_count)},
                           {"success_count", Int(status.successes.size())}};
  if (!status.successes.empty()) members.push_back({"successes", details(status.successes)});
  members.push_back({"failure_count", Int(status.failures.size())});
  if (!status.failures.empty()) members.push_back({"failures", details(status.failures)});
  members.push_back({"pending_count", Int(status.pendings.size())});
  if (!status.pendings.empty()) members.push_back({"pendings", details(status.pendings)});
  return JsonValue::Object(std::move(members));
}

core::JsonValue EncodeTaxiiError(const TaxiiError& error) {
  core::JsonObject members{{"title", Str(error.title)}};
  if (!error.description.empty()) members.push_back({"description", Str(error.description)});
  if (!error.error_id.empty()) members.push_back({"error_id", Str(error.error_id)});
  if (!error.error_code.empty()) members.push_back({"error_code", Str(error.error_code)});
  if (error.http_status != 0) members.push_back({"http_status", Str(std::to_string(error.http_status))});
  if (!error.external_details.empty()) members.push_back({"external_details", Str(error.external_details)});
  return JsonValue::Object(std::move(members));
}

std::string TaxiiCollectionId(std::string_view name) {
  auto digest = core::Sha256(name);
  core::Uuid uuid;
  std::copy_n(digest.begin(), 16, uuid.bytes.begin());
  uuid.bytes[6] = static_cast<std::uint8_t>((uuid.bytes[6] & 0x0f) | 0x80);  // version 8
  uuid.bytes[8] = static_cast<std::uint8_t>((uuid.bytes[8] & 0x3f) | 0x80);  // RFC 9562 variant
  return uuid.ToString();
}

}  // namespace accord::exchange
