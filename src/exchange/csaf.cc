// CSAF 2.0 documents -> Advisories (exchange/csaf.h). Section numbers are
// those of OASIS CSAF Version 2.0 (Committee Specification 03 / OASIS
// Standard, 2022); docs/exchange/csaf.md lists every check.
#include "exchange/csaf.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/json_reader.h"
#include "core/time.h"
#include "exchange/internal/import_files.h"
#include "exchange/internal/text.h"
#include "model/json_pointer.h"

namespace accord::exchange {
namespace {

using core::JsonType;
using core::JsonValue;
using internal::Quote;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// A numeric identifier of Semantic Versioning 2.0.0: "0" or no leading zero.
bool IsNumericIdentifier(std::string_view text) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), IsDigit)) return false;
  return text.size() == 1 || text[0] != '0';
}

// Dot-separated identifiers of [0-9A-Za-z-], none empty; numeric ones
// without leading zeros when `numeric_rule` (pre-release, SemVer item 9).
bool IsIdentifierList(std::string_view text, bool numeric_rule) {
  if (text.empty()) return false;
  std::size_t at = 0;
  while (true) {
    const std::size_t dot = text.find('.', at);
    const std::string_view part = text.substr(at, dot == std::string_view::npos ? dot : dot - at);
    if (part.empty()) return false;
    for (char c : part) {
      if (!IsDigit(c) && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && c != '-') return false;
    }
    if (numeric_rule && std::all_of(part.begin(), part.end(), IsDigit) && !IsNumericIdentifier(part))
      return false;
    if (dot == std::string_view::npos) return true;
    at = dot + 1;
  }
}

// version_t (section 3.1.11): an integer version or a SemVer 2.0.0 one.
struct Version {
  bool valid = false;
  bool zero_major = false;   // "0" or "0.y.z" (section 3.1.11.1/2: not yet released)
  bool pre_release = false;  // a "-..." part (SemVer only)
};

Version ParseVersion(std::string_view text) {
  Version out;
  if (IsNumericIdentifier(text)) {
    out.valid = true;
    out.zero_major = text == "0";
    return out;
  }
  std::string_view core_part = text.substr(0, text.find_first_of("-+"));
  std::string_view rest = text.substr(core_part.size());
  const std::size_t first = core_part.find('.');
  const std::size_t second = first == std::string_view::npos ? first : core_part.find('.', first + 1);
  if (second == std::string_view::npos) return out;
  const std::string_view major = core_part.substr(0, first);
  if (!IsNumericIdentifier(major) ||
      !IsNumericIdentifier(core_part.substr(first + 1, second - first - 1)) ||
      !IsNumericIdentifier(core_part.substr(second + 1))) {
    return out;
  }
  std::string_view build;
  if (const std::size_t plus = rest.find('+'); plus != std::string_view::npos) {
    build = rest.substr(plus + 1);
    if (!IsIdentifierList(build, false)) return out;
    rest = rest.substr(0, plus);
  }
  if (!rest.empty()) {
    if (rest[0] != '-' || !IsIdentifierList(rest.substr(1), true)) return out;
    out.pre_release = true;
  }
  out.valid = true;
  out.zero_major = major == "0";
  return out;
}

// CSAF's CVE pattern (section 3.2.3.2): ^CVE-[0-9]{4}-[0-9]{4,}$.
bool IsCsafCve(std::string_view text) {
  if (text.size() < 13 || text.substr(0, 4) != "CVE-" || text[8] != '-') return false;
  for (std::size_t i = 4; i < text.size(); ++i) {
    if (i != 8 && !IsDigit(text[i])) return false;
  }
  return true;
}

// No leading or trailing whitespace, at least one character: the pattern
// ^[\S](.*[\S])?$ of tracking/id and the like.
bool IsTrimmed(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  return !text.empty() && !space(text.front()) && !space(text.back());
}

class CsafReader {
 public:
  CsafReader(const JsonValue& document, std::string source, ImportPlan& plan)
      : root_(document), source_(std::move(source)), plan_(plan) {}

  void Read();

 private:
  void Reject(std::string pointer, std::string reason) {
    problems_.push_back({source_, std::move(pointer), std::move(reason)});
  }
  // A required string member, non-empty; "" after a rejection.
  std::string RequiredString(const JsonValue& object, std::string_view name,
                             const std::string& pointer);
  // A required RFC 3339 date-time member (section 3.2.1.12.1/5, 6.1.37).
  std::string RequiredDateTime(const JsonValue& object, std::string_view name,
                               const std::string& pointer);
  void ReadPublisher(const JsonValue& document);
  void ReadTracking(const JsonValue& document);
  void ReadVulnerabilities();
  void ListIgnored(const JsonValue& document);

