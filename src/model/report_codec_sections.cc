// The incident report decoder's later sections: attribution, indicators,
// field markings, related reports and references (report_decoder.h).
#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "model/internal/indicator_value.h"
#include "model/internal/report_decoder.h"

namespace accord::model::internal::decoding {

void ReportDecoder::DecodeAttribution(const JsonValue& value, const std::string& pointer,
                                      Attribution& out) {
  const ObjectReader attribution(value, pointer, kAttributionFields, errors_);
  if (!attribution.is_object()) return;
  if (const JsonValue* by_value = attribution.Required("by")) {
    const ObjectReader by(*by_value, attribution.PointerOf("by"), kPartyFields, errors_);
    if (by.is_object()) {
      const auto kind = Enum<AttributorKind>(by, "kind", Presence::kRequired);
      if (kind) out.by.kind = *kind;
      out.by.name = String(by, "name", Presence::kRequired, kPartyName).value_or("");
      // A state or one of its agencies speaks for a state: which one matters.
      const bool state_required = kind == AttributorKind::kState || kind == AttributorKind::kAgency;
      out.by.state = Country(
          by, "state", state_required ? "required when by/kind is \"state\" or \"agency\"" : "");
    }
  }
  if (const JsonValue* to_value = attribution.Required("to")) {
    const ObjectReader to(*to_value, attribution.PointerOf("to"), kPartyFields, errors_);
    if (to.is_object()) {
      const auto kind = Enum<AttributedKind>(to, "kind", Presence::kRequired);
      if (kind) out.to.kind = *kind;
      out.to.name = String(to, "name", Presence::kOptional, kPartyName);
      out.to.state = Country(
          to, "state", kind == AttributedKind::kState ? "required when to/kind is \"state\"" : "");
    }
  }
  out.sponsorship = Enum<Sponsorship>(attribution, "sponsorship", Presence::kRequired)
                        .value_or(Sponsorship::kUnknown);
  if (const JsonValue* basis = attribution.Required("basis")) {
    const std::string basis_pointer = attribution.PointerOf("basis");
    constexpr std::size_t kBasisKinds = 6;  // each of AttributionBasis at most once
    if (const JsonArray* items =
            internal::ReadArray(*basis, basis_pointer, 1, kBasisKinds, errors_)) {
      std::vector<std::pair<AttributionBasis, std::size_t>> decoded;
      for (std::size_t i = 0; i < items->size(); ++i) {
        if (auto kind = internal::ReadEnum<AttributionBasis>(
                (*items)[i], AppendPointerIndex(basis_pointer, i), errors_)) {
          decoded.emplace_back(*kind, i);
          out.basis.push_back(*kind);
        }
      }
      CheckUnique(decoded, basis_pointer, "basis");
    }
  }
  out.confidence =
      Enum<Confidence>(attribution, "confidence", Presence::kRequired).value_or(Confidence::kLow);
  if (auto date = DateMember(attribution, "date", Presence::kRequired)) out.date = *date;
  out.status = Enum<AttributionStatus>(attribution, "status", Presence::kRequired)
                   .value_or(AttributionStatus::kContested);
  if (const JsonValue* source = attribution.Optional("source")) {
    out.source =
        internal::ReadHttpsUrl(*source, attribution.PointerOf("source"), kMaxUrlChars, errors_);
  }
}

void ReportDecoder::DecodeIndicator(const JsonValue& value, const std::string& pointer,
                                    Indicator& out) {
  const ObjectReader indicator(value, pointer, kIndicatorFields, errors_);
  if (!indicator.is_object()) return;
  const auto type = Enum<IndicatorType>(indicator, "type", Presence::kRequired);
  if (type) out.type = *type;
  if (auto text = String(indicator, "value", Presence::kRequired, kIndicatorValue)) {
    if (type) {
      if (std::string problem = internal::IndicatorValueProblem(*type, *text); !problem.empty()) {
        errors_.Add(indicator.PointerOf("value"), std::move(problem));
      }
    }
    out.value = std::move(*text);
  }
}

void ReportDecoder::DecodeFieldTlp(const JsonValue& value, const std::string& pointer,
                                   std::optional<Tlp> report_tlp, std::map<std::string, Tlp>& out) {
  if (value.type() != JsonType::kObject) {
    errors_.Add(pointer, "expected an object mapping JSON pointers to TLP labels, found " +
                             std::string(internal::DescribeType(value.type())));
    return;
  }
  const core::JsonObject& members = value.AsObject();
  if (members.size() > kMaxFieldTlpEntries) {
    errors_.Add(pointer, "expected at most " + std::to_string(kMaxFieldTlpEntries) +
                             " markings, found " + std::to_string(members.size()));
  }
  // (pointer, marking, where the marking is) of each well-formed entry, for
  // the ancestor check once all are known.
  std::vector<std::pair<const std::string*, std::string>> marked;
  for (const core::JsonMember& member : members) {
    const std::string& field = member.name;
    const std::string entry_pointer = AppendPointerToken(pointer, field);
    std::optional<Tlp> marking = internal::ReadEnum<Tlp>(member.value, entry_pointer, errors_);
    const std::optional<std::size_t> length = internal::CountCodePoints(field);
    if (!length) {
      errors_.Add(pointer, "a marked pointer is not valid UTF-8");
      continue;
    }
    if (*length > kFieldTlpPointer.max) {
      errors_.Add(entry_pointer, "expected a JSON pointer of at most " +
                                     std::to_string(kFieldTlpPointer.max) + " characters, found " +
                                     std::to_string(*length));
      continue;
    }
    auto tokens = ParsePointer(field);
    if (!tokens) {
      errors_.Add(entry_pointer, "expected a JSON pointer (RFC 6901) such as \"/narrative\": " +
                                     tokens.error().message);
      continue;
    }
    if (tokens->empty()) {
      errors_.Add(entry_pointer,
                  "the empty pointer names the whole report, which /tlp marks; expected the "
                  "pointer of one field");
      continue;
    }
    if (std::find(kUnmarkableFields.begin(), kUnmarkableFields.end(), tokens->front()) !=
        kUnmarkableFields.end()) {
      errors_.Add(entry_pointer, "/" + (*tokens)[0] +
                                     " cannot be marked: every reader needs it to identify the "
                                     "report and its marking");
      continue;
    }
    const JsonValue* target = ResolvePointer(document_, field);
    if (target == nullptr) {
      errors_.Add(entry_pointer,
                  "names no field of this report; expected the pointer of a field that is present");
      continue;
    }
    if (target->type() == JsonType::kArray && target->AsArray().empty()) {
      errors_.Add(entry_pointer,
                  "names an empty array, which the report does not keep; expected the pointer "
                  "of a field with content");
      continue;
    }
    if (!marking) continue;
    if (report_tlp && !IsAtLeastAsRestrictive(*marking, *report_tlp)) {
      errors_.Add(entry_pointer, std::string(TlpName(*marking)) +
                                     " is less restrictive than /tlp (" +
                                     std::string(TlpName(*report_tlp)) + "); expected " +
                                     std::string(TlpName(*report_tlp)) + " or more restrictive");
      continue;
    }
    out.emplace(field, *marking);
    marked.emplace_back(&field, entry_pointer);
  }
  // A field inside a marked field inherits at least its marking: a field
  // marked less restrictively than the object around it would be shown to
  // readers who may not see the object.
  for (const auto& [field, entry_pointer] : marked) {
    const Tlp marking = out.at(*field);
    for (std::size_t slash = field->rfind('/'); slash != 0 && slash != std::string::npos;
         slash = field->rfind('/', slash - 1)) {
      const std::string ancestor = field->substr(0, slash);
      auto found = out.find(ancestor);
      if (found != out.end() && !IsAtLeastAsRestrictive(marking, found->second)) {
        errors_.Add(entry_pointer,
                    std::string(TlpName(marking)) + " is less restrictive than the marking of " +
                        ancestor + " (" + std::string(TlpName(found->second)) + "); expected " +
                        std::string(TlpName(found->second)) + " or more restrictive");
        break;
      }
    }
  }
}

void ReportDecoder::DecodeRelatedReports(const JsonValue& value, const std::string& pointer,
                                         const std::optional<core::StixId>& own_id,
                                         std::vector<core::StixId>& out) {
  const JsonArray* items = internal::ReadArray(value, pointer, 0, kMaxRelatedReports, errors_);
  if (items == nullptr) return;
  std::vector<std::pair<core::StixId, std::size_t>> decoded;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const std::string item_pointer = AppendPointerIndex(pointer, i);
    auto id = internal::ReadStixId((*items)[i], item_pointer, kIncidentReportType, errors_);
    if (!id) continue;
    if (own_id && *id == *own_id) {
      errors_.Add(item_pointer, "names this report itself; expected the id of another report");
    }
    decoded.emplace_back(*id, i);
    out.push_back(std::move(*id));
  }
  CheckUnique(decoded, pointer, "report");
}

void ReportDecoder::DecodeReference(const JsonValue& value, const std::string& pointer,
                                    Reference& out) {
  const ObjectReader reference(value, pointer, kReferenceFields, errors_);
  if (!reference.is_object()) return;
  out.title = String(reference, "title", Presence::kRequired, kReferenceTitle).value_or("");
  if (const JsonValue* url = reference.Required("url")) {
    out.url = internal::ReadHttpsUrl(*url, reference.PointerOf("url"), kMaxUrlChars, errors_)
                  .value_or("");
  }
  out.publisher = String(reference, "publisher", Presence::kOptional, kPublisher);
  out.date = DateMember(reference, "date", Presence::kOptional);
}

}  // namespace accord::model::internal::decoding
