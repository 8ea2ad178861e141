#include "model/internal/field_reader.h"

#include <algorithm>
#include <cmath>

#include "core/canonical_json.h"
#include "core/encoding.h"
#include "core/id.h"
#include "core/iso3166.h"
#include "core/json_reader.h"
#include "core/sectors.h"
#include "model/json_pointer.h"

namespace accord::model::internal {
namespace {

// RFC 3339 date-times are at most 35 bytes ("2015-12-23T15:30:00.123456789+01:00");
// longer strings are refused without being parsed or quoted in full.
constexpr std::size_t kMaxDateTimeBytes = 64;

// How an RFC 3339 example reads in messages.
constexpr std::string_view kDateTimeExpected =
    "expected an RFC 3339 date-time such as 2015-12-23T15:30:00Z";
constexpr std::string_view kDateExpected = "expected a full-date YYYY-MM-DD such as 2015-12-23";
constexpr std::string_view kTechniqueExpected =
    "expected an ATT&CK technique id: T0NNN (ICS), T1NNN or T1NNN.NNN (Enterprise)";

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

std::string Plural(std::size_t count, std::string_view noun) {
  std::string out = std::to_string(count) + " " + std::string(noun);
  if (count != 1) out += 's';
  return out;
}

// Checks `text` against "T" d{4} ["." d{3}], the shape of ATT&CK technique
// ids (https://attack.mitre.org/techniques/): ICS ids are T0800-T0899 today
// and have no sub-techniques; Enterprise ids are T1NNN with optional .NNN.
bool IsTechniqueId(std::string_view text) {
  if (text.size() != 5 && text.size() != 9) return false;
  if (text[0] != 'T' || (text[1] != '0' && text[1] != '1')) return false;
  for (std::size_t i = 2; i < 5; ++i) {
    if (!IsDigit(text[i])) return false;
  }
  if (text.size() == 5) return true;
  if (text[1] != '1' || text[5] != '.') return false;
  return IsDigit(text[6]) && IsDigit(text[7]) && IsDigit(text[8]);
}

}  // namespace

void ErrorList::Add(std::string pointer, std::string message) {
  if (errors_.size() + 1 < max_errors_) {
    errors_.push_back({std::move(pointer), std::move(message)});
  } else if (errors_.size() + 1 == max_errors_) {
    errors_.push_back(
        {"", "too many errors; checking stopped after " + std::to_string(errors_.size())});
  }
}

std::optional<std::size_t> CountCodePoints(std::string_view text) {
  std::size_t count = 0;
  std::size_t i = 0;
  const std::size_t size = text.size();
  while (i < size) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      ++count;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      code_point = lead & 0x1f;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      code_point = lead & 0x0f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      code_point = lead & 0x07;
    } else {
      return std::nullopt;
    }
    if (size - i < length) return std::nullopt;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return std::nullopt;
      code_point = (code_point << 6) | (next & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF (RFC 3629
    // section 3).
    if ((length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000) ||
        (code_point >= 0xd800 && code_point <= 0xdfff) || code_point > 0x10ffff) {
      return std::nullopt;
    }
    i += length;
    ++count;
  }
  return count;
}

std::string Quote(std::string_view text) {
  return core::QuoteForMessage(text);
}

std::string_view DescribeType(core::JsonType type) {
  switch (type) {
    case core::JsonType::kNull:
      return "null";
    case core::JsonType::kBool:
      return "a boolean";
    case core::JsonType::kNumber:
      return "a number";
    case core::JsonType::kString:
      return "a string";
    case core::JsonType::kArray:
      return "an array";
    case core::JsonType::kObject:
      return "an object";
  }
  return "an unknown type";
}

ObjectReader::ObjectReader(const core::JsonValue& value, std::string pointer,
                           std::span<const std::string_view> known, ErrorList& errors)
    : pointer_(std::move(pointer)), errors_(errors) {
  if (value.type() != core::JsonType::kObject) {
    errors_.Add(pointer_, "expected an object, found " + std::string(DescribeType(value.type())));
    return;
  }
  object_ = &value;
  for (const core::JsonMember& member : value.AsObject()) {
    if (std::find(known.begin(), known.end(), member.name) != known.end()) continue;
    std::string message = "unknown field; expected one of: ";
    for (std::size_t i = 0; i < known.size(); ++i) {
      if (i > 0) message += ", ";
      message += known[i];
    }
    errors_.Add(PointerOf(member.name), std::move(message));
  }
}

std::string ObjectReader::PointerOf(std::string_view name) const {
  return AppendPointerToken(pointer_, name);
}

const core::JsonValue* ObjectReader::Optional(std::string_view name) const {
  return object_ == nullptr ? nullptr : object_->Find(name);
}

const core::JsonValue* ObjectReader::Required(std::string_view name, std::string_view why) const {
  if (object_ == nullptr) return nullptr;
  const core::JsonValue* member = object_->Find(name);
  if (member == nullptr) {
    std::string message = "required field is missing";
    if (!why.empty()) message += " (" + std::string(why) + ")";
    errors_.Add(PointerOf(name), std::move(message));
  }
  return member;
}

std::optional<std::string> ReadString(const core::JsonValue& value, const std::string& pointer,
                                      Length length, ErrorList& errors) {
  if (value.type() != core::JsonType::kString) {
    errors.Add(pointer, "expected a string, found " + std::string(DescribeType(value.type())));
    return std::nullopt;
  }
  const std::string& text = value.AsString();
  std::optional<std::size_t> count = CountCodePoints(text);
  if (!count) {
    errors.Add(pointer, "expected UTF-8 text, found invalid UTF-8");
    return std::nullopt;
  }
  if (*count < length.min) {
    errors.Add(pointer,
               "expected at least " + Plural(length.min, "character") + ", found " +
                   (*count == 0 ? std::string("an empty string") : std::to_string(*count)));
    return std::nullopt;
  }
  if (*count > length.max) {
    errors.Add(pointer, "expected at most " + Plural(length.max, "character") + ", found " +
                            std::to_string(*count));
    return std::nullopt;
  }
  return text;
}

std::optional<bool> ReadBool(const core::JsonValue& value, const std::string& pointer,
                             ErrorList& errors) {
  if (value.type() != core::JsonType::kBool) {
    errors.Add(pointer, "expected true or false, found " + std::string(DescribeType(value.type())));
    return std::nullopt;
  }
  return value.AsBool();
}

std::optional<std::int64_t> ReadInteger(const core::JsonValue& value, const std::string& pointer,
                                        std::int64_t min, std::int64_t max, ErrorList& errors) {
  // Messages are built only on failure: this runs for every integer field.
  const auto fail = [&](std::string_view found) {
    errors.Add(pointer, "expected an integer from " + std::to_string(min) + " to " +
                            std::to_string(max) + ", found " + std::string(found));
    return std::nullopt;
  };
  if (value.type() != core::JsonType::kNumber) return fail(DescribeType(value.type()));
  // The reader gives finite doubles only; min and max are exact doubles
  // (|x| <= 2^53), so comparing before converting cannot overflow.
  const double number = value.AsNumber();
  if (std::trunc(number) != number || number < static_cast<double>(min) ||
      number > static_cast<double>(max)) {
    return fail(core::FormatJsonNumber(number));
  }
  return static_cast<std::int64_t>(number);
}

const core::JsonArray* ReadArray(const core::JsonValue& value, const std::string& pointer,
                                 std::size_t min_items, std::size_t max_items, ErrorList& errors) {
  if (value.type() != core::JsonType::kArray) {
    errors.Add(pointer, "expected an array, found " + std::string(DescribeType(value.type())));
    return nullptr;
  }
  const core::JsonArray& items = value.AsArray();
  if (items.size() < min_items) {
    errors.Add(pointer, "expected at least " + Plural(min_items, "item") + ", found " +
                            (items.empty() ? std::string("none") : std::to_string(items.size())));
  } else if (items.size() > max_items) {
    errors.Add(pointer, "expected at most " + Plural(max_items, "item") + ", found " +
                            std::to_string(items.size()));
  }
  return &items;
}

bool ReadConstant(const core::JsonValue& value, const std::string& pointer,
                  std::string_view expected, ErrorList& errors) {
  if (value.type() != core::JsonType::kString) {
    errors.Add(pointer, "expected " + Quote(expected) + ", found " +
                            std::string(DescribeType(value.type())));
    return false;
  }
  if (value.AsString() != expected) {
    errors.Add(pointer, "expected " + Quote(expected) + ", found " + Quote(value.AsString()));
    return false;
  }
  return true;
}

std::optional<core::Timestamp> ReadTimestamp(const core::JsonValue& value,
                                             const std::string& pointer, ErrorList& errors) {
  if (value.type() != core::JsonType::kString) {
    errors.Add(pointer, std::string(kDateTimeExpected) + ", found " +
                            std::string(DescribeType(value.type())));
    return std::nullopt;
  }
  const std::string& text = value.AsString();
  if (text.size() > kMaxDateTimeBytes) {
    errors.Add(pointer, std::string(kDateTimeExpected) + ", found a string of " +
                            std::to_string(text.size()) + " bytes");
    return std::nullopt;
  }
  core::Result<core::Timestamp> parsed = core::ParseRfc3339(text);
  if (!parsed) {
    errors.Add(pointer, std::string(kDateTimeExpected) + ": " + parsed.error().message);
    return std::nullopt;
  }
  return *parsed;
}

std::optional<Date> ReadDate(const core::JsonValue& value, const std::string& pointer,
                             ErrorList& errors) {
  if (value.type() != core::JsonType::kString) {
    errors.Add(pointer,
               std::string(kDateExpected) + ", found " + std::string(DescribeType(value.type())));
    return std::nullopt;
  }
  const std::string& text = value.AsString();
  bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-';
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    shape = shape && IsDigit(text[i]);
  }
  if (!shape) {
    errors.Add(pointer, std::string(kDateExpected) + ", found " + Quote(text));
    return std::nullopt;
  }
  auto digits = [&](std::size_t at, std::size_t count) {
    int number = 0;
    for (std::size_t i = at; i < at + count; ++i) number = number * 10 + (text[i] - '0');
    return number;
  };
  const Date date{std::chrono::year(digits(0, 4)),
                  std::chrono::month(static_cast<unsigned>(digits(5, 2))),
                  std::chrono::day(static_cast<unsigned>(digits(8, 2)))};
  if (!date.month().ok()) {
    errors.Add(pointer, std::string(kDateExpected) + ": month " + text.substr(5, 2) +
                            " is out of range 01-12 in " + Quote(text));
    return std::nullopt;
  }
  if (!date.ok()) {
    errors.Add(pointer, std::string(kDateExpected) + ": day " + text.substr(8, 2) +
                            " is out of range for " + text.substr(0, 7));
    return std::nullopt;
  }
  return date;
}

