#include "registry/record_writes.h"

#include <array>

#include "core/canonical_json.h"
#include "registry/event.h"
#include "registry/internal/json_util.h"

namespace accord::registry {
namespace {

using core::JsonType;
using core::JsonValue;
using internal::Bool;
using internal::Int;
using internal::Obj;
using internal::Str;
using internal::StrArray;

constexpr std::array<std::string_view, 16> kRecordEventTypes = {
    event_type::kContactUpdated,         event_type::kNotificationSent,
    event_type::kNotificationDelivered,  event_type::kNotificationReplied,
    event_type::kNotificationOverdue,    event_type::kCaseFiled,
    event_type::kCaseEvidenceAdded,      event_type::kCaseEvidenceAccessed,
    event_type::kCaseTransitioned,       event_type::kCaseDeadlineExpired,
    event_type::kCaseArbitratorAppointed, event_type::kCaseConflictDeclared,
    event_type::kCasePanelDrawn,         event_type::kCaseFindingIssued,
    event_type::kResponseRecommended,    event_type::kResponseRemediationRecorded,
};

core::Result<store::RecordRow> RowOf(const JsonValue& item, std::uint64_t seq, const std::string& where) {
  if (item.type() != JsonType::kObject) return core::Corrupt(where + ": not an object");
  store::RecordRow row;
  auto kind = internal::GetString(item, "kind", where);
  if (!kind) return kind.error();
  auto id = internal::GetString(item, "id", where);
  if (!id) return id.error();
  auto status = internal::GetString(item, "status", where);
  if (!status) return status.error();
  auto created = internal::GetInt(item, "created_seq", where);
  if (!created) return created.error();
  if (*created < 0) return core::Corrupt(where + ": created_seq is negative");
  auto full = internal::Member(item, "full", where);
  if (!full) return full.error();
  if ((*full)->type() != JsonType::kObject) return core::Corrupt(where + ": member \"full\" must be an object");
  const JsonValue* public_form = item.Find("public");
  bool known = false;
  for (auto candidate : kRecordKinds) known = known || candidate == *kind;
  if (!known) return core::Corrupt(where + ": unknown record kind \"" + *kind + "\"");
  row.kind = std::move(*kind);
  row.id = std::move(*id);
  if (row.id.empty()) return core::Corrupt(where + ": id must not be empty");
  row.status = std::move(*status);
  row.parties = internal::GetStrings(item, "parties");
  row.exercise = internal::GetBoolOr(item, "exercise", false);
  row.created_seq = *created == 0 ? seq : static_cast<std::uint64_t>(*created);
  row.updated_seq = seq;
  row.full_json = core::SerializeCanonical(**full);
  if (public_form != nullptr && public_form->type() == JsonType::kObject)
    row.public_json = core::SerializeCanonical(*public_form);
  return row;
}

}  // namespace

JsonValue RecordWritesJson(const std::vector<RecordWrite>& writes) {
  core::JsonArray items;
  items.reserve(writes.size());
  for (const auto& write : writes) {
    items.push_back(Obj({{"kind", Str(write.kind)},
                         {"id", Str(write.id)},
                         {"status", Str(write.status)},
                         {"parties", StrArray(write.parties)},
                         {"exercise", Bool(write.exercise)},
                         {"created_seq", Int(static_cast<std::int64_t>(write.created_seq))},
                         {"full", write.full},
                         {"public", write.public_form}}));
  }
  return JsonValue::Array(std::move(items));
}

JsonValue RecordWritesBody(const std::vector<RecordWrite>& writes, core::JsonObject extra) {
  core::JsonObject members;
  members.reserve(extra.size() + 1);
  members.push_back({"records", RecordWritesJson(writes)});
  for (auto& member : extra) members.push_back(std::move(member));
  return Obj(std::move(members));
}

core::Result<std::vector<store::RecordRow>> RecordRowsOf(const Event& event) {
  const std::string what = "event " + std::to_string(event.seq) + " (" + event.type + ")";
  const JsonValue* records = event.full_body.Find("records");
  if (records == nullptr || records->type() != JsonType::kArray)
    return core::Corrupt(what + ": full body has no \"records\" array");
  std::vector<store::RecordRow> rows;
  rows.reserve(records->AsArray().size());
  for (std::size_t i = 0; i < records->AsArray().size(); ++i) {
    auto row = RowOf(records->AsArray()[i], event.seq, what + ": records/" + std::to_string(i));
    if (!row) return row.error();
    rows.push_back(std::move(*row));
  }
  return rows;
}

bool CarriesRecordWrites(std::string_view type) {
  for (auto known : kRecordEventTypes)
    if (known == type) return true;
  return false;
}

}  // namespace accord::registry
