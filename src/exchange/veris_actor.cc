// VERIS -> report, who did it and with what (internal/veris_mapper.h;
// docs/exchange/veris.md): actor.external "Nation-state" and
// "State-affiliated" -> attributions, action.*.cve -> vulnerabilities.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/encoding.h"
#include "exchange/internal/text.h"
#include "exchange/internal/veris_mapper.h"
#include "model/json_pointer.h"

namespace accord::exchange::veris_internal {

using core::JsonType;
using core::JsonValue;

void VerisMapper::MapAttributions() {
  const JsonValue* actor = record_.Find("actor");
  if (actor == nullptr || actor->type() != JsonType::kObject) return;
  const JsonValue* external = actor->Find("external");
  if (std::string others = OtherMembers(*actor, {"external"}); !others.empty()) {
    Ignore("actor", others + ": only external state actors become attributions");
  }
  if (external == nullptr || external->type() != JsonType::kObject) return;
  const JsonValue* variety = external->Find("variety");
  bool nation_state = false;
  bool state_affiliated = false;
  if (variety != nullptr && variety->type() == JsonType::kArray) {
    for (const JsonValue& item : variety->AsArray()) {
      nation_state |= TextOf(&item) == "Nation-state";
      state_affiliated |= TextOf(&item) == "State-affiliated";
    }
  }
  Ignore("actor.external",
         "motive, region and varieties other than \"Nation-state\" and \"State-affiliated\": "
         "the report attributes operations to states and groups only");
  if (!nation_state && !state_affiliated) return;
  const std::string_view confidence_text = TextOf(record_.Find("confidence"));
  const model::Confidence confidence = confidence_text == "High"     ? model::Confidence::kHigh
                                       : confidence_text == "Medium" ? model::Confidence::kModerate
                                                                     : model::Confidence::kLow;
  const auto countries = KnownCountries(external->Find("country"));
  model::Attribution base;
  base.by = {model::AttributorKind::kResearcher,
             report_.reporter.name.value_or(std::string(kVcdbName)), std::nullopt};
  // VCDB codes incidents from public reporting (its `reference` links).
  base.basis = {model::AttributionBasis::kMedia};
  base.confidence = confidence;
  base.date = model::Date{std::chrono::floor<std::chrono::days>(report_.reported_at)};
  base.status = model::AttributionStatus::kContested;
  if (!report_.references.empty()) base.source = report_.references.front().url;
  const auto add = [&](model::AttributedKind kind, model::Sponsorship sponsorship,
                       const std::string* state, std::size_t country_index) {
    model::Attribution attribution = base;
    attribution.to.kind = kind;
    if (state != nullptr) attribution.to.state = *state;
    attribution.sponsorship = sponsorship;
    const std::string pointer =
        model::AppendPointerIndex("/attributions", report_.attributions.size());
    Trace(pointer, "/actor/external");
    if (state != nullptr) {
      Trace(pointer + "/to/state",
            model::AppendPointerIndex("/actor/external/country", country_index));
    }
    Trace(pointer + "/confidence", "/confidence");
    Trace(pointer + "/date", created_pointer_);
    Trace(pointer + "/source", "/reference");
    report_.attributions.push_back(std::move(attribution));
  };
  // "Nation-state": the state itself acted; "State-affiliated": a group
  // acting for or with a state (VERIS's label), which is state sponsorship.
  for (const bool is_state : {true, false}) {
    if (is_state ? !nation_state : !state_affiliated) continue;
    const auto kind =
        is_state ? model::AttributedKind::kState : model::AttributedKind::kStateAffiliatedGroup;
    const auto sponsorship =
        is_state ? model::Sponsorship::kStateConducted : model::Sponsorship::kStateSponsored;
    if (countries.empty()) {
      // A state, but nobody says which: not "state" (which needs one).
      add(is_state ? model::AttributedKind::kUnknown : kind, sponsorship, nullptr, 0);
    }
    for (const auto& [code, index] : countries) add(kind, sponsorship, &code, index);
  }
}

void VerisMapper::MapVulnerabilities() {
  const JsonValue* action = record_.Find("action");
  if (action == nullptr || action->type() != JsonType::kObject) return;
  std::string categories;
  std::vector<std::string> not_cves;
  for (const core::JsonMember& category : action->AsObject()) {
    categories += (categories.empty() ? "" : ", ") + category.name;
    const JsonValue* cve = category.value.Find("cve");
    if (cve == nullptr) continue;
    // VERIS's cve is free text: "CVE-2013-0640,CVE-2013-0641", "Heartbleed".
    const std::string_view text = TextOf(cve);
    std::size_t at = 0;
    while (at < text.size()) {
      const std::size_t end = text.find_first_of(",; \t\r\n", at);
      std::string token(text.substr(at, end == std::string_view::npos ? end : end - at));
      at = end == std::string_view::npos ? text.size() : end + 1;
      if (token.empty()) continue;
      // "cve-2014-0160" is the same id; the contract spells it upper case.
      if (token.size() > 4 && (token[0] == 'c' || token[1] == 'v' || token[2] == 'e')) {
        std::transform(token.begin(), token.begin() + 3, token.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      }
      if (!model::IsCveId(token)) {
        not_cves.push_back(core::QuoteForMessage(token));
        continue;
      }
      if (std::find(report_.vulnerabilities.begin(), report_.vulnerabilities.end(), token) !=
          report_.vulnerabilities.end()) {
        continue;
      }
      if (report_.vulnerabilities.size() == 100) {
        not_cves.push_back(token + " (past the contract's 100 ids)");
        continue;
      }
      Trace(model::AppendPointerIndex("/vulnerabilities", report_.vulnerabilities.size()),
            "/action/" + category.name + "/cve");
      report_.vulnerabilities.push_back(std::move(token));
    }
  }
  if (!not_cves.empty()) {
    std::string listed;
    for (const std::string& item : not_cves) listed += (listed.empty() ? "" : ", ") + item;
    Ignore("action.*.cve", listed + ": not CVE ids (CVE-YYYY-NNNN); not mapped");
  }
  if (!categories.empty()) {
    Ignore("action", categories +
                         ": varieties and vectors are not mapped (the report's techniques are "
                         "ATT&CK ids, and VERIS actions have no agreed ATT&CK mapping); only "
                         "CVE ids are kept");
  }
}

}  // namespace accord::exchange::veris_internal