std::optional<std::string> ReadCountry(const core::JsonValue& value, const std::string& pointer,
                                       ErrorList& errors) {
  constexpr std::string_view kExpected = "expected an ISO 3166-1 alpha-2 code such as \"UA\"";
  if (value.type() != core::JsonType::kString) {
    errors.Add(pointer,
               std::string(kExpected) + ", found " + std::string(DescribeType(value.type())));
    return std::nullopt;
  }
  auto countries = core::LoadedCountries();
  if (!countries) {
    errors.Add(pointer, "cannot check the country code: " + countries.error().message);
    return std::nullopt;
  }
  auto found = (*countries)->FindAlpha2(value.AsString());
  if (!found) {
    errors.Add(pointer, std::string(kExpected) + ": " + found.error().message);
    return std::nullopt;
  }
  return value.AsString();
}

std::optional<std::string> ReadSector(const core::JsonValue& value, const std::string& pointer,
                                      ErrorList& errors) {
  constexpr std::string_view kExpected =
      "expected a sector code of data/sectors such as \"health\"";
  if (value.type() != core::JsonType::kString) {
    errors.Add(pointer,
               std::string(kExpected) + ", found " + std::string(DescribeType(value.type())));
    return std::nullopt;
  }
  auto found = core::SectorTaxonomy::Builtin().Find(value.AsString());
  if (!found) {
    errors.Add(pointer, std::string(kExpected) + ": " + found.error().message);
    return std::nullopt;
  }
  return value.AsString();
}

