// The public log replayed: what anyone can know about the agreement's
// records from the log's public entries alone (DESIGN.md, "the log is the
// source of truth"; docs/transparency.md). A PublicLedger applies each entry
// (its exact bytes, in log order) and keeps a compact state of reports,
// parties, notifications, cases, findings and graduated responses, from
// which the transparency report (transparency/report.h) is computed.
//
// It reads only what each event's public body shows (docs/registry.md,
// docs/notifications.md, docs/grievance.md, docs/response.md): never a
// confidential field, so a watchdog with the tiles gets the same state as
// the node. It refuses what it cannot read: an entry whose `seq` is not its
// index, an unknown event type or a body missing a member it needs is
// kCorrupt naming the index, because a report that silently skipped an entry
// would publish figures nobody could check.
//
// Not thread-safe; a value type, cheap to move.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace accord::transparency {

// A report as its latest public form shows it (report.submitted/amended/
// withdrawn). Fields the public form does not reveal stay empty.
struct PublicReport {
  std::string id;
  std::int64_t version = 0;
  core::Timestamp submitted_at{};  // the `at` of report.submitted
  core::Timestamp updated_at{};    // the `at` of the latest event
  bool withdrawn = false;
  // False when publication.envelope is parties-only: the envelope then
  // holds only the month (or year) and the report counts only globally.
  bool envelope_public = false;
  std::string reporter_kind;              // envelope.reporter_kind
  std::optional<std::string> reporter_state;  // reporter.state of a CLEAR state reporter
  std::vector<std::string> affected_states;
  std::vector<std::string> sectors;
  std::optional<std::string> severity_level;  // envelope.severity_level
  std::string period;                         // envelope.month ("YYYY-MM") or .year ("YYYY")
  bool exercise = false;
};

struct PublicParty {
  std::string id;
  std::string kind;
  std::string state;  // "" unless the directory entry has one
  bool revoked = false;
};

// One recipient of a notification, as the public events show it.
struct RecipientProgress {
  std::string party;
  std::optional<core::Timestamp> delivered_at;
  // The first acknowledgment or answer (an answer acknowledges).
  std::optional<core::Timestamp> acknowledged_at;
  std::optional<core::Timestamp> answered_at;
  bool late = false;     // as the replied event says, or acknowledged at/after due
  bool overdue = false;  // a notification.overdue entry was logged for it
};

struct PublicNotification {
  std::string id;
  std::string kind;  // "ping" for ping tests
  std::string from;
  std::string priority;
  core::Timestamp sent_at{};
  core::Timestamp due{};
  bool exercise = false;
  std::vector<RecipientProgress> recipients;
};

struct StageStep {
  std::string stage;
  core::Timestamp at{};
};

struct NonCooperationRecord {
  std::string side;  // "filer" or "accused"
  std::string stage;
  core::Timestamp deadline{};
};

struct PublicCase {
  std::string id;
  std::string filer_kind;                 // "state" or "private-entity"
  std::optional<std::string> filer_state;  // for a state filer only
  std::string accused_state;
  core::Timestamp filed_at{};
  bool exercise = false;
  std::string stage;  // the current stage
  std::vector<StageStep> history;
  std::vector<NonCooperationRecord> non_cooperation;
};

struct PublicFinding {
  std::string id;
  std::string case_id;
  std::string outcome;  // "violation", "no-violation", "inconclusive"
  bool appeal = false;
  core::Timestamp issued_at{};
  std::vector<std::string> norms_violated;
};

// A response.recommended entry and the remediation recorded since.
struct PublicRecommendation {
  std::string case_id;
  std::string accused_state;
  std::string finding_id;
  std::string rung;  // "" when the recommendation names no rung
  std::string ladder_version;
  std::int64_t total_points = 0;
  core::Timestamp recommended_at{};
  std::string remediation = "none";  // "none", "partial", "complete"
  std::string remediation_date;      // "YYYY-MM-DD", "" when none recorded
  core::Timestamp remediation_recorded_at{};
};

class PublicLedger {
 public:
  // Applies the public entry of index size(): `entry` is its exact bytes.
  // Fails with kCorrupt, "entry N: ..." naming the index and the reason,
  // when the entry is not a public event, its `seq` is not N, its type is
  // unknown or its body lacks a member the replay reads (or refers to a
  // record no earlier entry created). A failed Apply leaves the ledger as
  // it was, so the caller may stop there and still read it.
  core::Status Apply(std::string_view entry);

  // Replays `entries` (the log from index 0, in order) into a new ledger;
  // the first error of Apply.
  static core::Result<PublicLedger> Replay(std::span<const std::string> entries);

  // The number of entries applied (the tree size the state stands for).
  std::uint64_t size() const { return size_; }
  // The `at` of the first and of the last entry applied; the epoch when
  // empty.
  core::Timestamp first_at() const { return first_at_; }
  core::Timestamp last_at() const { return last_at_; }

  // Records in the order their first entry appeared in the log.
  const std::vector<PublicReport>& reports() const { return reports_; }
  const std::vector<PublicParty>& parties() const { return parties_; }
  const std::vector<PublicNotification>& notifications() const { return notifications_; }
  const std::vector<PublicCase>& cases() const { return cases_; }
  const std::vector<PublicFinding>& findings() const { return findings_; }
  const std::vector<PublicRecommendation>& recommendations() const { return recommendations_; }

  // The state a party id speaks for: its `state` when its kind is "state";
  // "" for an unknown id or any other kind (an operator's home state does
  // not make its acts the state's). O(log n).
  std::string StateOf(std::string_view party_id) const;
  // The case of that id, nullptr when none.
  const PublicCase* FindCase(std::string_view case_id) const;

 private:
  std::uint64_t size_ = 0;
  core::Timestamp first_at_{};
  core::Timestamp last_at_{};
  std::vector<PublicReport> reports_;
  std::vector<PublicParty> parties_;
  std::vector<PublicNotification> notifications_;
  std::vector<PublicCase> cases_;
  std::vector<PublicFinding> findings_;
  std::vector<PublicRecommendation> recommendations_;
  // Id -> index in the vectors above (ids are unique per kind).
  std::map<std::string, std::size_t, std::less<>> report_index_;
  std::map<std::string, std::size_t, std::less<>> party_index_;
  std::map<std::string, std::size_t, std::less<>> notification_index_;
  std::map<std::string, std::size_t, std::less<>> case_index_;
  std::map<std::string, std::size_t, std::less<>> recommendation_index_;  // by case id

  friend class LedgerApplier;
};

}  // namespace accord::transparency
