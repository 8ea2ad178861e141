// libFuzzer target for the STIX import path: the streaming bundle reader
// (exchange/stix_bundle_reader.h), the validator and the planner
// (exchange/stix_import.h). Besides memory errors and undefined behaviour it
// checks what a bug would break:
//   - a document error always says where: "line L, column C (byte B): ...";
//   - every rejection names a reason, and its field is "" or a JSON pointer;
//   - the reader is as strict as core::ParseJsonStrict: whatever it accepts,
//     the whole-document parser accepts too, with as many objects;
//   - the input is read both as a bundle and as a TAXII envelope.
// Any violation aborts, so libFuzzer reports it as a crash. Seeds are in
// fuzz/corpus/stix_bundle/.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/json_reader.h"
#include "exchange/stix_import.h"

namespace {

using namespace accord;

void Check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "stix_bundle_fuzz: %s\n", what);
    std::abort();
  }
}

void PlanOnce(std::string_view text, bool envelope) {
  exchange::StixImportOptions options;
  options.envelope = envelope;
  options.max_object_bytes = 1 << 16;  // small limits: reach the limit paths
  options.max_depth = 16;
  auto plan = exchange::PlanStixImportText(text, options);
  if (!plan) {
    Check(plan.error().message.rfind("line ", 0) == 0, "document error without a position");
    return;
  }
  for (const exchange::ImportProblem& problem : plan->rejected) {
    Check(!problem.reason.empty(), "rejection without a reason");
    Check(problem.field.empty() || problem.field[0] == '/', "field is not a JSON pointer");
  }
  for (const exchange::IgnoredObject& ignored : plan->ignored)
    Check(!ignored.reason.empty(), "ignored object without a reason");
  Check(plan->bytes_read == text.size(), "bytes_read is not the document's size");
  // The streaming reader accepted it: so must the strict whole-document
  // parser (two levels more for the container and "objects").
  core::JsonLimits limits;
  limits.max_depth = options.max_depth + 2;
  limits.max_input_bytes = text.size() + 1;
  limits.max_string_bytes = options.max_object_bytes;
  auto whole = core::ParseJsonStrict(text, limits);
  Check(whole.has_value(), "reader accepted what the strict parser refuses");
  const core::JsonValue* objects = whole->Find("objects");
  const std::size_t count = objects != nullptr ? objects->AsArray().size() : 0;
  Check(count == plan->objects_read, "object count differs from the strict parser's");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  PlanOnce(text, false);
  PlanOnce(text, true);
  return 0;
}
