// PII scrubbing of free text (issue 6, "Privacy"): before a narrative goes
// into a report's public form, e-mail addresses, phone numbers, IP addresses
// (which in a narrative are usually the victim's) and the personal names the
// submitter marked are cut out and replaced by a typed placeholder, so a
// reader still sees that something was there and what kind of thing it was:
//   "[email]"  "[phone]"  "[ip-address]"  "[name]"
//
// The patterns are RE2 (linear time, no stack growth; never std::regex, see
// ../shared/DEPENDENCIES.md gotcha 1), compiled once per process. They are
// deliberately conservative where a treaty narrative is full of look-alikes:
// dates ("2015-12-23", "23.12.2015"), years, ATT&CK ids ("T0813",
// "T1566.001"), CVE ids ("CVE-2021-44228"), version numbers ("4.2.1",
// "v2.1.0.5"), sector codes ("energy.electricity") and times ("15:30:00")
// are left alone. A phone number is recognised only in E.164 form
// ("+380 44 123 4567") or in a common national layout with separators
// ("(555) 123-4567", "555-123-4567", "030 1234 5678"); a bare run of digits
// is never taken for one. A four-part dotted quad of values 0..255 is taken
// for an IPv4 address even when it could be a version number written
// "version 1.2.3.4": leaking an address is worse than hiding a version.
//
// The result says how many of each kind were removed, never the values.
// Thread-safe: the compiled patterns are immutable after first use.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace accord::privacy {

// The largest text ScrubText accepts. A narrative holds at most 20,000 code
// points (docs/incident-report.md), at most 80,000 bytes of UTF-8; 128 KiB
// leaves room and bounds the work per request.
inline constexpr std::size_t kMaxScrubInputBytes = std::size_t{128} << 10;
// At most this many marked names, each at most kMaxMarkedNameBytes: the
// name search is linear in text size times names.
inline constexpr std::size_t kMaxMarkedNames = 100;
inline constexpr std::size_t kMaxMarkedNameBytes = 200;

// Scrubbing repeats its passes until one round changes nothing (see
// ScrubText); text that has not settled after this many rounds is refused.
// Real narratives settle in one or two rounds.
inline constexpr int kMaxScrubRounds = 8;

// The placeholders written in place of what was removed.
inline constexpr std::string_view kEmailPlaceholder = "[email]";
inline constexpr std::string_view kPhonePlaceholder = "[phone]";
inline constexpr std::string_view kIpAddressPlaceholder = "[ip-address]";
inline constexpr std::string_view kNamePlaceholder = "[name]";

// How many of each kind were replaced.
struct ScrubCounts {
  std::size_t emails = 0;
  std::size_t phones = 0;
  std::size_t ip_addresses = 0;  // IPv4 and IPv6, with or without a /prefix
  std::size_t names = 0;

  std::size_t total() const { return emails + phones + ip_addresses + names; }
  friend bool operator==(const ScrubCounts&, const ScrubCounts&) = default;
};

struct ScrubResult {
  std::string text;  // the input with every match replaced by its placeholder
  ScrubCounts counts;
};

// Scrubs `text`: e-mail addresses first, then IPv6, IPv4 and phone numbers,
// then each of `marked_names` (exact, case-sensitive, whole words; longer
// names first so "Anna Maria Ortiz" wins over "Anna Maria"; empty names are
// ignored). A match counts only when the bytes around it are not part of a
// larger token (a letter, digit, '_', '.', '-' or a non-ASCII byte), which
// is what keeps "CVE-2021-44228" and "1.2.3.4.5" whole.
// The passes repeat until a round replaces nothing, so the output contains
// nothing they would replace and ScrubText(output) returns it unchanged.
// Valid UTF-8 in gives valid UTF-8 out: every cut falls on ASCII bytes or on
// the ends of a name. Fails with kResourceExhausted when `text` exceeds
// kMaxScrubInputBytes or the names exceed kMaxMarkedNames /
// kMaxMarkedNameBytes, or when it has not settled after kMaxScrubRounds
// (failing closed: a caller cannot publish the text
// unscrubbed by accident).
core::Result<ScrubResult> ScrubText(std::string_view text,
                                    std::span<const std::string> marked_names = {});

}  // namespace accord::privacy