std::optional<std::string> ReadTechnique(const core::JsonValue& value, const std::string& pointer,
                                         ErrorList& errors) {
  if (value.type() != core::JsonType::kString) {
    errors.Add(pointer, std::string(kTechniqueExpected) + ", found " +
                            std::string(DescribeType(value.type())));
    return std::nullopt;
  }
  if (!IsTechniqueId(value.AsString())) {
    errors.Add(pointer, std::string(kTechniqueExpected) + ", found " + Quote(value.AsString()));
    return std::nullopt;
  }
  return value.AsString();
}

std::optional<std::string> ReadCveId(const core::JsonValue& value, const std::string& pointer,
                                     ErrorList& errors) {
  constexpr std::string_view kExpected =
      "expected a CVE id \"CVE-YYYY-NNNN\" (a year from 1999, then 4 to 19 digits)";
  if (value.type() != core::JsonType::kString) {
    errors.Add(pointer,
               std::string(kExpected) + ", found " + std::string(DescribeType(value.type())));
    return std::nullopt;
  }
  if (!IsCveId(value.AsString())) {
    errors.Add(pointer, std::string(kExpected) + ", found " + Quote(value.AsString()));
    return std::nullopt;
  }
  return value.AsString();
}

std::optional<std::string> ReadHttpsUrl(const core::JsonValue& value, const std::string& pointer,
                                        std::size_t max_chars, ErrorList& errors) {
  std::optional<std::string> text = ReadString(value, pointer, {1, max_chars}, errors);
  if (!text) return std::nullopt;
  constexpr std::string_view kScheme = "https://";
  const std::string_view url = *text;
  const auto problem = [&]() -> std::string {
    if (url.substr(0, kScheme.size()) != kScheme) return "does not start with \"https://\"";
    const std::size_t host_end = url.find_first_of("/?#", kScheme.size());
    if (host_end == kScheme.size() || url.size() == kScheme.size()) return "has no host";
    // RFC 3986 section 2: a URI has no space or control character; they
    // would also let a link shown in the dashboard say one thing and be another.
    for (std::size_t i = 0; i < url.size(); ++i) {
      const auto c = static_cast<unsigned char>(url[i]);
      if (c <= 0x20 || c == 0x7f)
        return "has a space or control character at byte " + std::to_string(i);
    }
    return "";
  }();
  if (!problem.empty()) {
    errors.Add(pointer, "expected an https URL, found " + Quote(url) + ", which " + problem);
    return std::nullopt;
  }
  return text;
}