  const JsonValue& root_;
  const std::string source_;
  ImportPlan& plan_;
  Advisory advisory_;
  std::vector<ImportProblem> problems_;
};

std::string CsafReader::RequiredString(const JsonValue& object, std::string_view name,
                                       const std::string& pointer) {
  const JsonValue* value = object.Find(name);
  const std::string at = model::AppendPointerToken(pointer, name);
  if (value == nullptr) {
    Reject(at, "missing; CSAF 2.0 requires it");
  } else if (value->type() != JsonType::kString || value->AsString().empty()) {
    Reject(at, "expected a non-empty string, found " + Quote(value));
  } else {
    return value->AsString();
  }
  return "";
}

std::string CsafReader::RequiredDateTime(const JsonValue& object, std::string_view name,
                                         const std::string& pointer) {
  std::string text = RequiredString(object, name, pointer);
  if (text.empty()) return text;
  if (auto parsed = core::ParseRfc3339(text); !parsed) {
    Reject(model::AppendPointerToken(pointer, name),
           "expected an RFC 3339 date-time (CSAF 2.0 section 3.2.1.12, test 6.1.37), found " +
               core::QuoteForMessage(text) + ": " + parsed.error().message);
    return "";
  }
  return text;
}

void CsafReader::Read() {
  const JsonValue* document = root_.Find("document");
  if (root_.type() != JsonType::kObject || document == nullptr ||
      document->type() != JsonType::kObject || document->Find("csaf_version") == nullptr) {
    plan_.ignored.push_back({source_, "file", "not a CSAF document: no /document/csaf_version"});
    return;
  }
  // /document/csaf_version: "2.0" exactly (section 3.2.1.2).
  if (const JsonValue* version = document->Find("csaf_version");
      version->type() != JsonType::kString || version->AsString() != "2.0") {
    Reject("/document/csaf_version", "expected \"2.0\", found " + Quote(version));
  }
  // /document/category (section 3.2.1.1): any name, but no leading or
  // trailing space, '-', '_' or '.' (schema pattern).
  const std::string category = RequiredString(*document, "category", "/document");
  const auto bad_edge = [](char c) { return c == '-' || c == '_' || c == '.' || c == ' ' || (c >= '\t' && c <= '\r'); };
  if (!category.empty() && (bad_edge(category.front()) || bad_edge(category.back()))) {
    Reject("/document/category", "expected a category name that neither starts nor ends with "
                                 "whitespace, '-', '_' or '.', found " +
                                     core::QuoteForMessage(category));
  }
  ReadPublisher(*document);
  advisory_.title = RequiredString(*document, "title", "/document");
  ReadTracking(*document);
  // The self reference (section 3.2.1.11.1, category "self") is where the
  // advisory lives.
  if (const JsonValue* references = document->Find("references");
      references != nullptr && references->type() == JsonType::kArray) {
    for (const JsonValue& reference : references->AsArray()) {
      const JsonValue* url = reference.Find("url");
      const JsonValue* kind = reference.Find("category");
      if (kind != nullptr && kind->type() == JsonType::kString && kind->AsString() == "self" &&
          url != nullptr && url->type() == JsonType::kString) {
        advisory_.url = url->AsString();
        break;
      }
    }
  }
  ReadVulnerabilities();
  if (!problems_.empty()) {
    plan_.rejected.insert(plan_.rejected.end(), problems_.begin(), problems_.end());
    return;
  }
  ListIgnored(*document);
  plan_.advisories.push_back(std::move(advisory_));
}

void CsafReader::ReadPublisher(const JsonValue& document) {
  const JsonValue* publisher = document.Find("publisher");
  if (publisher == nullptr || publisher->type() != JsonType::kObject) {
    Reject("/document/publisher", "expected the publisher (an object), found " + Quote(publisher));
    return;
  }
  advisory_.publisher = RequiredString(*publisher, "name", "/document/publisher");
  // Section 3.2.1.8.1: one of six categories.
  const std::string category = RequiredString(*publisher, "category", "/document/publisher");
  static constexpr std::string_view kCategories[] = {"coordinator", "discoverer", "other",
                                                     "translator",  "user",       "vendor"};
  if (!category.empty() &&
      std::find(std::begin(kCategories), std::end(kCategories), category) == std::end(kCategories)) {
    Reject("/document/publisher/category",
           "expected one of \"coordinator\", \"discoverer\", \"other\", \"translator\", \"user\", "
           "\"vendor\", found " + core::QuoteForMessage(category));
  }
  (void)RequiredString(*publisher, "namespace", "/document/publisher");
}

