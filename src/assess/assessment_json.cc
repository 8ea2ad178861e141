#include "assess/assessment_json.h"

#include <string_view>
#include <utility>

namespace accord::assess {

using core::JsonValue;

// "12.5": a weighted contribution in score units, one decimal, integers only.
std::string ContributionTenths(std::int64_t weighted, std::int32_t total) {
  std::int64_t tenths = (weighted * 10 + total / 2) / total;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

namespace {

JsonValue Text(std::string_view text) { return JsonValue::String(std::string(text)); }
JsonValue Int(std::int64_t value) { return JsonValue::Number(static_cast<double>(value)); }

JsonValue CascadeJson(const CascadeResult& c) {
  core::JsonArray sources, reached;
  for (const std::string& s : c.sources) sources.push_back(Text(s));
  for (const CascadeSector& s : c.reached) {
    core::JsonObject o = {{"sector", Text(s.sector)}, {"intensity", Int(s.intensity)},
                          {"hops", Int(s.hops)}, {"via", Text(s.via)}};
    o.push_back({"estimated_population",
                 s.estimated_population ? Int(*s.estimated_population) : JsonValue::Null()});
    reached.push_back(JsonValue::Object(std::move(o)));
  }
  return JsonValue::Object(
      {{"sources", JsonValue::Array(std::move(sources))},
       {"reached", JsonValue::Array(std::move(reached))},
       {"hours_used", Int(c.hours_used)},
       {"hours_assumed", JsonValue::Bool(c.hours_assumed)},
       {"estimated_population",
        c.estimated_population ? Int(*c.estimated_population) : JsonValue::Null()}});
}

}  // namespace

JsonValue AssessmentToJson(const Assessment& a, const Methodology& m) {
  core::JsonArray factors, missing;
  for (const FactorScore& f : a.factors) {
    factors.push_back(JsonValue::Object({{"factor", Text(FactorKey(f.factor))},
                                         {"weight", Int(f.weight)},
                                         {"points", Int(f.points)},
                                         {"contribution", Text(ContributionTenths(f.weighted, a.total_weight))},
                                         {"missing", JsonValue::Bool(f.missing)}}));
    if (f.missing)
      missing.push_back(JsonValue::Object(
          {{"factor", Text(FactorKey(f.factor))},
           {"field", Text(FactorSourceField(f.factor))},
           {"treatment", Text("scored at " + std::to_string(f.points) + " points: " +
                              m.factor(f.factor).missing_reason)}}));
  }
  core::JsonObject out = {{"methodology_version", Text(a.methodology_version)},
                          {"score", Int(a.score)},
                          {"level", Text(a.level)},
                          {"score_min", Int(a.score_min)},
                          {"score_max", Int(a.score_max)},
                          {"confidence", Text(Name(a.confidence))},
                          {"factors", JsonValue::Array(std::move(factors))},
                          {"missing", JsonValue::Array(std::move(missing))}};
  out.push_back({"cascade", a.cascade ? CascadeJson(*a.cascade) : JsonValue::Null()});
  return JsonValue::Object(std::move(out));
}

}  // namespace accord::assess
