#include "core/iso3166.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include <boost/json.hpp>

#include "core/encoding.h"
#include "core/file_io.h"

#ifndef ACCORD_ISO_CODES_DIR
#error "ACCORD_ISO_CODES_DIR must name the iso-codes JSON directory (see src/core/CMakeLists.txt)"
#endif

namespace accord::core {
namespace {

namespace json = boost::json;

constexpr std::size_t kAlpha2Slots = 26 * 26;
constexpr std::size_t kAlpha3Slots = 26 * 26 * 26;
constexpr std::size_t kNumericSlots = 1000;
// Enough of a rejected input to recognise it in a message, not enough to
// flood a log with a hostile one.
constexpr std::size_t kMaxQuotedBytes = 40;

// Quotes untrusted text for an error message (core/encoding.h): control
// and non-ASCII bytes become \xNN, long input is cut.
std::string Quote(std::string_view text) { return QuoteForMessage(text, kMaxQuotedBytes); }

bool IsUpper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool IsLower(char c) {
  return c >= 'a' && c <= 'z';
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// Slot of an upper-case code in a base-26 direct-address table.
// REQUIRES: every character of `code` is A-Z.
std::size_t LetterSlot(std::string_view code) {
  std::size_t slot = 0;
  for (char c : code) slot = slot * 26 + static_cast<std::size_t>(c - 'A');
  return slot;
}

// REQUIRES: `code` is three digits.
std::size_t NumericSlot(std::string_view code) {
  return static_cast<std::size_t>((code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0'));
}

bool AllUpper(std::string_view text) {
  return std::all_of(text.begin(), text.end(), IsUpper);
}
bool AllDigits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), IsDigit);
}

// ISO 3166-1 leaves these code elements to users; no country will ever get
// them, and iso-codes lists none. XK (Kosovo) is the case a treaty meets
// first. alpha-2: AA, QM-QZ, XA-XZ, ZZ; alpha-3: AAA-AAZ, QMA-QZZ, XAA-XZZ,
// ZZA-ZZZ; numeric: 900-999.
bool IsUserAssignedLetters(std::string_view code) {
  char first = code[0];
  char second = code[1];
  if (first == 'X') return true;
  if (first == 'Q') return second >= 'M';
  if (first == 'A') return second == 'A';
  if (first == 'Z') return second == 'Z';
  return false;
}

// Checks that `code` is `width` ASCII letters in upper case, the only
// spelling accord accepts. `kind` is "alpha-2" or "alpha-3".
// The fast path (a well-formed code) allocates nothing; messages are built
// only on failure.
Status CheckLetterCode(std::string_view kind, std::string_view code, std::size_t width) {
  auto subject = [&] { return std::string(kind) + " code " + Quote(code); };
  if (code.size() != width) {
    std::string message = subject() + ": is " + std::to_string(code.size()) +
                          " bytes long, expected " + std::to_string(width) + " letters";
    if (width == 2 && code.size() == 3 && AllUpper(code))
      message += " (this looks like an alpha-3 code)";
    if (width == 3 && code.size() == 2 && AllUpper(code))
      message += " (this looks like an alpha-2 code)";
    return InvalidArgument(std::move(message));
  }
  bool has_lower = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (IsLower(code[i])) {
      has_lower = true;
    } else if (!IsUpper(code[i])) {
      return InvalidArgument(subject() + ": character " + std::to_string(i + 1) +
                             " is not a letter A-Z");
    }
  }
  if (has_lower) {
    // Codes are compared, hashed and committed to the log byte for byte:
    // accepting "ua" beside "UA" would split one state's statistics in two.
    std::string upper(code);
    for (char& c : upper)
      if (IsLower(c)) c = static_cast<char>(c - 'a' + 'A');
    return InvalidArgument(subject() + ": ISO 3166-1 codes are upper case, use " + Quote(upper));
  }
  return Ok();
}

Error UnknownLetterCode(std::string_view kind, std::string_view code) {
  std::string message = std::string(kind) + " code " + Quote(code) + ": ";
  if (IsUserAssignedLetters(code)) {
    message +=
        "a user-assigned code, not part of ISO 3166-1; accord accepts only "
        "codes of the standard";
  } else {
    message += "not assigned in ISO 3166-1";
  }
  return NotFound(std::move(message));
}

// What the parser needs to say where a problem is: "3166-1"[17].
std::string EntryName(std::size_t index) {
  return "\"3166-1\"[" + std::to_string(index) + "]";
}

enum class Presence { kRequired, kOptional };

// Reads string member `field` of entry `index`. An absent optional field
// reads as empty.
Result<std::string_view> StringField(const json::object& entry, std::size_t index,
                                     std::string_view field, Presence presence) {
  const json::value* value = entry.if_contains(field);
  if (value == nullptr) {
    if (presence == Presence::kOptional) return std::string_view();
    return Corrupt(EntryName(index) + ": field \"" + std::string(field) + "\": missing");
  }
  const json::string* text = value->if_string();
  if (text == nullptr)
    return Corrupt(EntryName(index) + ": field \"" + std::string(field) + "\": expected a string");
  return std::string_view(text->data(), text->size());
}

Error BadField(std::size_t index, std::string_view field, std::string_view value,
               std::string_view reason) {
  return Corrupt(EntryName(index) + ": field \"" + std::string(field) + "\": " + Quote(value) +
                 " " + std::string(reason));
}

// Converts entry `index` of the list, checking each code's form.
Result<Country> ParseEntry(const json::value& value, std::size_t index) {
  const json::object* entry = value.if_object();
  if (entry == nullptr) return Corrupt(EntryName(index) + ": expected an object");

  auto alpha_2 = StringField(*entry, index, "alpha_2", Presence::kRequired);
  if (!alpha_2) return alpha_2.error();
  if (alpha_2->size() != 2 || !AllUpper(*alpha_2))
    return BadField(index, "alpha_2", *alpha_2, "is not two upper-case letters A-Z");

  auto alpha_3 = StringField(*entry, index, "alpha_3", Presence::kRequired);
  if (!alpha_3) return alpha_3.error();
  if (alpha_3->size() != 3 || !AllUpper(*alpha_3))
    return BadField(index, "alpha_3", *alpha_3, "is not three upper-case letters A-Z");

  // iso-codes keeps the numeric code as a string so that "004" keeps its
  // zeros; a JSON number here would be a different (and lossy) format.
  auto numeric = StringField(*entry, index, "numeric", Presence::kRequired);
  if (!numeric) return numeric.error();
  if (numeric->size() != 3 || !AllDigits(*numeric))
    return BadField(index, "numeric", *numeric, "is not three digits");

  auto name = StringField(*entry, index, "name", Presence::kRequired);
  if (!name) return name.error();
  if (name->empty()) return BadField(index, "name", *name, "is empty");

  auto official_name = StringField(*entry, index, "official_name", Presence::kOptional);
  if (!official_name) return official_name.error();
  auto common_name = StringField(*entry, index, "common_name", Presence::kOptional);
  if (!common_name) return common_name.error();
  auto flag = StringField(*entry, index, "flag", Presence::kOptional);
  if (!flag) return flag.error();

  return Country{.alpha_2 = std::string(*alpha_2),
                 .alpha_3 = std::string(*alpha_3),
                 .numeric = std::string(*numeric),
                 .name = std::string(*name),
                 .official_name = std::string(*official_name),
                 .common_name = std::string(*common_name),
                 .flag = std::string(*flag)};
}

// Records `position` for `slot`, or names the earlier entry that holds it.
// `file_index_of` maps a position in the sorted list back to its index in
// the file, which is what a person editing the file needs.
Status Claim(std::vector<std::int16_t>& table, std::size_t slot, std::size_t position,
             const std::vector<std::size_t>& file_index_of, std::string_view field,
             std::string_view code) {
  if (table[slot] >= 0) {
    std::size_t earlier = file_index_of[static_cast<std::size_t>(table[slot])];
    std::size_t later = file_index_of[position];
    if (earlier > later) std::swap(earlier, later);
    return Corrupt(EntryName(later) + ": field \"" + std::string(field) + "\": " + Quote(code) +
                   " duplicates " + EntryName(earlier));
  }
  table[slot] = static_cast<std::int16_t>(position);
  return Ok();
}

}  // namespace

