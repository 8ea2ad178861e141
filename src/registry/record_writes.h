// Record writes: how the events of issue 8 (points of contact,
// notifications, cases, responses) carry the records they change.
//
// Each such event's full body holds, beside anything else its type needs,
//   "records": [ {"kind","id","status","parties":[...],"exercise",
//                 "created_seq","full":{...},"public":{...}|null}, ... ]
// one item per record the event creates or changes, each the whole record
// after the change. The projection of every one of these event types is
// then the same pure function (ApplyRecordWrites): put each listed row,
// with updated_seq = the event's seq and created_seq = the event's seq
// when the item says 0 (a record the event creates). `accord rebuild`
// replays them like any other event.
//
// The public body of the event is separate and designed per type: what the
// log tells everyone. The rows' "public" forms are what the API shows the
// public; "full" stays in the store.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_value.h"
#include "core/result.h"
#include "store/store.h"

namespace accord::registry {

struct Event;

// Every kind of record (docs/registry.md): a write of another kind is
// refused as corrupt, so a typo cannot create a table nobody reads, and
// `accord rebuild --check` knows what to compare.
inline constexpr std::string_view kRecordKinds[] = {
    "contact", "notification", "notification-status", "case", "allegation", "evidence", "finding",
    "recommendation"};

struct RecordWrite {
  std::string kind;
  std::string id;
  std::string status;
  std::vector<std::string> parties;
  bool exercise = false;
  std::uint64_t created_seq = 0;  // 0: the event creates the record
  core::JsonValue full;
  core::JsonValue public_form;  // null when the record has no public form
};

// The "records" member's value for `writes`.
core::JsonValue RecordWritesJson(const std::vector<RecordWrite>& writes);

// {"records": RecordWritesJson(writes)} plus `extra` members (which must not
// be named "records"): a ready full body.
core::JsonValue RecordWritesBody(const std::vector<RecordWrite>& writes, core::JsonObject extra = {});

// The rows `event` writes, with seqs resolved against event.seq. kCorrupt
// naming the event and the item when its full body has no well-formed
// "records", or an item's kind is not in kRecordKinds.
core::Result<std::vector<store::RecordRow>> RecordRowsOf(const Event& event);

// Whether events of `type` carry record writes (the issue 8 types).
bool CarriesRecordWrites(std::string_view type);

}  // namespace accord::registry
