// The JSON codec of the grievance records (model/case.h): decoding with
// every violation collected, and canonical encoding.
#include "model/case.h"

#include <array>
#include <set>
#include <utility>

#include "core/canonical_json.h"
#include "core/json_reader.h"
#include "model/internal/enum_names.h"
#include "model/internal/field_reader.h"
#include "model/json_pointer.h"

namespace accord::model {
namespace {

using core::JsonArray;
using core::JsonType;
using core::JsonValue;
using internal::ErrorList;
using internal::Length;
using internal::ObjectReader;

constexpr std::array<std::string_view, 8> kAllegationFields = {
    "schema", "id", "filer", "accused_state", "reports", "statement", "evidence", "filed_at"};
constexpr std::array<std::string_view, 3> kFilerFields = {"party_id", "kind", "state"};
constexpr std::array<std::string_view, 6> kEvidenceFields = {
    "id", "sha256", "media_type", "size_bytes", "description", "custody"};
constexpr std::array<std::string_view, 4> kCustodyFields = {"at", "by", "action", "note"};
constexpr std::array<std::string_view, 8> kFindingFields = {
    "schema", "id", "case_id", "outcome", "norms_violated", "reasoning", "issued_at", "appeal"};

// RFC 6838 section 4.2 restricted-name: 1..127 characters, the first a
// letter or digit, then letters, digits and "!#$&-^_.+". Lower case only,
// so each media type has one spelling in the log.
bool IsRestrictedName(std::string_view name) {
  if (name.empty() || name.size() > 127) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (i == 0 ? !alnum
               : !(alnum || std::string_view("!#$&-^_.+").find(c) != std::string_view::npos))
      return false;
  }
  return true;
}

bool IsLowerHex(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// A norm id of the catalogue: letters, digits, "-" and ".", starting with a
// letter ("ACN-B1"); whether it exists is the registry's check.
bool IsNormId(std::string_view id) {
  if (id.empty() || id.size() > kMaxNormIdChars) return false;
  if (!((id[0] >= 'A' && id[0] <= 'Z') || (id[0] >= 'a' && id[0] <= 'z'))) return false;
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

class CaseDecoder {
 public:
  explicit CaseDecoder(ErrorList& errors) : errors_(errors) {}

  Allegation DecodeAllegation(const JsonValue& value) {
    Allegation out;
    ObjectReader object(value, "", kAllegationFields, errors_);
    if (!object.is_object()) return out;
    if (const JsonValue* schema = object.Required("schema"))
      internal::ReadConstant(*schema, "/schema", kAllegationSchema, errors_);
    out.id = Id(object, "id", kAllegationType).value_or(core::StixId{});
    if (const JsonValue* filer = object.Required("filer")) DecodeFiler(*filer, "/filer", out.filer);
    if (const JsonValue* accused = object.Required("accused_state")) {
      if (auto state = internal::ReadCountry(*accused, "/accused_state", errors_)) {
        out.accused_state = *state;
        if (out.filer.state && *out.filer.state == *state)
          errors_.Add("/accused_state", "a state may not accuse itself: the filer's state is " +
                                            internal::Quote(*state));
      }
    }
    if (const JsonValue* reports = object.Required("reports")) {
      if (const JsonArray* items =
              internal::ReadArray(*reports, "/reports", 1, kMaxAllegationReports, errors_)) {
        std::set<core::StixId> seen;
        for (std::size_t i = 0; i < items->size(); ++i) {
          const std::string pointer = AppendPointerIndex("/reports", i);
          auto id = internal::ReadStixId((*items)[i], pointer, kIncidentReportType, errors_);
          if (!id) continue;
          if (!seen.insert(*id).second) {
            errors_.Add(pointer, "duplicate report " + internal::Quote(id->ToString()));
            continue;
          }
          out.reports.push_back(*id);
        }
      }
    }
    if (const JsonValue* statement = object.Required("statement")) {
      out.statement =
          internal::ReadString(*statement, "/statement", {1, kMaxStatementChars}, errors_)
              .value_or("");
    }
    if (const JsonValue* evidence = object.Optional("evidence")) {
      if (const JsonArray* items =
              internal::ReadArray(*evidence, "/evidence", 0, kMaxAllegationEvidence, errors_)) {
        std::set<core::StixId> seen;
        for (std::size_t i = 0; i < items->size(); ++i) {
          const std::string pointer = AppendPointerIndex("/evidence", i);
          Evidence item = DecodeEvidence((*items)[i], pointer);
          if (item.id.type == kEvidenceType && !seen.insert(item.id).second)
            errors_.Add(pointer + "/id",
                        "duplicate evidence " + internal::Quote(item.id.ToString()));
          out.evidence.push_back(std::move(item));
        }
      }
    }
    if (const JsonValue* filed_at = object.Required("filed_at"))
      out.filed_at =
          internal::ReadTimestamp(*filed_at, "/filed_at", errors_).value_or(core::Timestamp{});
    return out;
  }

  Evidence DecodeEvidence(const JsonValue& value, const std::string& pointer) {
    Evidence out;
    ObjectReader object(value, pointer, kEvidenceFields, errors_);
    if (!object.is_object()) return out;
    out.id = Id(object, "id", kEvidenceType).value_or(core::StixId{});
    if (const JsonValue* sha = object.Required("sha256")) {
      const std::string at = object.PointerOf("sha256");
      if (auto text = internal::ReadString(*sha, at, {64, 64}, errors_)) {
        if (IsLowerHex(*text)) {
          out.sha256 = *text;
        } else {
          errors_.Add(at, "expected 64 lower-case hex digits of a SHA-256 digest, found " +
                              internal::Quote(*text));
        }
      }
    }
    if (const JsonValue* media = object.Required("media_type")) {
      const std::string at = object.PointerOf("media_type");
      if (auto text = internal::ReadString(*media, at, {3, kMaxMediaTypeChars}, errors_)) {
        const std::size_t slash = text->find('/');
        if (slash != std::string::npos &&
            IsRestrictedName(std::string_view(*text).substr(0, slash)) &&
            IsRestrictedName(std::string_view(*text).substr(slash + 1))) {
          out.media_type = *text;
        } else {
          errors_.Add(at,
                      "expected a lower-case media type \"type/subtype\" (RFC 6838 section "
                      "4.2), found " +
                          internal::Quote(*text));
        }
      }
    }
    if (const JsonValue* size = object.Required("size_bytes")) {
      out.size_bytes = internal::ReadInteger(*size, object.PointerOf("size_bytes"), 0,
                                             kMaxEvidenceBytes, errors_)
                           .value_or(0);
    }
    if (const JsonValue* description = object.Required("description")) {
      out.description = internal::ReadString(*description, object.PointerOf("description"),
                                             {1, kMaxEvidenceDescriptionChars}, errors_)
                            .value_or("");
    }
    if (const JsonValue* custody = object.Required("custody")) {
      const std::string at = object.PointerOf("custody");
      if (const JsonArray* items =
              internal::ReadArray(*custody, at, 1, kMaxCustodyEntries, errors_)) {
        std::optional<core::Timestamp> previous;
        for (std::size_t i = 0; i < items->size(); ++i) {
          const std::string entry_pointer = AppendPointerIndex(at, i);
          CustodyEntry entry;
          if (!DecodeCustody((*items)[i], entry_pointer, entry)) continue;
          if (i == 0 && entry.action != CustodyAction::kSubmitted)
            errors_.Add(entry_pointer + "/action",
                        "the chain of custody starts with \"submitted\", found " +
                            internal::Quote(Name(entry.action)));
          if (previous && entry.at < *previous)
            errors_.Add(entry_pointer + "/at", core::FormatRfc3339(entry.at) +
                                                   " is before the previous entry (" +
                                                   core::FormatRfc3339(*previous) + ")");
          previous = entry.at;
          out.custody.push_back(std::move(entry));
        }
      }
    }
    return out;
  }

  Finding DecodeFinding(const JsonValue& value) {
    Finding out;
    ObjectReader object(value, "", kFindingFields, errors_);
    if (!object.is_object()) return out;
    if (const JsonValue* schema = object.Required("schema"))
      internal::ReadConstant(*schema, "/schema", kFindingSchema, errors_);
    out.id = Id(object, "id", kFindingType).value_or(core::StixId{});
    out.case_id = Id(object, "case_id", kCaseType).value_or(core::StixId{});
    std::optional<FindingOutcome> outcome;
    if (const JsonValue* value_outcome = object.Required("outcome")) {
      outcome = internal::ReadEnum<FindingOutcome>(*value_outcome, "/outcome", errors_);
      out.outcome = outcome.value_or(FindingOutcome::kInconclusive);
    }
    const JsonValue* norms = object.Optional("norms_violated");
    if (norms != nullptr) {
      if (const JsonArray* items =
              internal::ReadArray(*norms, "/norms_violated", 0, kMaxNormsFound, errors_)) {
        std::set<std::string> seen;
        for (std::size_t i = 0; i < items->size(); ++i) {
          const std::string pointer = AppendPointerIndex("/norms_violated", i);
          auto id = internal::ReadString((*items)[i], pointer, {1, kMaxNormIdChars}, errors_);
          if (!id) continue;
          if (!IsNormId(*id)) {
            errors_.Add(pointer,
                        "expected a norm id such as \"ACN-B1\" (letters, digits, "
                        "\"-\", \".\"), found " +
                            internal::Quote(*id));
          } else if (!seen.insert(*id).second) {
            errors_.Add(pointer, "duplicate norm " + internal::Quote(*id));
          } else {
            out.norms_violated.push_back(*id);
          }
        }
      }
    }
    if (outcome == FindingOutcome::kViolation && out.norms_violated.empty() &&
        (norms == nullptr || (norms->type() == JsonType::kArray && norms->AsArray().empty()))) {
      errors_.Add("/norms_violated", "a finding of \"violation\" names at least one norm");
    }
    if (outcome && *outcome != FindingOutcome::kViolation && norms != nullptr &&
        norms->type() == JsonType::kArray && !norms->AsArray().empty()) {
      errors_.Add("/norms_violated",
                  "a finding of " + internal::Quote(Name(*outcome)) + " names no violated norm");
    }
    if (const JsonValue* reasoning = object.Required("reasoning")) {
      out.reasoning =
          internal::ReadString(*reasoning, "/reasoning", {1, kMaxReasoningChars}, errors_)
              .value_or("");
    }
    if (const JsonValue* issued = object.Required("issued_at"))
      out.issued_at =
          internal::ReadTimestamp(*issued, "/issued_at", errors_).value_or(core::Timestamp{});
    if (const JsonValue* appeal = object.Optional("appeal"))
      out.appeal = internal::ReadBool(*appeal, "/appeal", errors_).value_or(false);
    return out;
  }

 private:
  std::optional<core::StixId> Id(const ObjectReader& object, std::string_view name,
                                 std::string_view type) {
    const JsonValue* value = object.Required(name);
    if (value == nullptr) return std::nullopt;
    return internal::ReadStixId(*value, object.PointerOf(name), type, errors_);
  }

  void DecodeFiler(const JsonValue& value, const std::string& pointer, Filer& out) {
    ObjectReader object(value, pointer, kFilerFields, errors_);
    if (!object.is_object()) return;
    out.party_id = Id(object, "party_id", kPartyType).value_or(core::StixId{}).ToString();
    std::optional<FilerKind> kind;
    if (const JsonValue* kind_value = object.Required("kind")) {
      kind = internal::ReadEnum<FilerKind>(*kind_value, object.PointerOf("kind"), errors_);
      out.kind = kind.value_or(FilerKind::kState);
    }
    if (kind == FilerKind::kState) {
      if (const JsonValue* state = object.Required("state", "the filer is a state"))
        out.state = internal::ReadCountry(*state, object.PointerOf("state"), errors_);
    } else if (kind == FilerKind::kPrivateEntity && object.Optional("state") != nullptr) {
      errors_.Add(object.PointerOf("state"), "a private entity files without a state");
    }
  }

  bool DecodeCustody(const JsonValue& value, const std::string& pointer, CustodyEntry& out) {
    const std::size_t before = errors_.size();
    ObjectReader object(value, pointer, kCustodyFields, errors_);
    if (!object.is_object()) return false;
    std::optional<core::Timestamp> at;
    if (const JsonValue* time = object.Required("at"))
      at = internal::ReadTimestamp(*time, object.PointerOf("at"), errors_);
    out.by = Id(object, "by", kPartyType).value_or(core::StixId{}).ToString();
    std::optional<CustodyAction> action;
    if (const JsonValue* action_value = object.Required("action"))
      action =
          internal::ReadEnum<CustodyAction>(*action_value, object.PointerOf("action"), errors_);
    if (const JsonValue* note = object.Optional("note"))
      out.note =
          internal::ReadString(*note, object.PointerOf("note"), {1, kMaxCustodyNoteChars}, errors_);
    if (!at || !action || errors_.size() != before) return false;
    out.at = *at;
    out.action = *action;
    return true;
  }

  ErrorList& errors_;
};

template <typename T, typename Decode>
CaseDecodeResult<T> DecodeDocument(std::string_view json, std::string_view what, Decode decode) {
  CaseDecodeResult<T> result;
  FieldError error;
  std::optional<JsonValue> document = internal::ParseDocument(
      json, what, {kMaxCaseDocumentBytes, kMaxCaseDocumentDepth, kMaxCaseDocumentBytes}, error,
      result.code);
  if (!document) {
    result.errors.push_back(std::move(error));
    return result;
  }
  ErrorList errors(CaseDecodeResult<T>::kMaxErrors);
  CaseDecoder decoder(errors);
  T value = decode(decoder, *document);
  if (errors.empty()) {
    result.value = std::move(value);
  } else {
    result.errors = errors.Take();
  }
  return result;
}

JsonValue Str(std::string text) {
  return JsonValue::String(std::move(text));
}
JsonValue Time(core::Timestamp time) {
  if (time < core::kMinTimestamp || time > core::kMaxTimestamp)
    return Str("outside years 0000-9999");  // fails decoding at its pointer
  return Str(core::FormatRfc3339(time));
}
template <typename E>
JsonValue EnumJson(E value) {
  return Str(std::string(Name(value)));
}

}  // namespace

std::string_view Name(FilerKind value) {
  static constexpr std::array<std::string_view, 2> kNames = {"state", "private-entity"};
  return internal::EnumName(value, kNames);
}
std::string_view Name(CustodyAction value) {
  static constexpr std::array<std::string_view, 5> kNames = {"submitted", "received", "transferred",
                                                             "examined", "sealed"};
  return internal::EnumName(value, kNames);
}
std::string_view Name(FindingOutcome value) {
  static constexpr std::array<std::string_view, 3> kNames = {"violation", "no-violation",
                                                             "inconclusive"};
  return internal::EnumName(value, kNames);
}
template <>
std::optional<FilerKind> EnumFromName<FilerKind>(std::string_view name) {
  return internal::EnumFromSpelling<FilerKind>(name);
}
template <>
std::optional<CustodyAction> EnumFromName<CustodyAction>(std::string_view name) {
  return internal::EnumFromSpelling<CustodyAction>(name);
}
template <>
std::optional<FindingOutcome> EnumFromName<FindingOutcome>(std::string_view name) {
  return internal::EnumFromSpelling<FindingOutcome>(name);
}

CaseDecodeResult<Allegation> DecodeAllegation(std::string_view json) {
  return DecodeDocument<Allegation>(
      json, "allegation",
      [](CaseDecoder& decoder, const JsonValue& v) { return decoder.DecodeAllegation(v); });
}
CaseDecodeResult<Evidence> DecodeEvidence(std::string_view json) {
  return DecodeDocument<Evidence>(json, "evidence", [](CaseDecoder& decoder, const JsonValue& v) {
    return decoder.DecodeEvidence(v, "");
  });
}
CaseDecodeResult<Finding> DecodeFinding(std::string_view json) {
  return DecodeDocument<Finding>(json, "finding", [](CaseDecoder& decoder, const JsonValue& v) {
    return decoder.DecodeFinding(v);
  });
}

core::Error CaseDecodeError(std::string_view what, const std::vector<FieldError>& errors,
                            core::ErrorCode code) {
  constexpr std::size_t kListed = 10;
  std::string message = "invalid " + std::string(what) + ": " + std::to_string(errors.size()) +
                        (errors.size() == 1 ? " error: " : " errors: ");
  for (std::size_t i = 0; i < errors.size() && i < kListed; ++i) {
    if (i > 0) message += "; ";
    message += errors[i].ToString();
  }
  if (errors.size() > kListed) message += "; ...";
  return core::Error{code, std::move(message)};
}

JsonValue EvidenceToJson(const Evidence& evidence) {
  JsonArray custody;
  for (const CustodyEntry& entry : evidence.custody) {
    core::JsonObject members = {
        {"at", Time(entry.at)}, {"by", Str(entry.by)}, {"action", EnumJson(entry.action)}};
    if (entry.note) members.push_back({"note", Str(*entry.note)});
    custody.push_back(JsonValue::Object(std::move(members)));
  }
  return JsonValue::Object({
      {"id", Str(evidence.id.ToString())},
      {"sha256", Str(evidence.sha256)},
      {"media_type", Str(evidence.media_type)},
      {"size_bytes", JsonValue::Number(static_cast<double>(evidence.size_bytes))},
      {"description", Str(evidence.description)},
      {"custody", JsonValue::Array(std::move(custody))},
  });
}

JsonValue AllegationToJson(const Allegation& allegation) {
  core::JsonObject filer = {{"party_id", Str(allegation.filer.party_id)},
                            {"kind", EnumJson(allegation.filer.kind)}};
  if (allegation.filer.state) filer.push_back({"state", Str(*allegation.filer.state)});
  JsonArray reports;
  for (const core::StixId& id : allegation.reports) reports.push_back(Str(id.ToString()));
  core::JsonObject members = {
      {"schema", Str(std::string(kAllegationSchema))},
      {"id", Str(allegation.id.ToString())},
      {"filer", JsonValue::Object(std::move(filer))},
      {"accused_state", Str(allegation.accused_state)},
      {"reports", JsonValue::Array(std::move(reports))},
      {"statement", Str(allegation.statement)},
      {"filed_at", Time(allegation.filed_at)},
  };
  if (!allegation.evidence.empty()) {
    JsonArray evidence;
    for (const Evidence& item : allegation.evidence) evidence.push_back(EvidenceToJson(item));
    members.push_back({"evidence", JsonValue::Array(std::move(evidence))});
  }
  return JsonValue::Object(std::move(members));
}

JsonValue FindingToJson(const Finding& finding) {
  core::JsonObject members = {
      {"schema", Str(std::string(kFindingSchema))}, {"id", Str(finding.id.ToString())},
      {"case_id", Str(finding.case_id.ToString())}, {"outcome", EnumJson(finding.outcome)},
      {"reasoning", Str(finding.reasoning)},        {"issued_at", Time(finding.issued_at)},
      {"appeal", JsonValue::Bool(finding.appeal)},
  };
  if (!finding.norms_violated.empty()) {
    JsonArray norms;
    for (const std::string& id : finding.norms_violated) norms.push_back(Str(id));
    members.push_back({"norms_violated", JsonValue::Array(std::move(norms))});
  }
  return JsonValue::Object(std::move(members));
}

std::string EncodeAllegation(const Allegation& allegation) {
  return core::SerializeCanonical(AllegationToJson(allegation));
}
std::string EncodeEvidence(const Evidence& evidence) {
  return core::SerializeCanonical(EvidenceToJson(evidence));
}
std::string EncodeFinding(const Finding& finding) {
  return core::SerializeCanonical(FindingToJson(finding));
}

}  // namespace accord::model