void CsafReader::ReadTracking(const JsonValue& document) {
  const JsonValue* tracking = document.Find("tracking");
  const std::string pointer = "/document/tracking";
  if (tracking == nullptr || tracking->type() != JsonType::kObject) {
    Reject(pointer, "expected the tracking information (an object), found " + Quote(tracking));
    return;
  }
  advisory_.tracking_id = RequiredString(*tracking, "id", pointer);
  if (!advisory_.tracking_id.empty() && !IsTrimmed(advisory_.tracking_id)) {
    Reject(pointer + "/id", "expected no leading or trailing whitespace (section 3.2.1.12.3), found " +
                                core::QuoteForMessage(advisory_.tracking_id));
  }
  advisory_.initial_release_date = RequiredDateTime(*tracking, "initial_release_date", pointer);
  advisory_.current_release_date = RequiredDateTime(*tracking, "current_release_date", pointer);
  advisory_.tracking_version = RequiredString(*tracking, "version", pointer);
  const Version version = ParseVersion(advisory_.tracking_version);
  if (!advisory_.tracking_version.empty() && !version.valid) {
    Reject(pointer + "/version",
           "expected an integer or Semantic Versioning 2.0.0 version (section 3.1.11), found " +
               core::QuoteForMessage(advisory_.tracking_version));
  }
  const std::string status = RequiredString(*tracking, "status", pointer);
  if (!status.empty() && status != "draft" && status != "final" && status != "interim") {
    Reject(pointer + "/status",
           "expected \"draft\", \"final\" or \"interim\", found " + core::QuoteForMessage(status));
  }
  const bool released = status == "final" || status == "interim";
  if (version.valid && (version.zero_major || version.pre_release) && released) {
    // 6.1.17: version 0, 0.y.z or a pre-release only in a draft.
    Reject(pointer + "/status",
           "is " + core::QuoteForMessage(status) + " but version " +
               core::QuoteForMessage(advisory_.tracking_version) +
               (version.pre_release ? " is a pre-release" : " is before 1") +
               "; expected \"draft\" (CSAF 2.0 test 6.1.17)");
  }
  if (version.valid && version.pre_release && released) {
    // 6.1.20: a final or interim document has no pre-release version.
    Reject(pointer + "/version", "has a pre-release part but the status is " +
                                     core::QuoteForMessage(status) +
                                     "; expected none (CSAF 2.0 test 6.1.20)");
  }
  const JsonValue* history = tracking->Find("revision_history");
  if (history == nullptr || history->type() != JsonType::kArray || history->AsArray().empty()) {
    Reject(pointer + "/revision_history",
           "expected a non-empty array of revisions (section 3.2.1.12.6), found " + Quote(history));
    return;
  }
  std::vector<std::pair<std::string, std::size_t>> numbers;
  for (std::size_t i = 0; i < history->AsArray().size(); ++i) {
    const JsonValue& revision = history->AsArray()[i];
    const std::string at = model::AppendPointerIndex(pointer + "/revision_history", i);
    if (revision.type() != JsonType::kObject) {
      Reject(at, "expected a revision (an object), found " + Quote(&revision));
      continue;
    }
    (void)RequiredDateTime(revision, "date", at);
    const std::string number = RequiredString(revision, "number", at);
    if (number.empty()) continue;
    const Version parsed = ParseVersion(number);
    if (!parsed.valid) {
      Reject(at + "/number", "expected an integer or Semantic Versioning 2.0.0 version, found " +
                                 core::QuoteForMessage(number));
      continue;
    }
    if (parsed.pre_release) {  // 6.1.19
      Reject(at + "/number", core::QuoteForMessage(number) +
                                 " is a pre-release; revision history numbers have none (CSAF "
                                 "2.0 test 6.1.19)");
    }
    if (parsed.zero_major && released) {  // 6.1.18
      Reject(at + "/number", core::QuoteForMessage(number) + " is before 1 but the status is " +
                                 core::QuoteForMessage(status) +
                                 "; a released document lists no such revision (CSAF 2.0 test "
                                 "6.1.18)");
    }
    for (const auto& [earlier, index] : numbers) {
      if (earlier == number) {  // 6.1.22
        Reject(at + "/number",
               core::QuoteForMessage(number) + " is also revision " + std::to_string(index) +
                   "; expected each number once (CSAF 2.0 test 6.1.22)");
        break;
      }
    }
    numbers.emplace_back(number, i);
  }
}

