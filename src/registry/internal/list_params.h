// The query parameters and the CSV form (RFC 4180, exchange/csv.h) shared
// by the registry's list views other than reports (parties, techniques,
// advisories; issue 7: "CSV export of any list view").
#pragma once

#include <algorithm>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/canonical_json.h"
#include "core/encoding.h"
#include "exchange/csv.h"
#include "registry/registry.h"

namespace accord::registry::internal {

inline constexpr std::string_view kCsvContentType = "text/csv; charset=utf-8; header=present";

// The parameters a list takes: each at most once, no other.
inline core::Result<std::map<std::string, std::string>> ReadParams(
    const QueryParams& params, std::initializer_list<std::string_view> known) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : params) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string expected;
      for (auto k : known) expected += (expected.empty() ? "" : ", ") + std::string(k);
      return core::InvalidArgument("query parameter " + core::QuoteForMessage(name) +
                                   ": unknown (expected " + expected + ")");
    }
    if (!out.emplace(name, value).second)
      return core::InvalidArgument("query parameter \"" + name + "\": given twice");
  }
  if (auto it = out.find("format"); it != out.end() && it->second != "csv" && it->second != "json")
    return core::InvalidArgument("query parameter \"format\": must be csv or json");
  return out;
}

inline bool WantsCsv(const std::map<std::string, std::string>& params) {
  auto it = params.find("format");
  return it != params.end() && it->second == "csv";
}

// The CSV of `items`: one column per name, arrays joined with ';'.
inline Reply ItemsAsCsv(const core::JsonArray& items, const std::vector<std::string>& columns) {
  Reply reply;
  reply.content_type = std::string(kCsvContentType);
  exchange::AppendCsvRecord(columns, reply.raw_body);
  std::vector<std::string> row(columns.size());
  for (const auto& item : items) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const core::JsonValue* value = item.Find(columns[c]);
      std::string& text = row[c];
      text.clear();
      if (value == nullptr) continue;
      switch (value->type()) {
        case core::JsonType::kString:
          text = value->AsString();
          break;
        case core::JsonType::kBool:
          text = value->AsBool() ? "true" : "false";
          break;
        case core::JsonType::kNumber:
          text = core::FormatJsonNumber(value->AsNumber());
          break;
        case core::JsonType::kArray:
          for (const auto& element : value->AsArray())
            if (element.type() == core::JsonType::kString)
              text += (text.empty() ? "" : ";") + element.AsString();
          break;
        default:
          break;
      }
    }
    exchange::AppendCsvRecord(row, reply.raw_body);
  }
  return reply;
}

}  // namespace accord::registry::internal