std::filesystem::path CountryRegistry::DefaultDir() {
  return ACCORD_ISO_CODES_DIR;
}

Result<CountryRegistry> CountryRegistry::Load(const std::filesystem::path& dir) {
  std::filesystem::path path = dir / kFileName;
  auto text = ReadFile(path, kMaxFileBytes);
  if (!text) {
    if (text.error().code == ErrorCode::kNotFound) {
      return NotFound("ISO 3166-1 list " + path.string() +
                      " not found: install Debian's iso-codes package "
                      "(apt-get install iso-codes)");
    }
    return text.error().Context("load ISO 3166-1 list");
  }
  auto registry = Parse(*text);
  if (!registry) return registry.error().Context("load ISO 3166-1 list " + path.string());
  return registry;
}

Result<CountryRegistry> CountryRegistry::Parse(std::string_view json_text) {
  // parser::write is the non-throwing form, and unlike json::parse it tells
  // how far it got, so the message can point at the byte.
  json::parser parser;
  boost::system::error_code ec;
  std::size_t consumed = parser.write(json_text.data(), json_text.size(), ec);
  if (ec) {
    return Corrupt("invalid JSON at byte " + std::to_string(consumed) + ": " + ec.message());
  }
  json::value root = parser.release();

  const json::object* top = root.if_object();
  if (top == nullptr) return Corrupt("top level: expected an object with member \"3166-1\"");
  const json::value* list_value = top->if_contains("3166-1");
  if (list_value == nullptr) return Corrupt("top level: member \"3166-1\" is missing");
  const json::array* list = list_value->if_array();
  if (list == nullptr) return Corrupt("\"3166-1\": expected an array");
  if (list->empty()) return Corrupt("\"3166-1\": the list is empty");

  CountryRegistry registry;
  registry.countries_.reserve(list->size());
  std::vector<std::size_t> file_index_of;  // position after sorting -> file index
  for (std::size_t index = 0; index < list->size(); ++index) {
    auto country = ParseEntry((*list)[index], index);
    if (!country) return country.error();
    registry.countries_.push_back(std::move(*country));
    file_index_of.push_back(index);
  }

  // Sort by alpha-2 so that listings do not depend on the order upstream
  // happens to keep (iso-codes sorts by alpha-3). Sort the file indexes
  // alongside so duplicate errors can still name entries as in the file.
  std::vector<std::size_t> order(registry.countries_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return registry.countries_[a].alpha_2 < registry.countries_[b].alpha_2;
  });
  std::vector<Country> sorted;
  std::vector<std::size_t> sorted_file_index;
  sorted.reserve(order.size());
  for (std::size_t i : order) {
    sorted.push_back(std::move(registry.countries_[i]));
    sorted_file_index.push_back(file_index_of[i]);
  }
  registry.countries_ = std::move(sorted);

  // Every alpha-2 code is distinct (checked below), so there are at most 676
  // entries and a position always fits the int16 slots.
  registry.by_alpha_2_.assign(kAlpha2Slots, kNoEntry);
  registry.by_alpha_3_.assign(kAlpha3Slots, kNoEntry);
  registry.by_numeric_.assign(kNumericSlots, kNoEntry);
  for (std::size_t position = 0; position < registry.countries_.size(); ++position) {
    const Country& country = registry.countries_[position];
    if (auto claimed = Claim(registry.by_alpha_2_, LetterSlot(country.alpha_2), position,
                             sorted_file_index, "alpha_2", country.alpha_2);
        !claimed)
      return claimed.error();
    if (auto claimed = Claim(registry.by_alpha_3_, LetterSlot(country.alpha_3), position,
                             sorted_file_index, "alpha_3", country.alpha_3);
        !claimed)
      return claimed.error();
    if (auto claimed = Claim(registry.by_numeric_, NumericSlot(country.numeric), position,
                             sorted_file_index, "numeric", country.numeric);
        !claimed)
      return claimed.error();
  }
  return registry;
}

