#include "server/transparency_routes.h"

#include <charconv>
#include <utility>
#include <vector>

#include "core/canonical_json.h"
#include "core/json_value.h"
#include "server/problem.h"
#include "transparency/replay.h"
#include "transparency/report.h"

namespace accord::server {
namespace {

// Reports of the current size kept encoded; past this many distinct
// (year, state, format) asks the cache starts over rather than grow.
constexpr std::size_t kMaxCachedReports = 256;

std::string ContentTypeOf(const std::string& format) {
  if (format == "csv") return "text/csv; charset=utf-8";
  if (format == "html") return "text/html; charset=utf-8";
  return "application/json";
}

Response ReportResponse(const PublishedReport& report) {
  Response response = TextResponse(200, report.body, report.content_type);
  response.SetHeader("Accord-Tree-Size", std::to_string(report.tree_size));
  response.SetHeader("Cache-Control", "no-cache");
  response.SetHeader("Access-Control-Allow-Origin", "*");
  response.SetHeader("Access-Control-Expose-Headers", "Accord-Tree-Size");
  return response;
}

}  // namespace

core::Result<ledger::Checkpoint> TransparencyPublisher::CatchUp() {
  ledger::Checkpoint checkpoint = log_.checkpoint();
  if (ledger_.size() < checkpoint.tree_size) {
    if (auto applied = transparency::ReplayStoredEntries(ledger_, store_, checkpoint.tree_size,
                                                         checkpoint.tree_size);
        !applied)
      return applied.error().Context("replay the node's public log");
  }
  if (cached_size_ != checkpoint.tree_size) {
    cache_.clear();
    cached_size_ = checkpoint.tree_size;
  }
  return checkpoint;
}

core::Result<PublishedReport> TransparencyPublisher::Report(int year,
                                                            const std::optional<std::string>& state,
                                                            const std::string& format) {
  if (format != "json" && format != "csv" && format != "html")
    return core::InvalidArgument("query parameter \"format\": \"" + format +
                                 "\" is not one of json, csv, html");
  std::lock_guard lock(mutex_);
  auto checkpoint = CatchUp();
  if (!checkpoint) return checkpoint.error();
  const std::string key = std::to_string(year) + "/" + state.value_or("") + "/" + format;
  if (auto found = cache_.find(key); found != cache_.end()) return found->second;
  auto report = transparency::Compute(ledger_, year, state, *checkpoint);
  if (!report) return report.error();
  PublishedReport published;
  published.body = format == "csv"    ? transparency::EncodeReportCsv(*report)
                   : format == "html" ? transparency::EncodeReportHtml(*report)
                                      : transparency::EncodeReportJson(*report) + "\n";
  published.content_type = ContentTypeOf(format);
  published.tree_size = checkpoint->tree_size;
  if (cache_.size() >= kMaxCachedReports) cache_.clear();
  cache_.emplace(key, published);
  return published;
}

core::Result<std::string> TransparencyPublisher::Index() {
  std::lock_guard lock(mutex_);
  auto checkpoint = CatchUp();
  if (!checkpoint) return checkpoint.error();
  core::JsonArray years;
  for (int year : transparency::CoveredYears(ledger_))
    years.push_back(core::JsonValue::Number(year));
  return core::SerializeCanonical(core::JsonValue::Object(
      {{"origin", core::JsonValue::String(checkpoint->origin)},
       {"tree_size", core::JsonValue::Number(static_cast<double>(checkpoint->tree_size))},
       {"years", core::JsonValue::Array(std::move(years))}}));
}

core::Status AddTransparencyRoutes(Router& router, TransparencyPublisher& publisher) {
  if (auto added = router.Add(Method::kGet, "/v1/transparency/reports",
                              [&publisher](const Request& request, const PathParams&) {
                                auto index = publisher.Index();
                                if (!index) return ProblemResponse(index.error(), request.parsed.Path());
                                Response response = JsonResponse(200, std::move(*index));
                                response.SetHeader("Access-Control-Allow-Origin", "*");
                                return response;
                              });
      !added)
    return added;
  return router.Add(
      Method::kGet, "/v1/transparency/reports/{year}",
      [&publisher](const Request& request, const PathParams& params) {
        const std::string& text = params.at("year");
        int year = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
        if (ec != std::errc() || end != text.data() + text.size() || year < 1970 || year > 9999)
          return Problem400(request, "year \"" + text + "\": must be a calendar year from 1970 to 9999");
        std::optional<std::string> state;
        if (const std::string* given = request.parsed.Query("state")) state = *given;
        std::string format = "json";
        if (const std::string* given = request.parsed.Query("format")) format = *given;
        auto report = publisher.Report(year, state, format);
        if (!report) return ProblemResponse(report.error(), request.parsed.Path());
        return ReportResponse(*report);
      });
}

}  // namespace accord::server
