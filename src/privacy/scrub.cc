#include "privacy/scrub.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "core/error.h"

namespace accord::privacy {
namespace {

// RFC 5322's dot-atom local part, simplified to the characters real
// addresses use, and a domain with at least one dot and an alphabetic TLD.
constexpr char kEmailPattern[] =
    R"([A-Za-z0-9._%+\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)"
    R"((?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,63})";

// Each octet 0..255 without leading zeros, an optional CIDR prefix.
constexpr char kIpv4Pattern[] =
    R"((?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3})"
    R"((?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]))"
    R"((?:/(?:3[0-2]|[12]?[0-9]))?)";

// A candidate only: hex groups with at least two colons and an optional
// dotted IPv4 tail (RFC 4291 section 2.2, forms 1 to 3). Whether it is an
// address is decided by inet_pton, which knows the "::" rules; this keeps
// the pattern small and the decision exact.
constexpr char kIpv6CandidatePattern[] =
    R"([0-9A-Fa-f:]*:[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*(?:/[0-9]{1,3})?)";

// E.164 (ITU-T E.164: "+", country code, at most 15 digits in all), with
// single separators or a parenthesised area code; the digit count is
// checked after matching. Then three national layouts that need their
// separators: (area) nnn-nnnn, North American nnn-nnn-nnnn / nnn.nnn.nnnn
// with an optional leading 1, European trunk-prefixed 0aa[a] nnn[n] nnn[n],
// and the 00 international prefix.
constexpr char kPhonePattern[] =
    R"(\+[1-9](?:[ .\-]?[0-9]|[ .\-]?\([0-9]{1,4}\)){6,18})"
    R"(|\(0?[0-9]{2,4}\)[ \-]?[0-9]{3,4}[ \-][0-9]{3,4})"
    R"(|(?:1-)?[2-9][0-9]{2}-[0-9]{3}-[0-9]{4})"
    R"(|(?:1\.)?[2-9][0-9]{2}\.[0-9]{3}\.[0-9]{4})"
    R"(|0[1-9][0-9]{1,3}[ /\-][0-9]{3,4}[ \-][0-9]{3,4})"
    R"(|00[1-9][0-9]{0,3}(?:[ \-][0-9]{2,4}){2,5})";

// E.164 section 6: at most 15 digits; fewer than 8 is not a phone number
// anyone dials internationally, and is more often a date or a count.
constexpr std::size_t kMinPhoneDigits = 8;
constexpr std::size_t kMaxPhoneDigits = 15;

struct Patterns {
  RE2 email{kEmailPattern};
  RE2 ipv4{kIpv4Pattern};
  RE2 ipv6_candidate{kIpv6CandidatePattern};
  RE2 phone{kPhonePattern};
};

const Patterns& CompiledPatterns() {
  static const Patterns* const patterns = [] {
    auto* compiled = new Patterns();
    // A pattern that does not compile is our bug, found by any test.
    if (!compiled->email.ok() || !compiled->ipv4.ok() || !compiled->ipv6_candidate.ok() ||
        !compiled->phone.ok()) {
      std::abort();
    }
    return compiled;
  }();
  return *patterns;
}

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// A byte that can be part of a word: letters, digits, '_' and any byte of a
// multi-byte UTF-8 sequence (so a name is not found inside "Müller").
bool IsWordByte(char c) {
  return IsAsciiAlnum(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

// Whether [begin, end) of `text` stands alone as a number-like token: the
// byte before is not part of a word, a dotted or dashed chain ("CVE-2021-",
// "1.2.3.4.5"), and the byte after is not part of a word, nor a '.' or '-'
// that continues the token with another word byte (or a placeholder's '[').
// A '.' that ends a sentence is fine, and so are a port (":502") or a path
// ("/admin") after an address.
bool StandsAlone(std::string_view text, std::size_t begin, std::size_t end) {
  if (begin > 0) {
    const char before = text[begin - 1];
    // A ']' before (or '[' after) is the edge of a placeholder: a token
    // glued to it was glued to a word before that word was replaced, and
    // must be judged the same way in a second pass.
    if (IsWordByte(before) || before == '.' || before == '-' || before == '+' || before == ':' ||
        before == '@' || before == ']') {
      return false;
    }
  }
  if (end < text.size()) {
    const char after = text[end];
    if (IsWordByte(after) || after == '[') return false;
    if ((after == '.' || after == '-') && end + 1 < text.size() &&
        (IsWordByte(text[end + 1]) || text[end + 1] == '[')) {
      return false;
    }
  }
  return true;
}

bool IsPhone(std::string_view match) {
  const auto digits = static_cast<std::size_t>(
      std::count_if(match.begin(), match.end(), [](char c) { return c >= '0' && c <= '9'; }));
  return digits >= kMinPhoneDigits && digits <= kMaxPhoneDigits;
}

bool IsIpv6(std::string_view candidate) {
  const std::size_t slash = candidate.find('/');
  std::string address(candidate.substr(0, slash));
  if (slash != std::string_view::npos) {
    const std::string_view prefix = candidate.substr(slash + 1);
    if (prefix.empty() || prefix.size() > 3) return false;
    int bits = 0;
    for (char c : prefix) bits = bits * 10 + (c - '0');
    if (bits > 128) return false;
  }
  in6_addr parsed;
  return inet_pton(AF_INET6, address.c_str(), &parsed) == 1;
}

// Replaces every match of `pattern` in `text` that `accept` approves (given
// the text and the match's bounds; it may shorten `end`) by `placeholder`.
// After a rejected match the search resumes at its end, so the whole pass is
// linear in the text: a rejected token is a token that is not PII as a whole.
std::string ReplaceMatches(
    const RE2& pattern, std::string_view text, std::string_view placeholder, std::size_t& count,
    const std::function<bool(std::string_view, std::size_t, std::size_t&)>& accept) {
  std::string out;
  out.reserve(text.size());
  const re2::StringPiece input(text.data(), text.size());
  std::size_t copied = 0;
  std::size_t position = 0;
  re2::StringPiece match;
  while (position < text.size() &&
         pattern.Match(input, position, text.size(), RE2::UNANCHORED, &match, 1)) {
    const auto begin = static_cast<std::size_t>(match.data() - text.data());
    std::size_t end = begin + match.size();
    if (match.empty()) {
      position = begin + 1;
      continue;
    }
    if (accept(text, begin, end)) {
      out.append(text.substr(copied, begin - copied));
      out.append(placeholder);
      copied = end;
      ++count;
    }
    position = std::max(end, begin + 1);
  }
  out.append(text.substr(copied));
  return out;
}

// Whether [begin, end) lies inside a placeholder an earlier pass wrote, so
// that a marked name such as "ip" never rewrites "[ip-address]".
bool InsidePlaceholder(std::string_view text, std::size_t begin, std::size_t end) {
  constexpr std::string_view kPlaceholders[] = {kEmailPlaceholder, kPhonePlaceholder,
                                                kIpAddressPlaceholder, kNamePlaceholder};
  const std::size_t look_back = std::min(begin, kIpAddressPlaceholder.size());
  for (std::size_t start = begin - look_back; start <= begin; ++start) {
    if (text[start] != '[') continue;
    for (std::string_view placeholder : kPlaceholders) {
      if (text.substr(start, placeholder.size()) == placeholder &&
          start + placeholder.size() >= end) {
        return true;
      }
    }
  }
  return false;
}

std::string ReplaceNames(std::string_view text, std::span<const std::string> names,
                         std::size_t& count) {
  std::vector<std::string_view> ordered;
  for (const std::string& name : names) {
    if (!name.empty()) ordered.push_back(name);
  }
  // Longest first, so a full name is replaced before a part of it.
  std::sort(ordered.begin(), ordered.end(),
            [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
  std::string current(text);
  for (std::string_view name : ordered) {
    std::string out;
    std::size_t copied = 0;
    std::size_t position = 0;
    while ((position = current.find(name, position)) != std::string::npos) {
      const std::size_t end = position + name.size();
      const bool word_before = position > 0 && IsWordByte(current[position - 1]);
      const bool word_after = end < current.size() && IsWordByte(current[end]);
      if (word_before || word_after || InsidePlaceholder(current, position, end)) {
        ++position;
        continue;
      }
      out.append(current, copied, position - copied);
      out.append(kNamePlaceholder);
      copied = end;
      position = end;
      ++count;
    }
    if (copied == 0) continue;
    out.append(current, copied);
    current = std::move(out);
  }
  return current;
}

std::string ScrubRound(std::string_view text, std::span<const std::string> marked_names,
                       ScrubCounts& counts) {
  const Patterns& patterns = CompiledPatterns();
  // E-mail first: its domain may hold what looks like an address or digits.
  std::string current =
      ReplaceMatches(patterns.email, text, kEmailPlaceholder, counts.emails,
                     [](std::string_view, std::size_t, std::size_t&) { return true; });
  current = ReplaceMatches(patterns.ipv6_candidate, current, kIpAddressPlaceholder,
                           counts.ip_addresses,
                           [](std::string_view in, std::size_t begin, std::size_t& end) {
                             // A sentence may end right after the address.
                             while (end > begin && in[end - 1] == '.') --end;
                             return StandsAlone(in, begin, end) &&
                                    IsIpv6(in.substr(begin, end - begin));
                           });
  current = ReplaceMatches(patterns.ipv4, current, kIpAddressPlaceholder, counts.ip_addresses,
                           [](std::string_view in, std::size_t begin, std::size_t& end) {
                             return StandsAlone(in, begin, end);
                           });
  current = ReplaceMatches(patterns.phone, current, kPhonePlaceholder, counts.phones,
                           [](std::string_view in, std::size_t begin, std::size_t& end) {
                             return StandsAlone(in, begin, end) &&
                                    IsPhone(in.substr(begin, end - begin));
                           });
  return ReplaceNames(current, marked_names, counts.names);
}

}  // namespace

core::Result<ScrubResult> ScrubText(std::string_view text,
                                    std::span<const std::string> marked_names) {
  if (text.size() > kMaxScrubInputBytes) {
    return core::ResourceExhausted("scrub text: " + std::to_string(text.size()) +
                                   " bytes, more than the limit of " +
                                   std::to_string(kMaxScrubInputBytes));
  }
  if (marked_names.size() > kMaxMarkedNames) {
    return core::ResourceExhausted("scrub text: " + std::to_string(marked_names.size()) +
                                   " marked names, more than the limit of " +
                                   std::to_string(kMaxMarkedNames));
  }
  for (std::size_t i = 0; i < marked_names.size(); ++i) {
    if (marked_names[i].size() > kMaxMarkedNameBytes) {
      return core::ResourceExhausted("scrub text: marked name " + std::to_string(i) + ": " +
                                     std::to_string(marked_names[i].size()) +
                                     " bytes, more than the limit of " +
                                     std::to_string(kMaxMarkedNameBytes));
    }
  }
  // One round of every pass. A replacement can change what a neighbouring
  // token is glued to (a rejected "3::/80.0.0.0" loses its IPv4 tail and
  // "3::" then stands alone), so rounds repeat until one changes nothing:
  // the output then holds nothing the patterns would replace, and scrubbing
  // it again is the identity. Each replacement consumes original text that
  // no later round can match again, so rounds end; real text settles in one
  // or two, and kMaxScrubRounds bounds the work on adversarial input.
  ScrubResult result;
  result.text = std::string(text);
  for (int round = 0;; ++round) {
    if (round == kMaxScrubRounds) {
      return core::ResourceExhausted("scrub text: still changing after " +
                                     std::to_string(kMaxScrubRounds) + " rounds");
    }
    const std::size_t before = result.counts.total();
    result.text = ScrubRound(result.text, marked_names, result.counts);
    if (result.counts.total() == before) break;
  }
  return result;
}

}  // namespace accord::privacy
