// The common rules (sections 2, 3, 7.2, 7.3, 11) and the dispatch per kind;
// the per-type rules of sections 4-7 are in stix_validation_types.cc.
#include "exchange/stix_validation.h"

#include <algorithm>
#include <array>
#include <optional>
#include <cmath>
#include <string>

#include "core/id.h"
#include "exchange/internal/stix_checker.h"

namespace accord::exchange {

namespace {

using internal::Quote;
using internal::StixChecker;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Section 3.1 and 11.1: property names are ASCII a-z, 0-9 and '_', 3 to
// 250 characters ("id" excepted); the schema (common/properties.json)
// also wants a letter first.
bool IsPropertyName(std::string_view name) {
  if (name == "id") return true;
  if (name.size() < 3 || name.size() > 250 || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || IsDigit(c) || c == '_'; });
}

bool IsHex(std::string_view text) {
  return text.size() % 2 == 0 &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

bool IsBase64(std::string_view text) {
  if (text.size() % 4 != 0) return false;
  std::size_t padding = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '=') {
      if (i + 2 < text.size()) return false;
      ++padding;
    } else if (padding > 0 || !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || IsDigit(c) ||
                                c == '+' || c == '/')) {
      return false;
    }
  }
  return true;
}

// RFC 5646 language tag, the shape of it (section 3.2 `lang`): subtags of
// 1 to 8 letters or digits joined by '-', the first made of letters.
bool IsLanguageTag(std::string_view tag) {
  if (tag.empty()) return false;
  std::size_t start = 0;
  bool first = true;
  while (start <= tag.size()) {
    std::size_t end = tag.find('-', start);
    if (end == std::string_view::npos) end = tag.size();
    const std::string_view subtag = tag.substr(start, end - start);
    if (subtag.empty() || subtag.size() > 8) return false;
    for (char c : subtag) {
      const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!letter && (first || !IsDigit(c))) return false;
    }
    first = false;
    start = end + 1;
  }
  return true;
}

// Section 7.2.3.1: a selector is a property name, then ".name" or ".[n]"
// steps (schema common/granular-marking.json), and it must select
// something present in the object.
bool SelectorResolves(const core::JsonValue& object, std::string_view selector) {
  const core::JsonValue* at = &object;
  std::size_t start = 0;
  while (start <= selector.size()) {
    std::size_t end = selector.find('.', start);
    if (end == std::string_view::npos) end = selector.size();
    const std::string_view step = selector.substr(start, end - start);
    if (step.empty()) return false;
    if (step.front() == '[') {
      if (step.size() < 3 || step.back() != ']' || at->type() != core::JsonType::kArray) return false;
      std::size_t index = 0;
      for (char c : step.substr(1, step.size() - 2)) {
        if (!IsDigit(c) || index > 100000000) return false;
        index = index * 10 + static_cast<std::size_t>(c - '0');
      }
      if (index >= at->AsArray().size()) return false;
      at = &at->AsArray()[index];
    } else {
      for (char c : step)
        if (!((c >= 'a' && c <= 'z') || IsDigit(c) || c == '_' || c == '-')) return false;
      at = at->Find(step);
      if (at == nullptr) return false;
    }
    start = end + 1;
  }
  return true;
}

// The reference properties that a typed rule checks (with the types they
// may point at), so that the generic *_ref(s) rule need not parse them again.
bool HasTypedReferenceRule(std::string_view name) {
  return name == "created_by_ref" || name == "object_marking_refs" || name == "source_ref" ||
         name == "target_ref" || name == "sighting_of_ref" || name == "observed_data_refs" ||
         name == "where_sighted_refs";
}

