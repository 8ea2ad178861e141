// The incident report decoder's class, shared by report_codec.cc (the
// document, reporter, times, states, entities, effects, techniques and
// vulnerabilities) and report_codec_sections.cc (attribution, indicators,
// field markings, related reports, references): one contract, split by
// section to keep each file readable.
//
// Not part of the module's interface: only model/report_codec*.cc include
// this. It brings the contract's names into accord::model::internal::
// decoding for those two files only.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_value.h"
#include "model/incident_report.h"
#include "model/internal/field_reader.h"
#include "model/internal/report_contract.h"
#include "model/json_pointer.h"

namespace accord::model::internal::decoding {

using core::JsonArray;
using core::JsonType;
using core::JsonValue;
using internal::ErrorList;
using internal::Length;
using internal::ObjectReader;

using namespace internal::contract;  // the contract's bounds and member names

enum class Presence { kOptional, kRequired };

// "2015-12-23T15:30:00Z", as messages and the encoder write times.
inline std::string TimeText(core::Timestamp time) {
  return core::FormatRfc3339(time);
}

// Decodes one document into an IncidentReport, adding every violation to
// `errors`. The report it returns is meaningful only if no error was added.
class ReportDecoder {
 public:
  ReportDecoder(const JsonValue& document, ErrorList& errors)
      : document_(document), errors_(errors) {}

  IncidentReport Decode();

 private:
  const JsonValue* Member(const ObjectReader& object, std::string_view name, Presence presence) {
    return presence == Presence::kRequired ? object.Required(name) : object.Optional(name);
  }
  std::optional<std::string> String(const ObjectReader& object, std::string_view name,
                                    Presence presence, Length length) {
    const JsonValue* value = Member(object, name, presence);
    if (value == nullptr) return std::nullopt;
    return internal::ReadString(*value, object.PointerOf(name), length, errors_);
  }
  std::optional<std::int64_t> Integer(const ObjectReader& object, std::string_view name,
                                      std::int64_t max) {
    const JsonValue* value = object.Optional(name);
    if (value == nullptr) return std::nullopt;
    return internal::ReadInteger(*value, object.PointerOf(name), 0, max, errors_);
  }
  bool Bool(const ObjectReader& object, std::string_view name, Presence presence) {
    const JsonValue* value = Member(object, name, presence);
    if (value == nullptr) return false;
    return internal::ReadBool(*value, object.PointerOf(name), errors_).value_or(false);
  }
  template <typename E>
  std::optional<E> Enum(const ObjectReader& object, std::string_view name, Presence presence) {
    const JsonValue* value = Member(object, name, presence);
    if (value == nullptr) return std::nullopt;
    return internal::ReadEnum<E>(*value, object.PointerOf(name), errors_);
  }
  std::optional<core::Timestamp> Time(const ObjectReader& object, std::string_view name,
                                      Presence presence) {
    const JsonValue* value = Member(object, name, presence);
    if (value == nullptr) return std::nullopt;
    return internal::ReadTimestamp(*value, object.PointerOf(name), errors_);
  }
  std::optional<Date> DateMember(const ObjectReader& object, std::string_view name,
                                 Presence presence) {
    const JsonValue* value = Member(object, name, presence);
    if (value == nullptr) return std::nullopt;
    return internal::ReadDate(*value, object.PointerOf(name), errors_);
  }
  // An alpha-2 member, required when `required_because` is not empty.
  std::optional<std::string> Country(const ObjectReader& object, std::string_view name,
                                     std::string_view required_because) {
    const JsonValue* value =
        required_because.empty() ? object.Optional(name) : object.Required(name, required_because);
    if (value == nullptr) return std::nullopt;
    return internal::ReadCountry(*value, object.PointerOf(name), errors_);
  }

