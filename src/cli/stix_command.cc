// accord stix export FILE...: accord incident reports as one STIX 2.1
// bundle on standard output (exchange/stix_report.h,
// docs/exchange/stix.md). Offline: no node is involved, so the export holds
// no assessment; the bundle is canonical JSON (RFC 8785), which with
// --bundle-id makes the output byte-for-byte reproducible.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/canonical_json.h"
#include "core/file_io.h"
#include "core/id.h"
#include "core/json_reader.h"
#include "exchange/stix_report.h"
#include "model/report_codec.h"

namespace accord::cli {

core::Status RunStixExport(const StixExportCommandOptions& options) {
  if (options.files.empty()) return core::InvalidArgument("no report files given");
  if (!options.bundle_id.empty()) {
    auto id = core::StixId::Parse(options.bundle_id);
    if (!id.has_value()) {
      return core::InvalidArgument("--bundle-id: " + id.error().message);
    }
    if (id->type != "bundle") {
      return core::InvalidArgument("--bundle-id: expected a bundle id (bundle--<uuid>), found type " +
                                   id->type);
    }
  }
  std::vector<model::IncidentReport> reports;
  reports.reserve(options.files.size());
  for (const std::filesystem::path& file : options.files) {
    auto text = core::ReadFile(file, model::kMaxReportBytes);
    if (!text.has_value()) return text.error();
    auto document = core::ParseJsonStrict(*text);
    if (!document.has_value()) return document.error().Context(file.string());
    // A submission ({"report": {...}}, examples/) carries its report inside.
    const core::JsonValue* report = &*document;
    std::string prefix;
    if (document->Find("schema") == nullptr && document->Find("report") != nullptr) {
      report = document->Find("report");
      prefix = "/report";
    }
    model::DecodeResult decoded = model::DecodeIncidentReport(*report);
    if (!decoded.ok()) {
      std::string message = file.string() + ": invalid incident report:";
      for (model::FieldError error : decoded.errors) {
        error.pointer = prefix + error.pointer;
        message += "\n  " + error.ToString();
      }
      return core::Error{decoded.code, message};
    }
    reports.push_back(std::move(*decoded.report));
  }
  std::vector<exchange::ExportedReport> exported;
  exported.reserve(reports.size());
  for (const model::IncidentReport& report : reports) exported.push_back({&report, {}});
  const core::JsonValue bundle = exchange::EncodeStixBundle(exported, options.bundle_id);
  std::string out = core::SerializeCanonical(bundle);
  out += '\n';
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
    return core::Unavailable("writing the bundle to standard output failed");
  }
  return core::Ok();
}

}  // namespace accord::cli