// Top-level property names and values (sections 3.1, 11.1, 2.12; schema
// common/properties.json): no nulls, no empty lists, *_bin base64, *_hex
// hex, *_ref an identifier, *_refs a list of identifiers (x_ custom
// properties excepted from the last two).
void CheckProperties(const core::JsonValue& object, StixChecker& check) {
  for (const core::JsonMember& member : object.AsObject()) {
    const std::string& name = member.name;
    // Built only when needed: this loop runs for every property of every object.
    auto field = [&name] { return "/" + internal::PointerToken(name); };
    if (!IsPropertyName(name)) {
      check.Problem(field(), "property name " + Quote(name) +
                               " must be 3 to 250 characters of a-z, 0-9 and '_', starting "
                               "with a letter (sections 3.1, 11.1)");
      continue;
    }
    const core::JsonValue& value = member.value;
    if (value.type() == core::JsonType::kNull) {
      check.Problem(field(), "must not be null: omit an optional property instead (section 3.1)");
      continue;
    }
    if (value.type() == core::JsonType::kArray && value.AsArray().empty()) {
      check.Problem(field(), "must not be an empty list (section 2.12)");
      continue;
    }
    auto ends_with = [&name](std::string_view suffix) {
      return name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends_with("_bin") && (value.type() != core::JsonType::kString || !IsBase64(value.AsString())))
      check.Problem(field(), "a *_bin property must be base64 (section 2.1)");
    else if (ends_with("_hex") && (value.type() != core::JsonType::kString || !IsHex(value.AsString())))
      check.Problem(field(), "a *_hex property must be hexadecimal (section 2.8)");
    // The identifier rule binds the specification's own *_ref(s) names;
    // custom properties (x_ prefix, section 11.1) are the producer's: ATT&CK
    // leaves x_mitre_data_source_ref empty on deprecated data components.
    else if (!ends_with("_ref") && !ends_with("_refs"))
      continue;
    else if (name.compare(0, 2, "x_") == 0 || HasTypedReferenceRule(name))
      continue;
    else if (ends_with("_ref"))
      check.CheckIdentifier(field(), value, {}, "section 3.1, *_ref properties");
    else if (value.type() == core::JsonType::kArray)
      for (std::size_t i = 0; i < value.AsArray().size(); ++i)
        check.CheckIdentifier(field() + "/" + std::to_string(i), value.AsArray()[i], {},
                              "section 3.1, *_refs properties");
    else
      check.Problem(field(), "a *_refs property must be a list of identifiers (section 3.1)");
  }
}

void CheckExternalReferences(const core::JsonValue& object, StixChecker& check) {
  const core::JsonValue* references = object.Find("external_references");
  if (references == nullptr ||
      !check.NonEmptyList("/external_references", *references, "section 3.2"))
    return;
  for (std::size_t i = 0; i < references->AsArray().size(); ++i) {
    const core::JsonValue& reference = references->AsArray()[i];
    const std::string field = "/external_references/" + std::to_string(i);
    if (reference.type() != core::JsonType::kObject) {
      check.Problem(field, "must be an external-reference object (section 2.5)");
      continue;
    }
    const core::JsonValue* source = reference.Find("source_name");
    if (source == nullptr || source->type() != core::JsonType::kString) {
      check.Problem(field + "/source_name", "required string is missing (section 2.5)");
      continue;
    }
    for (std::string_view member : {"description", "url", "external_id"}) {
      const core::JsonValue* part = reference.Find(member);
      if (part != nullptr && part->type() != core::JsonType::kString)
        check.Problem(field + "/" + std::string(member), "must be a string (section 2.5)");
    }
    // Section 2.5: besides source_name, at least one of description, url
    // and external_id.
    if (!reference.Find("description") && !reference.Find("url") && !reference.Find("external_id"))
      check.Problem(field, "needs description, url or external_id besides source_name "
                           "(section 2.5)");
    // Section 2.5: the cve and capec sources fix the form of external_id.
    const core::JsonValue* external_id = reference.Find("external_id");
    const std::string id = external_id && external_id->type() == core::JsonType::kString
                               ? external_id->AsString() : "";
    auto digits_after = [&id](std::string_view prefix, std::size_t min_digits) {
      if (id.compare(0, prefix.size(), prefix) != 0 || id.size() < prefix.size() + min_digits)
        return false;
      return std::all_of(id.begin() + static_cast<std::ptrdiff_t>(prefix.size()), id.end(), IsDigit);
    };
    if (source->AsString() == "cve") {
      // CVE-YYYY-NNNN: four digits after a 0, else four or more.
      const bool ok = id.size() >= 13 && id.compare(0, 4, "CVE-") == 0 && id[8] == '-' &&
                      std::all_of(id.begin() + 4, id.begin() + 8, IsDigit) &&
                      std::all_of(id.begin() + 9, id.end(), IsDigit) &&
                      (id[9] != '0' || id.size() == 13);
      if (!ok) check.Problem(field + "/external_id",
                             "source cve needs an external_id CVE-YYYY-NNNN (section 2.5)");
    } else if (source->AsString() == "capec" && !digits_after("CAPEC-", 1)) {
      check.Problem(field + "/external_id",
                    "source capec needs an external_id CAPEC-N (section 2.5)");
    }
  }
}