  // Reports each element equal to an earlier one, at the later element.
  template <typename T>
  void CheckUnique(const std::vector<std::pair<T, std::size_t>>& decoded,
                   const std::string& array_pointer, std::string_view what);
  // Reports `time` at `pointer` when it is before times.start.
  void CheckNotBeforeStart(const std::optional<core::Timestamp>& time, const std::string& pointer);

  void DecodeReporter(const JsonValue& value, const std::string& pointer, Reporter& out);
  void DecodeTimes(const JsonValue& value, const std::string& pointer, IncidentTimes& out);
  void DecodeAffectedStates(const JsonValue& value, const std::string& pointer,
                            std::vector<std::string>& out);
  void DecodeEntity(const JsonValue& value, const std::string& pointer, AffectedEntity& out);
  void DecodeEffects(const JsonValue& value, const std::string& pointer, Effects& out);
  void DecodeTechniques(const JsonValue& value, const std::string& pointer,
                        std::vector<std::string>& out);
  void DecodeVulnerabilities(const JsonValue& value, const std::string& pointer,
                             std::vector<std::string>& out);
  void DecodeAttribution(const JsonValue& value, const std::string& pointer, Attribution& out);
  void DecodeIndicator(const JsonValue& value, const std::string& pointer, Indicator& out);
  void DecodeFieldTlp(const JsonValue& value, const std::string& pointer,
                      std::optional<Tlp> report_tlp, std::map<std::string, Tlp>& out);
  void DecodeRelatedReports(const JsonValue& value, const std::string& pointer,
                            const std::optional<core::StixId>& own_id,
                            std::vector<core::StixId>& out);
  void DecodeReference(const JsonValue& value, const std::string& pointer, Reference& out);

  // Decodes each element of an optional array member of objects with
  // `decode(element, pointer, out_element)`.
  template <typename T, typename DecodeOne>
  void ObjectArray(const ObjectReader& object, std::string_view name, Presence presence,
                   std::size_t min_items, std::size_t max_items, std::vector<T>& out,
                   DecodeOne decode_one);

  const JsonValue& document_;
  ErrorList& errors_;
  // What cross-field rules need, known once the fields are read.
  std::optional<core::Timestamp> start_;
  // Every string listed in affected_states, valid or not: an entity whose
  // state is listed but malformed already has its error there.
  std::vector<std::string> listed_states_;
  bool affected_states_readable_ = false;
};

template <typename T>
void ReportDecoder::CheckUnique(const std::vector<std::pair<T, std::size_t>>& decoded,
                                const std::string& array_pointer, std::string_view what) {
  std::map<T, std::size_t> first_at;
  for (const auto& [item, index] : decoded) {
    auto [found, inserted] = first_at.emplace(item, index);
    if (!inserted) {
      errors_.Add(AppendPointerIndex(array_pointer, index),
                  "duplicate of " + AppendPointerIndex(array_pointer, found->second) +
                      "; expected each " + std::string(what) + " once");
    }
  }
}

inline void ReportDecoder::CheckNotBeforeStart(const std::optional<core::Timestamp>& time,
                                        const std::string& pointer) {
  if (time && start_ && *time < *start_) {
    errors_.Add(pointer, TimeText(*time) + " is before /times/start (" + TimeText(*start_) + ")");
  }
}

template <typename T, typename DecodeOne>
void ReportDecoder::ObjectArray(const ObjectReader& object, std::string_view name,
                                Presence presence, std::size_t min_items, std::size_t max_items,
                                std::vector<T>& out, DecodeOne decode_one) {
  const JsonValue* value = Member(object, name, presence);
  if (value == nullptr) return;
  const std::string pointer = object.PointerOf(name);
  const JsonArray* items = internal::ReadArray(*value, pointer, min_items, max_items, errors_);
  if (items == nullptr) return;
  out.resize(items->size());
  for (std::size_t i = 0; i < items->size(); ++i) {
    (this->*decode_one)((*items)[i], AppendPointerIndex(pointer, i), out[i]);
  }
}

}  // namespace accord::model::internal::decoding
