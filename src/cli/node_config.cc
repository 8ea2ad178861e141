#include "cli/node_config.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstdio>

#include <toml++/toml.h>

namespace accord::cli {
namespace {

core::Error ConfigError(std::string_view source, std::string_view key, std::string reason) {
  return core::InvalidArgument(std::string(source) + ": " + std::string(key) + ": " +
                               std::move(reason));
}

// `text` as a TOML basic string with its quotes (TOML 1.0, "String"): '"',
// '\\' and control characters must be escaped, everything else may stand.
std::string TomlBasicString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04X", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

std::string ListenAddress::ToString() const {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

core::Result<ListenAddress> ParseListenAddress(std::string_view text) {
  auto fail = [&](std::string reason) {
    return core::InvalidArgument("listen address \"" + std::string(text) + "\": " +
                                 std::move(reason));
  };
  ListenAddress address;
  std::string_view port_text;
  bool bracketed = !text.empty() && text.front() == '[';
  if (bracketed) {
    std::size_t close = text.find(']');
    if (close == std::string_view::npos) return fail("missing ']' after the IPv6 address");
    address.host = std::string(text.substr(1, close - 1));
    if (close + 1 >= text.size() || text[close + 1] != ':')
      return fail("expected ':PORT' after ']'");
    port_text = text.substr(close + 2);
  } else {
    std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return fail("expected HOST:PORT, e.g. 127.0.0.1:8080");
    address.host = std::string(text.substr(0, colon));
    if (address.host.find(':') != std::string::npos)
      return fail("write an IPv6 address in brackets, e.g. [::1]:8080");
    port_text = text.substr(colon + 1);
  }
  if (address.host.empty()) return fail("the host is empty");
  // inet_pton takes exactly the RFC 3986 section 3.2.2 forms: dotted-quad
  // IPv4address, and IPv6address (RFC 4291 section 2.2) inside brackets. A
  // character check alone would pass names such as "cafe" or "dead.beef".
  if (bracketed) {
    in6_addr v6{};
    if (::inet_pton(AF_INET6, address.host.c_str(), &v6) != 1)
      return fail("the host in brackets must be an IPv6 address, e.g. [::1]:8080");
  } else {
    in_addr v4{};
    if (::inet_pton(AF_INET, address.host.c_str(), &v4) != 1)
      return fail("the host must be an IP address, e.g. 127.0.0.1");
  }
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port_text.empty() ||
      port > 65535)
    return fail("the port must be a number from 0 to 65535");
  address.port = static_cast<std::uint16_t>(port);
  return address;
}

core::Status ValidateOrigin(std::string_view origin) {
  if (origin.empty()) return core::InvalidArgument("origin: must not be empty");
  for (std::size_t i = 0; i < origin.size(); ++i) {
    auto c = static_cast<unsigned char>(origin[i]);
    if (c <= 0x20 || c >= 0x7f)
      return core::InvalidArgument("origin \"" + std::string(origin) + "\": byte " +
                                   std::to_string(i) +
                                   " is a space, control or non-ASCII character");
    if (c == '+')
      return core::InvalidArgument("origin \"" + std::string(origin) +
                                   "\": '+' is not allowed in a key name (C2SP signed-note)");
  }
  return core::Ok();
}

core::Result<NodeConfig> ParseNodeConfig(std::string_view toml_text, std::string_view source) {
  toml::table table;
  try {
    table = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    return core::InvalidArgument(std::string(source) + ": line " + std::to_string(where.line) +
                                 ", column " + std::to_string(where.column) + ": " +
                                 std::string(e.description()));
  }

  // Every key we know, so that a misspelt one is an error, not a default.
  for (const auto& [section, node] : table) {
    if (section != "node" && section != "http" && section != "notifications" && section != "cases")
      return ConfigError(source, section.str(),
                         "unknown section (expected [node], [http], [notifications] or [cases])");
    if (!node.is_table()) return ConfigError(source, section.str(), "must be a table");
    for (const auto& [key, value] : *node.as_table()) {
      (void)value;
      bool known = section == "node"           ? key == "origin"
                   : section == "notifications" ? (key == "urgent_seconds" || key == "normal_seconds" ||
                                                   key == "ping_seconds")
                   : section == "cases" ? (key == "information_response_seconds" ||
                                           key == "panel_appointment_seconds" || key == "appeal_window_seconds")
                                                : (key == "listen" || key == "max_body_bytes" ||
                                                   key == "threads" || key == "rate_limit_per_second" ||
                                                   key == "rate_limit_burst");
      if (!known)
        return ConfigError(source, std::string(section.str()) + "." + std::string(key.str()),
                           "unknown key");
    }
  }

  NodeConfig config;
  auto origin_node = table["node"]["origin"];
  if (!origin_node) return ConfigError(source, "node.origin", "missing (a string is required)");
  auto origin = origin_node.value_exact<std::string>();
  if (!origin) return ConfigError(source, "node.origin", "must be a string");
  if (auto valid = ValidateOrigin(*origin); !valid)
    return ConfigError(source, "node.origin", valid.error().message);
  config.origin = *origin;

  if (auto node = table["http"]["listen"]; node) {
    auto text = node.value_exact<std::string>();
    if (!text) return ConfigError(source, "http.listen", "must be a string like \"127.0.0.1:8080\"");
    auto listen = ParseListenAddress(*text);
    if (!listen) return ConfigError(source, "http.listen", listen.error().message);
    config.listen = *listen;
  }
  // value_exact: toml++'s value<int64_t>() would also take true (as 1) and
  // 2.0 (as 2); TOML's booleans and floats are not integers.
  if (auto node = table["http"]["max_body_bytes"]; node) {
    auto value = node.value_exact<std::int64_t>();
    if (!value || *value < 1024 || *value > (std::int64_t{256} << 20))
      return ConfigError(source, "http.max_body_bytes",
                         "must be an integer from 1024 to 268435456");
    config.max_body_bytes = static_cast<std::uint64_t>(*value);
  }
  if (auto node = table["http"]["threads"]; node) {
    auto value = node.value_exact<std::int64_t>();
    if (!value || *value < 1 || *value > 256)
      return ConfigError(source, "http.threads", "must be an integer from 1 to 256");
    config.http_threads = static_cast<int>(*value);
  }
  if (auto node = table["http"]["rate_limit_per_second"]; node) {
    auto value = node.value_exact<std::int64_t>();
    if (!value || *value < 0 || *value > 1000000)
      return ConfigError(source, "http.rate_limit_per_second",
                         "must be an integer from 0 (no limit) to 1000000");
    config.rate_limit_per_second = *value;
  }
  if (auto node = table["http"]["rate_limit_burst"]; node) {
    auto value = node.value_exact<std::int64_t>();
    if (!value || *value < 1 || *value > 1000000)
      return ConfigError(source, "http.rate_limit_burst", "must be an integer from 1 to 1000000");
    config.rate_limit_burst = *value;
  }
  // [notifications]: acknowledgment windows (docs/notifications.md).
  struct Window {
    const char* key;
    std::int64_t* out;
  };
  for (const Window& window : {Window{"urgent_seconds", &config.notification_urgent_seconds},
                               Window{"normal_seconds", &config.notification_normal_seconds},
                               Window{"ping_seconds", &config.notification_ping_seconds}}) {
    if (auto node = table["notifications"][window.key]; node) {
      auto value = node.value_exact<std::int64_t>();
      if (!value || *value < 1 || *value > 366 * 24 * 3600)
        return ConfigError(source, std::string("notifications.") + window.key,
                           "must be an integer number of seconds from 1 to 31622400 (366 days)");
      *window.out = *value;
    }
  }
  // [cases]: stage deadlines (docs/grievance.md).
  for (const Window& window : {Window{"information_response_seconds", &config.case_information_response_seconds},
                               Window{"panel_appointment_seconds", &config.case_panel_appointment_seconds},
                               Window{"appeal_window_seconds", &config.case_appeal_window_seconds}}) {
    if (auto node = table["cases"][window.key]; node) {
      auto value = node.value_exact<std::int64_t>();
      if (!value || *value < 1 || *value > 366 * 24 * 3600)
        return ConfigError(source, std::string("cases.") + window.key,
                           "must be an integer number of seconds from 1 to 31622400 (366 days)");
      *window.out = *value;
    }
  }
  return config;
}

std::string RenderNodeConfig(const NodeConfig& config) {
  std::string text;
  text += "# accord node configuration, written by `accord init`.\n";
  text += "# Every key is described in docs/configuration.md.\n\n";
  text += "[node]\n";
  text += "# The log's origin line and the name of the node's signing key.\n";
  text += "origin = " + TomlBasicString(config.origin) + "\n\n";
  text += "[http]\n";
  text += "listen = \"" + config.listen.ToString() + "\"\n";
  text += "max_body_bytes = " + std::to_string(config.max_body_bytes) + "\n";
  text += "threads = " + std::to_string(config.http_threads) + "\n";
  text += "# Requests per second per token (per address without one); 0: no limit.\n";
  text += "rate_limit_per_second = " + std::to_string(config.rate_limit_per_second) + "\n";
  text += "rate_limit_burst = " + std::to_string(config.rate_limit_burst) + "\n\n";
  text += "[notifications]\n";
  text += "# Seconds a recipient has to acknowledge a notification (docs/notifications.md).\n";
  text += "urgent_seconds = " + std::to_string(config.notification_urgent_seconds) + "\n";
  text += "normal_seconds = " + std::to_string(config.notification_normal_seconds) + "\n";
  text += "ping_seconds = " + std::to_string(config.notification_ping_seconds) + "\n";
  text += "\n[cases]\n";
  text += "# Seconds each stage deadline of a case runs (docs/grievance.md); fixed when a case is filed.\n";
  text += "information_response_seconds = " + std::to_string(config.case_information_response_seconds) + "\n";
  text += "panel_appointment_seconds = " + std::to_string(config.case_panel_appointment_seconds) + "\n";
  text += "appeal_window_seconds = " + std::to_string(config.case_appeal_window_seconds) + "\n";
  return text;
}

}  // namespace accord::cli
