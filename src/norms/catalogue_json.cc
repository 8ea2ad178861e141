#include "norms/catalogue_json.h"

namespace accord::norms {
namespace {

core::JsonValue Text(std::string_view text) { return core::JsonValue::String(std::string(text)); }

}  // namespace

core::JsonValue SourcesJson(const Catalogue& catalogue, const std::vector<SourceRef>& refs) {
  core::JsonArray sources;
  for (const SourceRef& ref : refs) {
    const Source* source = catalogue.FindSource(ref.source);
    sources.push_back(core::JsonValue::Object({{"source", Text(ref.source)},
                                               {"at", Text(ref.at)},
                                               {"citation", Text(source ? source->citation : "")}}));
  }
  return core::JsonValue::Array(std::move(sources));
}

core::JsonValue CatalogueSummaryJson(const Catalogue& catalogue) {
  core::JsonArray list;
  for (const Norm& norm : catalogue.norms())
    list.push_back(core::JsonValue::Object({{"id", Text(norm.id)},
                                            {"layer", Text(LayerName(norm.layer))},
                                            {"basis", Text(BasisName(norm.basis))},
                                            {"title", Text(norm.title)}}));
  return core::JsonValue::Object({{"catalogue", Text(catalogue.name())},
                                  {"version", Text(catalogue.version())},
                                  {"norms", core::JsonValue::Array(std::move(list))}});
}

core::JsonValue NormJson(const Catalogue& catalogue, const Norm& norm) {
  core::JsonObject object = {{"id", Text(norm.id)},
                             {"layer", Text(LayerName(norm.layer))},
                             {"basis", Text(BasisName(norm.basis))},
                             {"title", Text(norm.title)},
                             {"text", Text(norm.text)},
                             {"rationale", Text(norm.rationale)},
                             {"sources", SourcesJson(catalogue, norm.sources)},
                             {"assessed_from_reports", core::JsonValue::Bool(norm.assessed_from_reports)}};
  if (!norm.assessed_from_reports) object.push_back({"assessed_through", Text(norm.assessed_through)});
  return core::JsonValue::Object(std::move(object));
}

}  // namespace accord::norms