void CsafReader::ReadVulnerabilities() {
  const JsonValue* vulnerabilities = root_.Find("vulnerabilities");
  if (vulnerabilities == nullptr) return;
  if (vulnerabilities->type() != JsonType::kArray) {
    Reject("/vulnerabilities", "expected an array, found " + Quote(vulnerabilities));
    return;
  }
  std::vector<std::pair<std::string, std::size_t>> seen;
  for (std::size_t i = 0; i < vulnerabilities->AsArray().size(); ++i) {
    const std::string at = model::AppendPointerIndex("/vulnerabilities", i);
    const JsonValue* cve = vulnerabilities->AsArray()[i].Find("cve");
    if (cve == nullptr) continue;  // a vulnerability without a CVE id
    if (cve->type() != JsonType::kString || !IsCsafCve(cve->AsString())) {
      Reject(at + "/cve",
             "expected a CVE id matching ^CVE-[0-9]{4}-[0-9]{4,}$ (section 3.2.3.2), found " +
                 Quote(cve));
      continue;
    }
    const std::string& id = cve->AsString();
    const auto earlier = std::find_if(seen.begin(), seen.end(),
                                      [&](const auto& entry) { return entry.first == id; });
    if (earlier != seen.end()) {  // 6.1.23
      Reject(at + "/cve", core::QuoteForMessage(id) + " is also the CVE of /vulnerabilities/" +
                              std::to_string(earlier->second) +
                              "; expected each CVE in one item (CSAF 2.0 test 6.1.23)");
      continue;
    }
    seen.emplace_back(id, i);
    advisory_.cves.push_back(id);
  }
  std::sort(advisory_.cves.begin(), advisory_.cves.end());
}

void CsafReader::ListIgnored(const JsonValue& document) {
  // One summary per document: what the advisory holds that accord does not keep.
  std::string kept_out;
  const auto add = [&](std::string part) { kept_out += (kept_out.empty() ? "" : ", ") + part; };
  for (const core::JsonMember& member : document.AsObject()) {
    static constexpr std::string_view kRead[] = {"category", "csaf_version", "publisher",
                                                 "title",    "tracking",     "references"};
    if (std::find(std::begin(kRead), std::end(kRead), member.name) == std::end(kRead))
      add("document/" + member.name);
  }
  for (const core::JsonMember& member : root_.AsObject()) {
    if (member.name == "document") continue;
    if (member.name == "vulnerabilities" && member.value.type() == JsonType::kArray) {
      const std::size_t count = member.value.AsArray().size();
      add(std::to_string(count) + " vulnerabilit" + (count == 1 ? "y's" : "ies'") +
          " details (only CVE ids are kept)");
      continue;
    }
    add(member.name);
  }
  if (kept_out.empty()) return;
  plan_.ignored.push_back({source_, "csaf_document",
                           kept_out + ": not kept; the advisory keeps tracking, publisher, title, "
                                      "self URL and CVE ids"});
}

core::JsonLimits CsafLimits() {
  core::JsonLimits limits;
  limits.max_input_bytes = kMaxCsafDocumentBytes;
  limits.max_depth = 64;  // the product tree's branches nest deepest (section 3.2.2.1)
  return limits;
}

void PlanCsafDocument(const core::JsonValue& document, const std::string& source,
                      ImportPlan& plan) {
  CsafReader(document, source, plan).Read();
}

}  // namespace

ImportPlan PlanCsafImportText(std::string_view text, std::string_view source_name) {
  ImportPlan plan;
  internal::PlanJsonDocument(text, std::string(source_name), CsafLimits(), plan, PlanCsafDocument);
  return plan;
}

core::Result<ImportPlan> PlanCsafImport(const std::filesystem::path& file_or_dir,
                                        const DirectoryImportOptions& options) {
  return internal::PlanJsonFiles(file_or_dir, "CSAF", CsafLimits(), options, PlanCsafDocument);
}

}  // namespace accord::exchange
