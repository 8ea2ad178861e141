// libFuzzer target for the wire form of an import (exchange/
// import_plan_json.h), read as POST /v1/imports reads it: core::
// ParseJsonStrict, then DecodeImportRequest. Besides memory errors and
// undefined behaviour it checks the properties a bug would break:
//   - the result is a document or at least one error, each error with a
//     pointer that is "" or starts with "/" and a non-empty message;
//   - a decoded document encodes (EncodeImportRequest) to canonical JSON
//     that decodes to the same bytes again (one form per request), and
//     holds no more items than the bounds allow.
// Any violation aborts, so libFuzzer reports it as a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "core/json_reader.h"
#include "exchange/import_plan_json.h"

namespace {

void Check(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "import_plan_json_fuzz: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace accord;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  core::JsonLimits limits;
  limits.max_input_bytes = std::size_t{1} << 20;
  auto parsed = core::ParseJsonStrict(text, limits);
  if (!parsed) return 0;
  auto decoded = exchange::DecodeImportRequest(*parsed);
  if (auto* errors = std::get_if<std::vector<model::FieldError>>(&decoded)) {
    Check(!errors->empty(), "refused without an error");
    for (const auto& error : *errors) {
      Check(error.pointer.empty() || error.pointer.front() == '/', "pointer does not start with /");
      Check(!error.message.empty(), "error without a message");
    }
    return 0;
  }
  const auto& document = std::get<exchange::ImportDocument>(decoded);
  Check(document.plan.reports.size() <= exchange::kMaxImportReports, "too many reports");
  Check(document.plan.techniques.size() <= exchange::kMaxImportTechniques, "too many techniques");
  Check(document.plan.advisories.size() <= exchange::kMaxImportAdvisories, "too many advisories");
  std::string encoded =
      exchange::EncodeImportRequest(document.plan, document.source, document.partial);
  auto reparsed = core::ParseJsonStrict(encoded);
  Check(reparsed.has_value(), "encoding does not parse");
  auto again = exchange::DecodeImportRequest(*reparsed);
  auto* document_again = std::get_if<exchange::ImportDocument>(&again);
  Check(document_again != nullptr, "encoding does not decode");
  Check(exchange::EncodeImportRequest(document_again->plan, document_again->source,
                                      document_again->partial) == encoded,
        "encoding is not stable");
  return 0;
}
