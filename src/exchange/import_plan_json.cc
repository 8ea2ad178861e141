#include "exchange/import_plan_json.h"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <set>

#include "core/canonical_json.h"
#include "core/time.h"
#include "model/report_codec.h"

namespace accord::exchange {
namespace {

using core::JsonType;
using core::JsonValue;
using model::FieldError;

JsonValue Str(std::string_view text) {
  return JsonValue::String(std::string(text));
}

JsonValue StrArray(const std::vector<std::string>& items) {
  core::JsonArray array;
  array.reserve(items.size());
  for (const auto& item : items) array.push_back(Str(item));
  return JsonValue::Array(std::move(array));
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), IsDigit);
}

std::string At(std::string_view pointer, std::string_view name) {
  return std::string(pointer) + "/" + std::string(name);
}

// Members of `object` not in `known` are errors: a misspelt member would
// otherwise be dropped without a word.
void RejectUnknown(const JsonValue& object, std::string_view pointer,
                   std::initializer_list<std::string_view> known, std::vector<FieldError>& errors) {
  for (const auto& member : object.AsObject())
    if (std::find(known.begin(), known.end(), member.name) == known.end())
      errors.push_back({At(pointer, member.name), "unknown member"});
}

// A string member of `min` to `max` bytes; absent is an error when
// `required`, else "".
std::string ReadText(const JsonValue& object, std::string_view name, std::string_view pointer,
                     std::size_t min, std::size_t max, bool required,
                     std::vector<FieldError>& errors) {
  const JsonValue* value = object.Find(name);
  if (value == nullptr) {
    if (required) errors.push_back({At(pointer, name), "is required"});
    return {};
  }
  if (value->type() != JsonType::kString) {
    errors.push_back({At(pointer, name), "must be a string"});
    return {};
  }
  const std::string& text = value->AsString();
  if (text.size() < min || text.size() > max) {
    errors.push_back({At(pointer, name), "must be a string of " + std::to_string(min) + " to " +
                                             std::to_string(max) + " bytes"});
    return {};
  }
  return text;
}

// An RFC 3339 time member, or "" when absent or empty: reference data
// often lacks a date, and a missing one is not worth refusing a record.
std::string ReadTime(const JsonValue& object, std::string_view name, std::string_view pointer,
                     std::vector<FieldError>& errors) {
  std::string text = ReadText(object, name, pointer, 0, 64, false, errors);
  if (text.empty()) return text;
  if (auto parsed = core::ParseRfc3339(text); !parsed) {
    errors.push_back(
        {At(pointer, name), "must be an RFC 3339 date-time: " + parsed.error().message});
    return {};
  }
  return text;
}

std::vector<std::string> ReadTextList(const JsonValue& object, std::string_view name,
                                      std::string_view pointer, std::size_t max_items,
                                      std::size_t max_bytes, std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  const JsonValue* value = object.Find(name);
  if (value == nullptr) return out;
  std::string at = At(pointer, name);
  if (value->type() != JsonType::kArray) {
    errors.push_back({at, "must be an array of strings"});
    return out;
  }
  if (value->AsArray().size() > max_items) {
    errors.push_back({at, "must hold at most " + std::to_string(max_items) + " items"});
    return out;
  }
  std::size_t index = 0;
  for (const auto& item : value->AsArray()) {
    if (item.type() != JsonType::kString || item.AsString().empty() ||
        item.AsString().size() > max_bytes)
      errors.push_back({at + "/" + std::to_string(index),
                        "must be a string of 1 to " + std::to_string(max_bytes) + " bytes"});
    else
      out.push_back(item.AsString());
    ++index;
  }
  return out;
}

// The array member `name` of the request, or nullptr (absent is empty).
const JsonValue* ReadArray(const JsonValue& body, std::string_view name, std::size_t max_items,
                           std::vector<FieldError>& errors) {
  const JsonValue* value = body.Find(name);
  if (value == nullptr) return nullptr;
  if (value->type() != JsonType::kArray) {
    errors.push_back({"/" + std::string(name), "must be an array"});
    return nullptr;
  }
  if (value->AsArray().size() > max_items) {
    errors.push_back({"/" + std::string(name), "holds " + std::to_string(value->AsArray().size()) +
                                                   " items; one import takes at most " +
                                                   std::to_string(max_items) +
                                                   " (split the input)"});
    return nullptr;
  }
  return value;
}

void DecodeReports(const JsonValue& reports, ImportPlan& plan, std::vector<FieldError>& errors) {
  std::map<std::string, std::size_t> seen;  // report id -> first index
  std::size_t index = 0;
  for (const auto& item : reports.AsArray()) {
    std::string pointer = "/reports/" + std::to_string(index);
    if (item.type() != JsonType::kObject) {
      errors.push_back({pointer, "must be an object {\"source\", \"report\"}"});
      ++index;
      continue;
    }
    RejectUnknown(item, pointer, {"source", "report"}, errors);
    std::string source = ReadText(item, "source", pointer, 1, kMaxImportSourceBytes, true, errors);
    const JsonValue* report = item.Find("report");
    if (report == nullptr) {
      errors.push_back({pointer + "/report", "is required"});
    } else {
      model::DecodeResult decoded = model::DecodeIncidentReport(*report);
      if (!decoded) {
        for (const auto& error : decoded.errors)
          errors.push_back({pointer + "/report" + error.pointer, error.message});
      } else {
        std::string id = decoded.report->id.ToString();
        if (auto [it, inserted] = seen.emplace(id, index); !inserted)
          errors.push_back(
              {pointer + "/report/id", "repeats the id of /reports/" + std::to_string(it->second)});
        else
          plan.reports.push_back(ImportedReport{std::move(source), std::move(*decoded.report)});
      }
    }
    ++index;
  }
}

}  // namespace