void CheckGranularMarkings(const core::JsonValue& object, StixChecker& check) {
  const core::JsonValue* markings = object.Find("granular_markings");
  if (markings == nullptr || !check.NonEmptyList("/granular_markings", *markings, "section 7.2.3"))
    return;
  for (std::size_t i = 0; i < markings->AsArray().size(); ++i) {
    const core::JsonValue& marking = markings->AsArray()[i];
    const std::string field = "/granular_markings/" + std::to_string(i);
    if (marking.type() != core::JsonType::kObject) {
      check.Problem(field, "must be a granular-marking object (section 7.2.3)");
      continue;
    }
    const core::JsonValue* lang = marking.Find("lang");
    const core::JsonValue* ref = marking.Find("marking_ref");
    // Section 7.2.3: exactly one of lang and marking_ref.
    if ((lang == nullptr) == (ref == nullptr))
      check.Problem(field, "needs exactly one of lang and marking_ref (section 7.2.3)");
    if (ref != nullptr)
      check.CheckIdentifier(field + "/marking_ref", *ref, {"marking-definition"}, "section 7.2.3");
    if (lang != nullptr && (lang->type() != core::JsonType::kString || !IsLanguageTag(lang->AsString())))
      check.Problem(field + "/lang", "must be an RFC 5646 language tag (section 7.2.3)");
    const core::JsonValue* selectors = marking.Find("selectors");
    if (selectors == nullptr) {
      check.Problem(field + "/selectors", "required property is missing (section 7.2.3)");
      continue;
    }
    if (!check.NonEmptyList(field + "/selectors", *selectors, "section 7.2.3")) continue;
    for (std::size_t s = 0; s < selectors->AsArray().size(); ++s) {
      const core::JsonValue& selector = selectors->AsArray()[s];
      if (selector.type() != core::JsonType::kString || !SelectorResolves(object, selector.AsString()))
        check.Problem(field + "/selectors/" + std::to_string(s),
                      "selector " + Quote(selector.type() == core::JsonType::kString
                                              ? selector.AsString() : "") +
                          " does not select a property of this object (section 7.2.3.1)");
    }
  }
}

// Section 7.3 (and 3.2 `extensions`): keys are extension-definition ids,
// or the predefined "*-ext" names of section 6; each value an object, an
// extension-definition's carrying a valid extension_type.
void CheckExtensions(const core::JsonValue& object, StixChecker& check) {
  const core::JsonValue* extensions = object.Find("extensions");
  if (extensions == nullptr) return;
  if (extensions->type() != core::JsonType::kObject || extensions->AsObject().empty()) {
    check.Problem("/extensions", "must be a non-empty dictionary (section 3.2)");
    return;
  }
  for (const core::JsonMember& member : extensions->AsObject()) {
    const std::string field = "/extensions/" + internal::PointerToken(member.name);
    if (member.value.type() != core::JsonType::kObject || member.value.AsObject().empty()) {
      check.Problem(field, "must be a non-empty object (section 7.3)");
      continue;
    }
    const bool predefined = member.name.size() > 4 &&
                            member.name.compare(member.name.size() - 4, 4, "-ext") == 0 &&
                            core::ValidateStixType(member.name).has_value();
    if (predefined) continue;
    auto id = core::StixId::Parse(member.name);
    if (!id || id->type != "extension-definition") {
      check.Problem(field, "extension key " + Quote(member.name) +
                               " must be an extension-definition id or a predefined *-ext name "
                               "(section 7.3)");
      continue;
    }
    const core::JsonValue* type = member.value.Find("extension_type");
    static constexpr std::array<std::string_view, 5> kTypes = {
        "new-sdo", "new-sco", "new-sro", "property-extension", "toplevel-property-extension"};
    if (type == nullptr || type->type() != core::JsonType::kString ||
        std::find(kTypes.begin(), kTypes.end(), type->AsString()) == kTypes.end())
      check.Problem(field + "/extension_type",
                    "must be one of new-sdo, new-sco, new-sro, property-extension, "
                    "toplevel-property-extension (section 7.3)");
  }
}

