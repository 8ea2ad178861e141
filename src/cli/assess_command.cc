// accord assess REPORT.json... [--json]: the severity of incident reports
// under the methodology profile (assess/score.h, docs/methodology.md). Each
// report is scored alone; two or more reports that link into a campaign
// (assess/campaign.h) are also scored together. Every output names the
// methodology version, each factor's contribution, the cascade and what
// was missing from the report, with how it was treated.
#include <cstdio>
#include <string>
#include <vector>

#include "assess/assessment_json.h"
#include "assess/campaign.h"
#include "assess/methodology.h"
#include "assess/score.h"
#include "cli/commands.h"
#include "core/canonical_json.h"
#include "core/file_io.h"
#include "model/report_codec.h"

namespace accord::cli {
namespace {

using core::JsonValue;

constexpr std::uint64_t kMaxDataFileBytes = 1u << 20;

JsonValue Text(std::string_view text) { return JsonValue::String(std::string(text)); }

std::string AssessmentText(const assess::Assessment& a, const assess::Methodology& m) {
  std::string out = "score " + std::to_string(a.score) + "/1000, level " + std::string(a.level) +
                    " (methodology " + std::string(a.methodology_version) + ")\n";
  out += "confidence " + std::string(assess::Name(a.confidence)) + "; range " +
         std::to_string(a.score_min) + ".." + std::to_string(a.score_max) +
         " with every missing input at 0..1000\n";
  out += "factors (weight x points / " + std::to_string(a.total_weight) + " = contribution):\n";
  for (const assess::FactorScore& f : a.factors) {
    out += "  " + std::string(assess::FactorKey(f.factor)) + ": " + std::to_string(f.weight) +
           " x " + std::to_string(f.points) + " = " + assess::ContributionTenths(f.weighted, a.total_weight) +
           (f.missing ? "  [missing]" : "") + "\n";
  }
  if (a.MissingCount() == 0) {
    out += "missing: nothing\n";
  } else {
    out += "missing (each scored at a stated default, never 0 unless stated):\n";
    for (const assess::FactorScore& f : a.factors)
      if (f.missing)
        out += "  " + std::string(assess::FactorKey(f.factor)) + " (" +
               std::string(assess::FactorSourceField(f.factor)) + "): " +
               std::to_string(f.points) + " points, " + m.factor(f.factor).missing_reason + "\n";
  }
  if (a.cascade) {
    const assess::CascadeResult& c = *a.cascade;
    out += "cascade from";
    for (const std::string& s : c.sources) out += " " + s;
    out += " over " + std::to_string(c.hours_used) + " h" +
           (c.hours_assumed ? " (assumed: no disruption_hours)" : "") + ":";
    if (c.reached.empty()) out += " no dependent sector reached";
    out += "\n";
    for (const assess::CascadeSector& s : c.reached) {
      out += "  " + s.sector + ": intensity " + std::to_string(s.intensity) + "/1000, " +
             (s.hops == 0 ? std::string("observed") : "via " + s.via) + ", population " +
             (s.estimated_population ? std::to_string(*s.estimated_population) : "unknown") +
             "\n";
    }
    if (!c.reached.empty())
      out += "  estimated population reached: " +
             (c.estimated_population ? std::to_string(*c.estimated_population)
                                     : std::string("unknown (the report gives no population)")) +
             "\n";
  }
  return out;
}

}  // namespace

core::Status RunAssess(const AssessOptions& options) {
  std::optional<assess::Methodology> custom;
  if (!options.methodology.empty()) {
    auto text = core::ReadFile(options.methodology, kMaxDataFileBytes);
    if (!text) return text.error();
    auto parsed = assess::Methodology::Parse(*text);
    if (!parsed) return parsed.error().Context(options.methodology.string());
    custom.emplace(std::move(*parsed));
  }
  const assess::Methodology& m = custom ? *custom : assess::Methodology::Builtin();
  const assess::DependencyMatrix& matrix = assess::DependencyMatrix::Builtin();
  std::vector<model::IncidentReport> reports;
  for (const auto& path : options.reports) {
    auto text = core::ReadFile(path, model::kMaxReportBytes);
    if (!text) return text.error();
    auto decoded = model::DecodeIncidentReport(*text);
    if (!decoded) return decoded.ToError().Context(path.string());
    reports.push_back(std::move(*decoded.report));
  }
  core::JsonArray json_reports;
  std::string text;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    auto a = assess::Score(reports[i], m, matrix);
    if (!a) return a.error().Context(options.reports[i].string());
    if (options.json) {
      json_reports.push_back(JsonValue::Object({{"report", Text(reports[i].id.ToString())},
                                                {"file", Text(options.reports[i].string())},
                                                {"assessment", assess::AssessmentToJson(*a, m)}}));
    } else {
      if (i > 0) text += "\n";
      text += options.reports[i].string() + " (" + reports[i].id.ToString() + ")\n" +
              AssessmentText(*a, m);
    }
  }
  auto campaigns = assess::AssessCampaigns(reports, m, matrix);
  if (!campaigns) return campaigns.error();
  core::JsonArray json_campaigns;
  for (const assess::CampaignAssessment& c : *campaigns) {
    core::JsonArray ids;
    std::string list;
    for (const std::string& id : c.report_ids) {
      ids.push_back(Text(id));
      list += "  " + id + "\n";
    }
    if (options.json) {
      json_campaigns.push_back(JsonValue::Object(
          {{"reports", JsonValue::Array(std::move(ids))}, {"assessment", assess::AssessmentToJson(c.combined, m)}}));
    } else {
      text += "\ncampaign of " + std::to_string(c.report_ids.size()) + " linked reports:\n" + list +
              AssessmentText(c.combined, m);
    }
  }
  std::string out;
  if (options.json) {
    out = core::SerializeCanonical(JsonValue::Object(
              {{"methodology_version", Text(m.version())},
               {"reports", JsonValue::Array(std::move(json_reports))},
               {"campaigns", JsonValue::Array(std::move(json_campaigns))}})) +
          "\n";
  } else {
    out = std::move(text);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return core::Ok();
}

}  // namespace accord::cli
