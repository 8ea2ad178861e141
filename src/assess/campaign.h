// Campaigns (issue 5): several correlated incidents scored together as well
// as one by one. NCISS says it "is not currently designed to support cases
// where multiple correlated incidents may increase overall risk" (CISA,
// FIELD-NOTES section 2); this closes that gap with a stated rule.
//
// Two reports are linked when one lists the other in related_reports, or
// when they share an actor (an attribution `to` with the same name, or the
// same state for kind "state"; "unknown" never links) and their
// times.start lie within the profile's campaign.window_days. A campaign is
// a connected group of two or more linked reports. Its combined inputs sum
// what adds up across incidents (population, casualties) and take the worst
// of the rest (longest duration, worst damage, recoverability, location,
// actor, functional impact); the cascade propagates from the union of their
// sectors. A combined factor is missing only when it is missing in every
// member.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "assess/score.h"

namespace accord::assess {

struct CampaignAssessment {
  std::vector<std::string> report_ids;   // members, in input order
  std::vector<Assessment> members;       // each scored alone, same order
  Assessment combined;                   // the campaign as one
};

// Groups `reports` into campaigns (groups of one are not campaigns) and
// scores each. Fails with kInvalidArgument naming the report's index and
// field when a report fails ExtractInputs. The result refers to
// `methodology` (string views); keep it alive.
core::Result<std::vector<CampaignAssessment>> AssessCampaigns(
    std::span<const model::IncidentReport> reports,
    const Methodology& methodology = Methodology::Builtin(),
    const DependencyMatrix& matrix = DependencyMatrix::Builtin());

}  // namespace accord::assess
