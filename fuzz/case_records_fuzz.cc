// Fuzzes the decoders of the cases' stored and published forms
// (registry/internal/case_records.h): PanelRecordFromJson reads what a node
// publishes and `accord verify-panel` fetches over the network, and
// CaseStateFromJson reads the store. Neither may crash; a decoded value
// must encode to JSON that decodes to the same encoding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/canonical_json.h"
#include "core/json_reader.h"
#include "registry/internal/case_records.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = accord::core::ParseJsonStrict(text);
  if (!parsed) return 0;
  if (auto panel = accord::registry::internal::PanelRecordFromJson(*parsed)) {
    std::string encoded = accord::core::SerializeCanonical(accord::registry::internal::PanelRecordToJson(*panel));
    auto again = accord::registry::internal::PanelRecordFromJson(*accord::core::ParseJsonStrict(encoded));
    if (!again ||
        accord::core::SerializeCanonical(accord::registry::internal::PanelRecordToJson(*again)) != encoded)
      std::abort();
  }
  if (auto state = accord::registry::internal::CaseStateFromJson(*parsed)) {
    std::string encoded = accord::core::SerializeCanonical(accord::registry::internal::CaseStateToJson(*state));
    auto again = accord::registry::internal::CaseStateFromJson(*accord::core::ParseJsonStrict(encoded));
    if (!again || !(*again == *state)) std::abort();
  }
  return 0;
}
