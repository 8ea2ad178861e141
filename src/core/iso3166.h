// ISO 3166-1 country codes, read at run time from Debian's iso-codes package
// (/usr/share/iso-codes/json/iso_3166-1.json), which follows the ISO 3166
// Maintenance Agency. accord identifies every state and territory by its
// alpha-2 code ("UA"); alpha-3 and numeric codes are accepted at the edges
// (imports, STIX) and mapped to the same entry.
//
// The list is ISO's, not the agreement's: it includes territories that are
// not states (Aruba, Antarctica) and omits user-assigned codes such as XK,
// which the EU and others use for Kosovo. Whether an entry may be a Party is
// the registry's business, not this file's. docs/sectors.md explains the
// choice of source.
//
// A CountryRegistry is immutable once loaded, so any number of threads may
// read it at once. LoadedCountries() gives the process-wide instance.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace accord::core {

// One entry of ISO 3166-1. The codes are stored as the standard writes them:
// upper-case ASCII letters, and three digits with leading zeros ("004").
struct Country {
  std::string alpha_2;        // "UA"
  std::string alpha_3;        // "UKR"
  std::string numeric;        // "804"
  std::string name;           // "Ukraine"; the short name in iso-codes
  std::string official_name;  // empty when iso-codes has none
  std::string common_name;    // empty when iso-codes has none ("Taiwan")
  std::string flag;           // the regional-indicator emoji; may be empty
};

class CountryRegistry {
 public:
  // The file name inside the iso-codes JSON directory.
  static constexpr std::string_view kFileName = "iso_3166-1.json";
  // iso_3166-1.json of iso-codes 4.15 is 43 KB; a file 25 times larger is not
  // the list we expect and is refused before it is parsed.
  static constexpr std::uint64_t kMaxFileBytes = 1u << 20;

  // The directory the build was configured with (ACCORD_ISO_CODES_DIR,
  // /usr/share/iso-codes/json on Debian).
  static std::filesystem::path DefaultDir();

  // Reads `dir`/iso_3166-1.json and parses it with Parse(). Fails with
  // kNotFound if the file is missing (the message names the path and says to
  // install Debian's iso-codes package), kResourceExhausted if it is larger
  // than kMaxFileBytes, kUnavailable or kPermissionDenied on other I/O errors,
  // and kCorrupt as Parse() does. Every message names the path.
  static Result<CountryRegistry> Load(const std::filesystem::path& dir = DefaultDir());

  // Parses the iso-codes JSON form {"3166-1": [{alpha_2, alpha_3, numeric,
  // name, [official_name], [common_name], [flag]}, ...]}. Unknown members are
  // ignored, so that a newer iso-codes still loads. Fails with kCorrupt when
  // the text is not JSON, the shape is wrong, a field is missing or malformed,
  // or a code appears twice; the message names the entry as "3166-1"[index]
  // and the field.
  static Result<CountryRegistry> Parse(std::string_view json_text);

  // Looks up an alpha-2 code ("UA"). Fails with kInvalidArgument if `code` is
  // not two ASCII letters, or is not upper case (the message gives the
  // upper-case form: codes are compared, hashed and logged byte for byte, so
  // accord accepts exactly one spelling), and with kNotFound if no entry has
  // it (user-assigned codes such as XK are named as such).
  // The pointer is valid for the lifetime of this registry.
  Result<const Country*> FindAlpha2(std::string_view code) const;
  // The same for alpha-3 codes ("UKR").
  Result<const Country*> FindAlpha3(std::string_view code) const;
  // The same for numeric codes, which must be three digits ("004", not "4").
  Result<const Country*> FindNumeric(std::string_view code) const;

  // Every entry, sorted by alpha-2 code.
  std::span<const Country> countries() const { return countries_; }
  std::size_t size() const { return countries_.size(); }

 private:
  // Slot value meaning "no entry has this code".
  static constexpr std::int16_t kNoEntry = -1;

  CountryRegistry() = default;

  std::vector<Country> countries_;
  // Direct-address tables from a code to its index in `countries_`: 26*26
  // alpha-2 slots, 26^3 alpha-3 slots, 1000 numeric slots. A lookup is one
  // array read, which matters because every log entry names a state.
  std::vector<std::int16_t> by_alpha_2_;
  std::vector<std::int16_t> by_alpha_3_;
  std::vector<std::int16_t> by_numeric_;
};

// The registry of DefaultDir(), loaded on first use and kept for the life of
// the process; safe to call from any thread. If loading failed, every call
// returns that same error: call it at start-up so that a missing iso-codes
// package stops the node with a clear message instead of failing requests.
Result<const CountryRegistry*> LoadedCountries();

}  // namespace accord::core
