#include "model/internal/indicator_value.h"

#include <arpa/inet.h>

#include <cstddef>

#include "model/internal/field_reader.h"

namespace accord::model::internal {
namespace {

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::string HashProblem(std::string_view value, std::size_t digits, std::string_view name) {
  bool ok = value.size() == digits;
  for (std::size_t i = 0; ok && i < value.size(); ++i) ok = IsHex(value[i]);
  if (ok) return "";
  return "expected " + std::to_string(digits) + " hexadecimal digits for a " + std::string(name) +
         " hash, found " + Quote(value);
}

// An address as inet_pton(3) reads it (POSIX: dotted decimal for IPv4, RFC
// 4291 section 2.2 text for IPv6), optionally followed by "/prefix" as in
// STIX 2.1's ipv4-addr and ipv6-addr values (sections 6.4 and 6.5).
bool IsAddress(std::string_view value, int family, int max_prefix) {
  std::string address(value);
  const std::size_t slash = address.find('/');
  if (slash != std::string::npos) {
    const std::string_view prefix = value.substr(slash + 1);
    if (prefix.empty() || prefix.size() > 3 || (prefix.size() > 1 && prefix[0] == '0')) {
      return false;
    }
    int bits = 0;
    for (char c : prefix) {
      if (c < '0' || c > '9') return false;
      bits = bits * 10 + (c - '0');
    }
    if (bits > max_prefix) return false;
    address.resize(slash);
  }
  // inet_pton reads up to the first NUL: one inside the value must not
  // hide what follows it.
  if (address.find('\0') != std::string::npos) return false;
  unsigned char buffer[16];
  return ::inet_pton(family, address.c_str(), buffer) == 1;
}

}  // namespace

std::string IndicatorValueProblem(IndicatorType type, std::string_view value) {
  switch (type) {
    case IndicatorType::kSha256:
      return HashProblem(value, 64, "sha256");
    case IndicatorType::kSha1:
      return HashProblem(value, 40, "sha1");
    case IndicatorType::kMd5:
      return HashProblem(value, 32, "md5");
    case IndicatorType::kIpv4:
      if (IsAddress(value, AF_INET, 32)) return "";
      return "expected an IPv4 address such as \"192.0.2.1\" or \"192.0.2.0/24\", found " +
             Quote(value);
    case IndicatorType::kIpv6:
      if (IsAddress(value, AF_INET6, 128)) return "";
      return "expected an IPv6 address such as \"2001:db8::1\" or \"2001:db8::/32\", found " +
             Quote(value);
    case IndicatorType::kDomain:
    case IndicatorType::kUrl:
    case IndicatorType::kFileName:
    case IndicatorType::kEmail:
      return "";
  }
  return "";
}

}  // namespace accord::model::internal