// The extension_type of the object's new-object extension, if any.
std::string_view NewObjectExtension(const core::JsonValue& object) {
  const core::JsonValue* extensions = object.Find("extensions");
  if (extensions == nullptr || extensions->type() != core::JsonType::kObject) return {};
  for (const core::JsonMember& member : extensions->AsObject()) {
    const core::JsonValue* type = member.value.Find("extension_type");
    if (type == nullptr || type->type() != core::JsonType::kString) continue;
    const std::string& value = type->AsString();
    if (value == "new-sdo" || value == "new-sco" || value == "new-sro") return value;
  }
  return {};
}

}  // namespace

core::Result<core::Timestamp> ParseStixTimestamp(std::string_view text) {
  auto fail = [&text](std::string_view why) {
    return core::InvalidArgument(Quote(text) +
                                 " is not a STIX timestamp (YYYY-MM-DDTHH:mm:ss[.s+]Z): " +
                                 std::string(why));
  };
  // Section 2.15: exactly this shape, UTC with an upper-case 'Z', and no
  // '.' without digits.
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  if (text.size() < kShape.size() + 1) return fail("too short");
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const bool ok = kShape[i] == 'd' ? IsDigit(text[i]) : text[i] == kShape[i];
    if (!ok) {
      static constexpr std::array<std::string_view, 6> kParts = {"year", "month", "day", "hour",
                                                                 "minute", "second"};
      const std::size_t part = i < 5 ? 0 : i < 8 ? 1 : i < 11 ? 2 : i < 14 ? 3 : i < 17 ? 4 : 5;
      return fail("unexpected character at byte " + std::to_string(i) + " (" +
                  std::string(kParts[part]) + ")");
    }
  }
  std::size_t end = kShape.size();
  std::string normal(text.substr(0, kShape.size()));
  if (text[end] == '.') {
    std::size_t digits = 0;
    ++end;
    while (end < text.size() && IsDigit(text[end])) {
      if (digits < 6) {
        if (digits == 0) normal += '.';
        normal += text[end];
      }
      ++digits;
      ++end;
    }
    if (digits == 0) return fail("'.' without fraction digits");
  }
  if (end + 1 != text.size() || text[end] != 'Z') return fail("must end with 'Z' (UTC)");
  // RFC 3339 allows a leap second; POSIX time (core::Timestamp) has none.
  const bool leap_second = normal.compare(17, 2, "60") == 0;
  if (leap_second) normal.replace(17, 2, "59").append(normal.size() == 19 ? ".999999" : "");
  normal += 'Z';
  auto time = core::ParseRfc3339(normal);
  if (!time) return fail(time.error().message);
  return *time;
}

StixObjectKind ClassifyStixType(std::string_view type) {
  static constexpr std::array<std::string_view, 19> kDomain = {
      "attack-pattern", "campaign", "course-of-action", "grouping", "identity", "incident",
      "indicator", "infrastructure", "intrusion-set", "location", "malware", "malware-analysis",
      "note", "observed-data", "opinion", "report", "threat-actor", "tool", "vulnerability"};
  static constexpr std::array<std::string_view, 18> kObservable = {
      "artifact", "autonomous-system", "directory", "domain-name", "email-addr", "email-message",
      "file", "ipv4-addr", "ipv6-addr", "mac-addr", "mutex", "network-traffic", "process",
      "software", "url", "user-account", "windows-registry-key", "x509-certificate"};
  if (std::find(kDomain.begin(), kDomain.end(), type) != kDomain.end())
    return StixObjectKind::kDomainObject;
  if (type == "relationship" || type == "sighting") return StixObjectKind::kRelationshipObject;
  if (std::find(kObservable.begin(), kObservable.end(), type) != kObservable.end())
    return StixObjectKind::kCyberObservable;
  if (type == "language-content") return StixObjectKind::kLanguageContent;
  if (type == "marking-definition") return StixObjectKind::kMarkingDefinition;
  if (type == "extension-definition") return StixObjectKind::kExtensionDefinition;
  return StixObjectKind::kCustom;
}

