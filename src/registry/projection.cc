#include "registry/projection.h"

#include "core/canonical_json.h"
#include "exchange/import_plan_json.h"
#include "registry/record_writes.h"
#include "registry/records.h"

namespace accord::registry {

core::Status ApplyEvent(const Event& event, store::WriteBatch& batch) {
  auto fail = [&](const core::Error& error) {
    return core::Corrupt("event " + std::to_string(event.seq) + " (" + event.type +
                         "): " + error.message);
  };
  const std::string& type = event.type;
  if (type == event_type::kPartyRegistered || type == event_type::kPartyRevoked) {
    auto party = PartyFromJson(event.full_body);
    if (!party) return fail(party.error());
    return batch.PutParty(PartyToRow(*party, event.seq));
  }
  if (type == event_type::kTokenIssued || type == event_type::kTokenRevoked) {
    auto token = TokenFromJson(event.full_body);
    if (!token) return fail(token.error());
    return batch.PutToken(TokenToRow(*token));
  }
  if (type == event_type::kReportSubmitted || type == event_type::kReportAmended ||
      type == event_type::kReportWithdrawn) {
    if (event.report)  // the write path: the record is at hand
      return batch.PutReport(
          ReportToRow(*event.report, event.seq, core::FormatRfc3339(event.at), event.full_body_json));
    auto report = ReportFromJson(event.full_body);
    if (!report) return fail(report.error());
    return batch.PutReport(ReportToRow(*report, event.seq, core::FormatRfc3339(event.at)));
  }
  if (type == event_type::kReportRead) return core::Ok();  // an audit record only
  if (type == event_type::kTechniqueRecorded) {
    std::vector<model::FieldError> errors;
    exchange::Technique technique = exchange::TechniqueFromJson(event.full_body, "", errors);
    if (!errors.empty()) return fail(core::Corrupt(errors.front().ToString()));
    return batch.PutTechnique(store::TechniqueRow{
        technique.id, core::SerializeCanonical(exchange::TechniqueToJson(technique)), event.seq});
  }
  if (type == event_type::kAdvisoryRecorded) {
    std::vector<model::FieldError> errors;
    exchange::Advisory advisory = exchange::AdvisoryFromJson(event.full_body, "", errors);
    if (!errors.empty()) return fail(core::Corrupt(errors.front().ToString()));
    return batch.PutAdvisory(store::AdvisoryRow{
        advisory.publisher, advisory.tracking_id, advisory.cves,
        core::SerializeCanonical(exchange::AdvisoryToJson(advisory)), event.seq});
  }
  if (CarriesRecordWrites(type)) {
    auto rows = RecordRowsOf(event);
    if (!rows) return rows.error();
    for (const auto& row : *rows)
      if (auto put = batch.PutRecord(row); !put) return put;
    return core::Ok();
  }
  return core::Corrupt("event " + std::to_string(event.seq) + ": unknown type \"" + type + "\"");
}

core::Status RebuildProjections(store::Store& store,
                                const std::function<void(std::uint64_t)>& progress) {
  auto batch = store.BeginWrite();
  if (!batch) return batch.error();
  if (auto cleared = (*batch)->ClearProjections(); !cleared) return cleared;
  std::uint64_t replayed = 0;
  auto replay = store.ForEachEvent(0, [&](const store::EventRecord& record) -> core::Status {
    auto event = DecodeFullEvent(record.full_json);
    if (!event) return event.error();
    if (event->seq != record.seq)
      return core::Corrupt("event " + std::to_string(record.seq) + " says it is event " +
                           std::to_string(event->seq));
    if (auto applied = ApplyEvent(*event, **batch); !applied) return applied;
    if (++replayed % 10000 == 0 && progress) progress(replayed);
    return core::Ok();
  });
  if (!replay) return replay;
  if (progress) progress(replayed);
  return (*batch)->Commit();
}

}  // namespace accord::registry
