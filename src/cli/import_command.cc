// accord import stix|veris|csaf PATH (docs/exchange/imports.md): plans the
// import locally with the exchange importers, with a progress bar, then
// sends what maps to the node in one POST /v1/imports and prints the
// summary: imported, updated, unchanged, ignored (by reason), rejected
// (each object, field and reason).
//
// All or nothing (issue 7): when the plan rejects any object and --partial
// is not given, nothing is sent and the summary says why; when the node
// refuses any item, it writes nothing either (422) unless --partial.
#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include "cli/commands.h"
#include "cli/http_client.h"
#include "cli/node_connection.h"
#include "cli/progress.h"
#include "core/json_reader.h"
#include "exchange/csaf.h"
#include "exchange/import_plan_json.h"
#include "exchange/stix_import.h"
#include "exchange/veris.h"

namespace accord::cli {
namespace {

using core::JsonType;
using core::JsonValue;

// Preparing thousands of reports (score, evaluate, public form) and
// committing them in one batch takes the node minutes at worst.
constexpr auto kImportCallTimeout = std::chrono::minutes(15);
// Rejected or ignored objects listed one by one before "... and N more"
// (all of them with --verbose).
constexpr std::size_t kListedProblems = 50;

core::Result<exchange::ImportPlan> Plan(const ImportOptions& options) {
  const std::string label = "read " + options.path.filename().string();
  if (options.format == "stix") {
    Progress progress(label, ProgressUnit::kBytes);
    exchange::StixImportOptions stix;
    stix.progress = [&](std::uint64_t bytes_done, std::uint64_t bytes_total, std::size_t objects) {
      progress.Update(bytes_done, bytes_total, objects);
    };
    auto plan = exchange::PlanStixImportFile(options.path, stix);
    progress.Finish();
    return plan;
  }
  Progress progress(label, ProgressUnit::kFiles);
  exchange::DirectoryImportOptions directory;
  directory.progress = [&](std::size_t files_done, std::size_t files_total) {
    progress.Update(files_done, files_total);
  };
  auto plan = options.format == "veris" ? exchange::PlanVerisImport(options.path, directory)
                                        : exchange::PlanCsafImport(options.path, directory);
  progress.Finish();
  return plan;
}

void PrintIgnored(const exchange::ImportPlan& plan, bool verbose) {
  std::printf("  ignored    %zu\n", plan.ignored.size());
  std::map<std::pair<std::string, std::string>, std::size_t> groups;  // (type, reason) -> count
  for (const auto& object : plan.ignored) ++groups[{object.type, object.reason}];
  for (const auto& [key, count] : groups) {
    // Importers often open the reason with the type already.
    const auto& [type, reason] = key;
    const bool named = reason.rfind(type + ":", 0) == 0;
    std::printf("    %6zu  %s%s\n", count, named ? "" : (type + ": ").c_str(), reason.c_str());
  }
  if (!verbose) return;
  for (const auto& object : plan.ignored)
    std::printf("      %s (%s): %s\n", object.object.c_str(), object.type.c_str(),
                object.reason.c_str());
}

void PrintProblems(const std::vector<exchange::ImportProblem>& problems, bool verbose) {
  std::size_t shown = 0;
  for (const auto& problem : problems) {
    if (!verbose && shown == kListedProblems) {
      std::printf("      ... and %zu more (--verbose lists them all)\n", problems.size() - shown);
      break;
    }
    std::string where = problem.object.empty() ? "the document" : problem.object;
    if (!problem.field.empty()) where += " " + problem.field;
    std::printf("      %s: %s\n", where.c_str(), problem.reason.c_str());
    ++shown;
  }
}

std::int64_t Count(const JsonValue& summary, std::string_view name) {
  const JsonValue* value = summary.Find(name);
  return value && value->type() == JsonType::kNumber ? static_cast<std::int64_t>(value->AsNumber())
                                                     : 0;
}

std::string Text(const JsonValue& object, std::string_view name) {
  const JsonValue* value = object.Find(name);
  return value && value->type() == JsonType::kString ? value->AsString() : std::string();
}

// The plan's item a pointer of the node's answer names ("/reports/3/..."):
// its kind and source, for a person.
std::string ItemAt(const exchange::ImportPlan& plan, std::string_view pointer) {
  auto index_after = [&](std::string_view prefix) -> std::optional<std::size_t> {
    if (pointer.substr(0, prefix.size()) != prefix) return std::nullopt;
    std::size_t value = 0, at = prefix.size();
    if (at >= pointer.size() || pointer[at] < '0' || pointer[at] > '9') return std::nullopt;
    while (at < pointer.size() && pointer[at] >= '0' && pointer[at] <= '9')
      value = value * 10 + static_cast<std::size_t>(pointer[at++] - '0');
    return value;
  };
  if (auto i = index_after("/reports/"); i && *i < plan.reports.size())
    return "report " + plan.reports[*i].report.id.ToString() + " (" + plan.reports[*i].source + ")";
  if (auto i = index_after("/techniques/"); i && *i < plan.techniques.size())
    return "technique " + plan.techniques[*i].id;
  if (auto i = index_after("/advisories/"); i && *i < plan.advisories.size())
    return "advisory " + plan.advisories[*i].tracking_id;
  return std::string(pointer.empty() ? "the request" : pointer);
}

// Objects rejected: a refused object may have several problems.
std::size_t RejectedObjects(const exchange::ImportPlan& plan) {
  std::set<std::string> objects;
  for (const auto& problem : plan.rejected) objects.insert(problem.object);
  return objects.size();
}

}  // namespace

core::Status RunImport(const ImportOptions& options) {
  if (options.format != "stix" && options.format != "veris" && options.format != "csaf")
    return core::InvalidArgument("import format " + options.format +
                                 ": must be stix, veris or csaf");
  auto planned = Plan(options);
  if (!planned) return planned.error().Context("read " + options.path.string());
  exchange::ImportPlan& plan = *planned;
  const std::string source = options.path.string();

  std::printf("import %s %s: %zu objects read, %zu bytes\n", options.format.c_str(), source.c_str(),
              plan.objects_read, plan.bytes_read);
  std::printf("  to send    %zu reports, %zu techniques, %zu advisories\n", plan.reports.size(),
              plan.techniques.size(), plan.advisories.size());
  const std::size_t rejected_objects = RejectedObjects(plan);
  auto print_client_side = [&] {
    PrintIgnored(plan, options.verbose);
    std::printf("  rejected   %zu\n", rejected_objects);
    PrintProblems(plan.rejected, options.verbose);
  };
  if (!plan.rejected.empty() && !options.partial) {
    std::printf(
        "  refused: nothing was sent, because %zu object%s %s rejected (an import is all or "
        "nothing; --partial imports the rest)\n",
        rejected_objects, rejected_objects == 1 ? "" : "s", rejected_objects == 1 ? "was" : "were");
    print_client_side();
    return core::InvalidArgument("import refused: " + std::to_string(rejected_objects) +
                                 " objects rejected, nothing was sent");
  }
  if (plan.reports.size() > exchange::kMaxImportReports ||
      plan.techniques.size() > exchange::kMaxImportTechniques ||
      plan.advisories.size() > exchange::kMaxImportAdvisories)
    return core::ResourceExhausted(
        "the import holds more records than one import takes (" +
        std::to_string(exchange::kMaxImportReports) + " reports, " +
        std::to_string(exchange::kMaxImportTechniques) + " techniques, " +
        std::to_string(exchange::kMaxImportAdvisories) + " advisories): split the input");
  if (options.dry_run) {
    print_client_side();
    std::printf("  dry run: nothing was sent\n");
    if (!plan.rejected.empty())
      return core::InvalidArgument(std::to_string(rejected_objects) + " objects rejected");
    return core::Ok();
  }

  auto node = ConnectToNode(options.client, TokenUse::kRequired, kImportCallTimeout);
  if (!node) {
    if (node.error().code == core::ErrorCode::kUnauthenticated)
      return node.error().Context("an import needs the secretariat's token");
    return node.error();
  }
  std::string body = exchange::EncodeImportRequest(plan, source, options.partial);
  if (body.size() > exchange::kMaxImportRequestBytes)
    return core::ResourceExhausted("the import is " + std::to_string(body.size()) +
                                   " bytes of JSON, more than one request takes (" +
                                   std::to_string(exchange::kMaxImportRequestBytes) +
                                   "): split the input");
  std::fprintf(stderr, "sending %zu bytes to %s/v1/imports ...\n", body.size(),
               node->client->base().Origin().c_str());
  auto response = node->client->Call("POST", "/v1/imports", body, node->token);
  if (!response) return response.error().Context("import");
  if (response->status == 422) {
    // The node refused items (or the request): nothing was written.
    auto problem = core::ParseJsonStrict(response->body);
    std::size_t refused = 0;
    std::printf("  refused by the node: nothing was written\n");
    if (problem)
      if (const JsonValue* errors = problem->Find("errors");
          errors && errors->type() == JsonType::kArray) {
        refused = errors->AsArray().size();
        std::size_t shown = 0;
        for (const auto& error : errors->AsArray()) {
          if (!options.verbose && shown++ == kListedProblems) {
            std::printf("      ... and %zu more (--verbose lists them all)\n",
                        refused - kListedProblems);
            break;
          }
          std::printf("      %s: %s\n", ItemAt(plan, Text(error, "pointer")).c_str(),
                      Text(error, "detail").c_str());
        }
      }
    print_client_side();
    return core::InvalidArgument("import refused by the node: " + std::to_string(refused) +
                                 " items refused, nothing was written");
  }
  if (response->status != 200)
    return core::Unavailable(DescribeProblem(*response)).Context("import");
  auto summary = core::ParseJsonStrict(response->body);
  if (!summary)
    return core::Corrupt("the node's import summary does not parse: " + summary.error().message);
  const std::int64_t node_rejected = Count(*summary, "rejected");
  std::printf("  imported   %lld\n", static_cast<long long>(Count(*summary, "imported")));
  std::printf("  updated    %lld\n", static_cast<long long>(Count(*summary, "updated")));
  std::printf("  unchanged  %lld\n", static_cast<long long>(Count(*summary, "unchanged")));
  PrintIgnored(plan, options.verbose);
  std::printf("  rejected   %zu\n", rejected_objects + static_cast<std::size_t>(node_rejected));
  PrintProblems(plan.rejected, options.verbose);
  if (const JsonValue* items = summary->Find("items"); items && items->type() == JsonType::kArray)
    for (const auto& item : items->AsArray())
      if (Text(item, "outcome") == "rejected")
        std::printf("      %s: %s\n", ItemAt(plan, Text(item, "pointer")).c_str(),
                    Text(item, "reason").c_str());
  if (const JsonValue* index = summary->Find("log_index");
      index && index->type() == JsonType::kNumber)
    std::printf("  log index  %lld\n", static_cast<long long>(index->AsNumber()));
  const std::size_t rejected = rejected_objects + static_cast<std::size_t>(node_rejected);
  if (rejected > 0)
    return core::InvalidArgument(std::to_string(rejected) +
                                 " objects rejected (the rest was imported)");
  return core::Ok();
}

}  // namespace accord::cli