std::vector<ImportProblem> ValidateStixObject(const core::JsonValue& object,
                                              std::string_view fallback_name) {
  if (object.type() != core::JsonType::kObject)
    return {{std::string(fallback_name), "", "a STIX object must be a JSON object (section 3)"}};
  // The id names the object in every problem when it is usable.
  std::string name(fallback_name);
  const core::JsonValue* id_value = object.Find("id");
  std::optional<core::StixId> id;
  if (id_value != nullptr && id_value->type() == core::JsonType::kString) {
    if (auto parsed = core::StixId::Parse(id_value->AsString())) {
      id = std::move(*parsed);
      name = id_value->AsString();
    }
  }
  StixChecker check(object, std::move(name));

  // Section 3.2 `type`, and 3.1 / 11.2 for its syntax.
  const std::string* type = check.RequiredString("type", "section 3.2");
  if (type == nullptr) return check.TakeProblems();
  if (auto valid = core::ValidateStixType(*type); !valid) {
    check.Problem("/type", valid.error().message + " (section 3.1)");
    return check.TakeProblems();
  }
  StixObjectKind kind = ClassifyStixType(*type);
  std::string_view new_object = kind == StixObjectKind::kCustom ? NewObjectExtension(object) : "";
  if (kind == StixObjectKind::kCustom && type->compare(0, 2, "x-") != 0 && new_object.empty())
    check.Problem("/type", "unknown type " + Quote(*type) +
                               ": not a STIX 2.1 type, not a custom type (\"x-\" prefix, section "
                               "11.2) and no new-object extension (section 7.3)");

  // Section 2.9 and 3.2 `id`: type--UUID, the type being this object's.
  if (id_value == nullptr) {
    check.Problem("/id", "required property is missing (section 3.2)");
  } else if (!id) {
    check.CheckIdentifier("/id", *id_value, {}, "section 2.9");  // reports why
  } else if (id->type != *type) {
    check.Problem("/id", Quote(id_value->AsString()) + " must start with the object's type " +
                             Quote(*type) + " followed by \"--\" (section 2.9)");
  }

  const bool observable = kind == StixObjectKind::kCyberObservable || new_object == "new-sco";
  // Section 3.2 `spec_version`: required on every object but SCOs (section
  // 6.1: optional there), and "2.1" for objects of this specification.
  if (const core::JsonValue* version = object.Find("spec_version"); version == nullptr) {
    if (!observable) check.Problem("/spec_version", "required property is missing (section 3.2)");
  } else if (version->type() != core::JsonType::kString || version->AsString() != "2.1") {
    check.Problem("/spec_version",
                  "must be \"2.1\", found " +
                      (version->type() == core::JsonType::kString ? Quote(version->AsString())
                                                                  : std::string("a ") + std::string(core::JsonTypeName(version->type()))) +
                      ": accord imports STIX 2.1 objects only (section 3.2)");
  }

  CheckProperties(object, check);
  check.Reference("created_by_ref", {"identity"}, "section 3.2");
  check.References("object_marking_refs", {"marking-definition"}, "section 7.2.2");
  CheckExternalReferences(object, check);
  CheckGranularMarkings(object, check);
  CheckExtensions(object, check);

  if (!observable) {
    // Section 3.2: created and modified, required on SDOs, SROs and the
    // meta objects (marking-definitions: created only, section 7.2.1),
    // modified never earlier than created.
    const bool marking = kind == StixObjectKind::kMarkingDefinition;
    check.Require("created", "section 3.2");
    if (!marking) check.Require("modified", "section 3.2");
    auto created = check.Timestamp("created", "section 3.2", true);
    auto modified = check.Timestamp("modified", "section 3.2", true);
    check.NotBefore("modified", modified, "created", created, "section 3.2", false);
    check.Boolean("revoked", "section 3.2");
    check.StringList("labels", "section 3.2");
    check.Integer("confidence", 0, 100, "section 3.2");
    if (const std::string* lang = check.String("lang", "section 3.2"))
      if (!IsLanguageTag(*lang))
        check.Problem("/lang", Quote(*lang) + " is not an RFC 5646 language tag (section 3.2)");
    // Schema common/core.json: these names are reserved on SDOs and SROs.
    for (std::string_view reserved : {"severity", "action", "username", "phone_numbers"})
      if (object.Find(reserved) != nullptr && kind != StixObjectKind::kCustom)
        check.Problem("/" + std::string(reserved), "reserved property name (schema core.json)");
  } else {
    check.Boolean("defanged", "section 6.1");
  }

  internal::CheckTypeRules(*type, kind, check);
  // The generic *_ref(s) rule and the typed one may find the same fault.
  std::vector<ImportProblem> problems = check.TakeProblems();
  std::vector<ImportProblem> unique;
  for (ImportProblem& problem : problems)
    if (std::find(unique.begin(), unique.end(), problem) == unique.end())
      unique.push_back(std::move(problem));
  return unique;
}

}  // namespace accord::exchange