bool IsCveId(std::string_view text) {
  // CVE-YYYY-NNNN with 4 or more digits in the sequence part (CVE Program,
  // "CVE ID syntax change", 2014); 19 digits bound it.
  if (text.size() < 13 || text.substr(0, 4) != "CVE-" || text[8] != '-') return false;
  std::string_view sequence = text.substr(9);
  return AllDigits(text.substr(4, 4)) && AllDigits(sequence) && sequence.size() >= 4 &&
         sequence.size() <= 19;
}

bool IsAttackTechniqueId(std::string_view text) {
  if (text.size() == 5) return text[0] == 'T' && AllDigits(text.substr(1));
  if (text.size() == 9)
    return text[0] == 'T' && AllDigits(text.substr(1, 4)) && text[5] == '.' &&
           AllDigits(text.substr(6));
  return false;
}

JsonValue TechniqueToJson(const Technique& technique) {
  return JsonValue::Object({{"id", Str(technique.id)},
                            {"name", Str(technique.name)},
                            {"stix_id", Str(technique.stix_id)},
                            {"modified", Str(technique.modified)},
                            {"domain", Str(technique.domain)},
                            {"tactics", StrArray(technique.tactics)},
                            {"url", Str(technique.url)},
                            {"deprecated", JsonValue::Bool(technique.deprecated)}});
}

Technique TechniqueFromJson(const JsonValue& value, std::string_view pointer,
                            std::vector<FieldError>& errors) {
  Technique technique;
  if (value.type() != JsonType::kObject) {
    errors.push_back({std::string(pointer), "must be an object"});
    return technique;
  }
  RejectUnknown(value, pointer,
                {"id", "name", "stix_id", "modified", "domain", "tactics", "url", "deprecated"},
                errors);
  technique.id = ReadText(value, "id", pointer, 1, 16, true, errors);
  if (!technique.id.empty() && !IsAttackTechniqueId(technique.id))
    errors.push_back({At(pointer, "id"), "must be an ATT&CK technique id (T0800, T1190.001)"});
  technique.name = ReadText(value, "name", pointer, 1, 500, true, errors);
  technique.stix_id = ReadText(value, "stix_id", pointer, 0, 100, false, errors);
  if (!technique.stix_id.empty() && technique.stix_id.rfind("attack-pattern--", 0) != 0)
    errors.push_back(
        {At(pointer, "stix_id"), "must be an attack-pattern id (attack-pattern--<uuid>)"});
  technique.modified = ReadTime(value, "modified", pointer, errors);
  technique.domain = ReadText(value, "domain", pointer, 0, 100, false, errors);
  technique.tactics = ReadTextList(value, "tactics", pointer, 50, 100, errors);
  technique.url = ReadText(value, "url", pointer, 0, 2048, false, errors);
  if (const JsonValue* deprecated = value.Find("deprecated")) {
    if (deprecated->type() != JsonType::kBool)
      errors.push_back({At(pointer, "deprecated"), "must be true or false"});
    else
      technique.deprecated = deprecated->AsBool();
  }
  return technique;
}

JsonValue AdvisoryToJson(const Advisory& advisory) {
  return JsonValue::Object({{"tracking_id", Str(advisory.tracking_id)},
                            {"publisher", Str(advisory.publisher)},
                            {"title", Str(advisory.title)},
                            {"initial_release_date", Str(advisory.initial_release_date)},
                            {"current_release_date", Str(advisory.current_release_date)},
                            {"tracking_version", Str(advisory.tracking_version)},
                            {"cves", StrArray(advisory.cves)},
                            {"url", Str(advisory.url)}});
}