Result<const Country*> CountryRegistry::FindAlpha2(std::string_view code) const {
  if (auto valid = CheckLetterCode("alpha-2", code, 2); !valid) return valid.error();
  std::int16_t position = by_alpha_2_[LetterSlot(code)];
  if (position == kNoEntry) return UnknownLetterCode("alpha-2", code);
  return &countries_[static_cast<std::size_t>(position)];
}

Result<const Country*> CountryRegistry::FindAlpha3(std::string_view code) const {
  if (auto valid = CheckLetterCode("alpha-3", code, 3); !valid) return valid.error();
  std::int16_t position = by_alpha_3_[LetterSlot(code)];
  if (position == kNoEntry) return UnknownLetterCode("alpha-3", code);
  return &countries_[static_cast<std::size_t>(position)];
}

Result<const Country*> CountryRegistry::FindNumeric(std::string_view code) const {
  auto subject = [&] { return "numeric code " + Quote(code); };
  if (code.size() != 3 || !AllDigits(code)) {
    std::string message = subject() + ": expected three digits";
    if (!code.empty() && code.size() < 3 && AllDigits(code)) {
      // "4" for Afghanistan is a common slip when a code went through a
      // number type; the standard form keeps the zeros.
      message += " with leading zeros, use " +
                 Quote(std::string(3 - code.size(), '0') + std::string(code));
    }
    return InvalidArgument(std::move(message));
  }
  std::int16_t position = by_numeric_[NumericSlot(code)];
  if (position == kNoEntry) {
    if (code[0] == '9')
      return NotFound(subject() +
                      ": a user-assigned code, not part of ISO 3166-1; accord "
                      "accepts only codes of the standard");
    return NotFound(subject() + ": not assigned in ISO 3166-1");
  }
  return &countries_[static_cast<std::size_t>(position)];
}

Result<const CountryRegistry*> LoadedCountries() {
  // A function-local static is initialised exactly once even when threads
  // race to the first call ([stmt.dcl]/4), and the result, failure included,
  // is kept: a node whose iso-codes is missing keeps saying so. It is never
  // destroyed, so a thread still running at exit cannot see it torn down.
  static const Result<CountryRegistry>* const loaded =
      new Result<CountryRegistry>(CountryRegistry::Load());
  if (!*loaded) return loaded->error();
  return &loaded->value();
}

}  // namespace accord::core