std::optional<core::StixId> ReadStixId(const core::JsonValue& value, const std::string& pointer,
                                       std::string_view type, ErrorList& errors) {
  const std::string expected = "expected an identifier " + std::string(type) + "--<uuid>";
  if (value.type() != core::JsonType::kString) {
    errors.Add(pointer, expected + ", found " + std::string(DescribeType(value.type())));
    return std::nullopt;
  }
  auto id = core::StixId::Parse(value.AsString());
  if (!id) {
    errors.Add(pointer, expected + ": " + id.error().message);
    return std::nullopt;
  }
  if (id->type != type) {
    errors.Add(pointer, expected + ", found type " + Quote(id->type));
    return std::nullopt;
  }
  return *id;
}

std::optional<core::JsonValue> ParseDocument(std::string_view json, std::string_view what,
                                             const DocumentLimits& limits, FieldError& error,
                                             core::ErrorCode& code) {
  if (json.size() > limits.max_bytes) {
    code = core::ErrorCode::kResourceExhausted;
    error = {"", "the " + std::string(what) + " is " + std::to_string(json.size()) +
                     " bytes long; expected at most " + std::to_string(limits.max_bytes)};
    return std::nullopt;
  }
  core::JsonLimits reader_limits;
  reader_limits.max_depth = limits.max_depth;
  reader_limits.max_input_bytes = limits.max_bytes;
  reader_limits.max_string_bytes = limits.max_string_bytes;
  core::Result<core::JsonValue> document = core::ParseJsonStrict(json, reader_limits);
  if (!document) {
    code = document.error().code;
    error = {"", "expected one strict JSON document (I-JSON): " + document.error().message};
    return std::nullopt;
  }
  return std::move(*document);
}

}  // namespace accord::model::internal
