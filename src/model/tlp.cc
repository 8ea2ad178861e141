#include "model/tlp.h"

#include <array>

namespace accord::model {
namespace {

// Indexed by the enumerator; the spellings of TLP 2.0 without "TLP:".
constexpr std::array<std::string_view, 5> kTlpNames = {
    "CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED",
};

}  // namespace

std::string_view TlpName(Tlp tlp) {
  const auto index = static_cast<std::size_t>(tlp);
  return index < kTlpNames.size() ? kTlpNames[index] : std::string_view();
}

std::optional<Tlp> ParseTlp(std::string_view name) {
  for (std::size_t i = 0; i < kTlpNames.size(); ++i) {
    if (kTlpNames[i] == name) return static_cast<Tlp>(i);
  }
  return std::nullopt;
}

}  // namespace accord::model
