// A party's standing under the agreement (issue 8, positive incentives):
// good-standing, under-review or suspended, computed deterministically from
// its record on a given day, and the benefits each standing gives
// (threat-intelligence tier, technical assistance). The rules are data: the
// [standing] section of the response ladder (data/response/ladder-1.toml,
// registry/response_ladder.h), so that one version fixes both the
// recommended response and its consequences; docs/response.md explains
// them.
//
// A party regains standing through remediation: complete remediation of a
// finding ends its effect after a probation; partial remediation lifts a
// suspension to review. An unremediated finding never expires, so waiting
// is never a substitute for remedying.
//
// Pure: the caller (registry/standing_views.cc, on each read, from the
// "case" and "recommendation" records) gathers the record; nothing here
// reads a clock or a store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/incident_report.h"
#include "registry/response_ladder.h"

namespace accord::registry {

// One violation finding against the party and where its remediation stands.
struct ViolationFindingRecord {
  model::Date date{};    // the day the finding was issued
  std::string rung_id;   // the rung recommended for it ("suspension")
  Remediation remediation = Remediation::kNone;
  // The day remediation was assessed complete; required when remediation
  // is kComplete, ignored otherwise.
  std::optional<model::Date> remediation_complete_date;
};

struct ConductRecord {
  // Cases against the party that are admitted and not closed.
  std::int64_t open_cases = 0;
  std::vector<ViolationFindingRecord> violation_findings;
  // The day of each non-cooperation record (a missed deadline in a case).
  std::vector<model::Date> non_cooperation_dates;
};

struct StandingAssessment {
  Standing standing = Standing::kGoodStanding;
  StandingBenefits benefits;
  // Every rule that applied, in words with its dates, in a fixed order
  // (suspension reasons first); empty for good standing.
  std::vector<std::string> reasons;
};

// The party's standing on `as_of` under `ladder.standing`. Records dated
// after `as_of` are ignored (they do not exist yet on that day), and a
// remediation completed after `as_of` counts as partial on that day. Windows
// are calendar months back from `as_of`, inclusive of their first day
// (MonthsBefore). Deterministic and independent of the order of the
// record's lists. Fails with kInvalidArgument naming the field when
// open_cases is negative, a date is not a calendar date, a rung id is not
// in the ladder, or a complete remediation has no date.
// REQUIRES: `ladder` satisfies what Ladder::Parse() checks.
core::Result<StandingAssessment> AssessStanding(const Ladder& ladder, const ConductRecord& record,
                                                const model::Date& as_of);

}  // namespace accord::registry