Advisory AdvisoryFromJson(const JsonValue& value, std::string_view pointer,
                          std::vector<FieldError>& errors) {
  Advisory advisory;
  if (value.type() != JsonType::kObject) {
    errors.push_back({std::string(pointer), "must be an object"});
    return advisory;
  }
  RejectUnknown(value, pointer,
                {"tracking_id", "publisher", "title", "initial_release_date",
                 "current_release_date", "tracking_version", "cves", "url"},
                errors);
  advisory.tracking_id = ReadText(value, "tracking_id", pointer, 1, 1000, true, errors);
  advisory.publisher = ReadText(value, "publisher", pointer, 1, 1000, true, errors);
  advisory.title = ReadText(value, "title", pointer, 0, 1000, false, errors);
  advisory.initial_release_date = ReadTime(value, "initial_release_date", pointer, errors);
  advisory.current_release_date = ReadTime(value, "current_release_date", pointer, errors);
  advisory.tracking_version = ReadText(value, "tracking_version", pointer, 0, 100, false, errors);
  advisory.url = ReadText(value, "url", pointer, 0, 2048, false, errors);
  // The type and size of each item; the syntax is checked below, with the
  // item's index.
  ReadTextList(value, "cves", pointer, kMaxAdvisoryCves, 32, errors);
  std::set<std::string> seen;
  const JsonValue* given = value.Find("cves");
  for (std::size_t i = 0;
       given && given->type() == JsonType::kArray && i < given->AsArray().size() &&
       given->AsArray().size() <= kMaxAdvisoryCves;
       ++i) {
    const JsonValue& item = given->AsArray()[i];
    if (item.type() != JsonType::kString || item.AsString().empty() || item.AsString().size() > 32)
      continue;  // reported by ReadTextList
    std::string at = At(pointer, "cves") + "/" + std::to_string(i);
    if (!IsCveId(item.AsString()))
      errors.push_back({at, "must be a CVE id (CVE-2024-12345)"});
    else if (!seen.insert(item.AsString()).second)
      errors.push_back({at, "repeats an earlier CVE id"});
  }
  // Sorted, as import_plan.h promises and the projection's equality needs.
  advisory.cves.assign(seen.begin(), seen.end());
  return advisory;
}

JsonValue ImportRequestToJson(const ImportPlan& plan, std::string_view source, bool partial) {
  core::JsonArray reports;
  reports.reserve(plan.reports.size());
  for (const auto& item : plan.reports)
    reports.push_back(JsonValue::Object(
        {{"source", Str(item.source)}, {"report", model::IncidentReportToJson(item.report)}}));
  core::JsonArray techniques;
  for (const auto& technique : plan.techniques) techniques.push_back(TechniqueToJson(technique));
  core::JsonArray advisories;
  for (const auto& advisory : plan.advisories) advisories.push_back(AdvisoryToJson(advisory));
  return JsonValue::Object({{"source", Str(source)},
                            {"partial", JsonValue::Bool(partial)},
                            {"reports", JsonValue::Array(std::move(reports))},
                            {"techniques", JsonValue::Array(std::move(techniques))},
                            {"advisories", JsonValue::Array(std::move(advisories))}});
}

std::string EncodeImportRequest(const ImportPlan& plan, std::string_view source, bool partial) {
  return core::SerializeCanonical(ImportRequestToJson(plan, source, partial));
}

std::variant<ImportDocument, std::vector<FieldError>> DecodeImportRequest(const JsonValue& body) {
  std::vector<FieldError> errors;
  if (body.type() != JsonType::kObject) {
    errors.push_back({"",
                      "must be a JSON object {\"source\", \"partial\", \"reports\", "
                      "\"techniques\", \"advisories\"}"});
    return errors;
  }
  RejectUnknown(body, "", {"source", "partial", "reports", "techniques", "advisories"}, errors);
  ImportDocument document;
  document.source = ReadText(body, "source", "", 0, kMaxImportSourceBytes, false, errors);
  if (const JsonValue* partial = body.Find("partial")) {
    if (partial->type() != JsonType::kBool)
      errors.push_back({"/partial", "must be true or false"});
    else
      document.partial = partial->AsBool();
  }
  if (const JsonValue* reports = ReadArray(body, "reports", kMaxImportReports, errors))
    DecodeReports(*reports, document.plan, errors);
  if (const JsonValue* techniques = ReadArray(body, "techniques", kMaxImportTechniques, errors)) {
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < techniques->AsArray().size(); ++i) {
      std::string pointer = "/techniques/" + std::to_string(i);
      std::size_t before = errors.size();
      Technique technique = TechniqueFromJson(techniques->AsArray()[i], pointer, errors);
      if (errors.size() != before) continue;
      if (auto [it, inserted] = seen.emplace(technique.id, i); !inserted) {
        errors.push_back(
            {pointer + "/id", "repeats the id of /techniques/" + std::to_string(it->second)});
        continue;
      }
      document.plan.techniques.push_back(std::move(technique));
    }
  }
  if (const JsonValue* advisories = ReadArray(body, "advisories", kMaxImportAdvisories, errors)) {
    std::map<std::pair<std::string, std::string>, std::size_t> seen;
    for (std::size_t i = 0; i < advisories->AsArray().size(); ++i) {
      std::string pointer = "/advisories/" + std::to_string(i);
      std::size_t before = errors.size();
      Advisory advisory = AdvisoryFromJson(advisories->AsArray()[i], pointer, errors);
      if (errors.size() != before) continue;
      if (auto [it, inserted] =
              seen.emplace(std::pair(advisory.publisher, advisory.tracking_id), i);
          !inserted) {
        errors.push_back(
            {pointer + "/tracking_id",
             "repeats the publisher and tracking id of /advisories/" + std::to_string(it->second)});
        continue;
      }
      document.plan.advisories.push_back(std::move(advisory));
    }
  }
  if (!errors.empty()) return errors;
  return document;
}

}  // namespace accord::exchange
