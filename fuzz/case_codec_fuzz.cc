// libFuzzer target for the grievance records' codec (model/case.h) and the
// case state machine (model/case_stage.h). Besides memory errors and
// undefined behaviour it checks the properties a bug would break:
//   - each decoder gives a record and no errors, or errors and no record;
//     every error has a pointer that is "" or starts with "/", and a message;
//     never more than kMaxErrors;
//   - a decoded record's encoding decodes to an equal record whose encoding
//     is the same bytes (the log holds one form of each record);
//   - driven by the input's bytes as a sequence of steps, a case never
//     leaves the transition table: each accepted step is one AllowedTransitions
//     lists, history times never go backwards, the appeal is used at most once.
// Any violation aborts, so libFuzzer reports it as a crash. Seeds are in
// fuzz/corpus/case_codec/.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "model/case.h"
#include "model/case_stage.h"

namespace {

using namespace accord::model;

[[noreturn]] void Violated(const char* property, std::string_view detail) {
  std::fprintf(stderr, "property violated: %s\n%.*s\n", property, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

template <typename T>
void CheckShape(const CaseDecodeResult<T>& result) {
  if (result.ok() != result.errors.empty()) Violated("a record xor errors", "");
  if (result.errors.size() > CaseDecodeResult<T>::kMaxErrors) Violated("errors are capped", "");
  for (const FieldError& error : result.errors) {
    if (!error.pointer.empty() && error.pointer[0] != '/')
      Violated("a pointer is empty or starts with /", error.pointer);
    if (error.message.empty()) Violated("every error has a message", error.pointer);
  }
}

template <typename T, typename Decode, typename Encode>
void CheckRoundTrip(std::string_view text, Decode decode, Encode encode) {
  const CaseDecodeResult<T> result = decode(text);
  CheckShape(result);
  if (!result.ok()) return;
  const std::string encoded = encode(*result.value);
  const CaseDecodeResult<T> again = decode(encoded);
  CheckShape(again);
  if (!again.ok())
    Violated("an encoded record decodes", again.errors[0].ToString() + "\n" + encoded);
  if (!(*again.value == *result.value)) Violated("the round trip gives an equal record", encoded);
  if (encode(*again.value) != encoded) Violated("the encoding is stable", encoded);
}

// Each byte is one step: the low 4 bits pick the target stage, the next 3
// bits the actor, the top bit whether to expire the deadline instead.
void DriveStateMachine(std::string_view bytes) {
  Allegation allegation;
  allegation.id = *accord::core::StixId::Parse("allegation--3b9a1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
  allegation.accused_state = "RU";
  allegation.filed_at = *accord::core::ParseRfc3339("2020-01-01T00:00:00Z");
  CaseState state = OpenCase(
      *accord::core::StixId::Parse("case--6f1c2a9e-8b3d-4c7a-9e2f-1a5b3c7d9e0f"), allegation);
  accord::core::Timestamp now = allegation.filed_at;
  int appeals = 0;
  for (std::size_t i = 0; i < bytes.size() && i < 256; ++i) {
    const auto byte = static_cast<unsigned char>(bytes[i]);
    now += std::chrono::hours(24 * (byte % 7));
    accord::core::Result<CaseState> next = state;
    if ((byte & 0x80) != 0) {
      next = ExpireDeadline(state, now);
    } else if ((byte & 0x0f) == 0x0f) {
      next = RecordAppointment(state, (byte & 0x10) ? CaseSide::kFiler : CaseSide::kAccused, now);
    } else {
      const auto to = static_cast<CaseStage>((byte & 0x0f) % 15);
      const auto by = static_cast<CaseActor>(((byte >> 4) & 0x7) % 4);
      next = ApplyTransition(state, CaseTransition{to, by, "fuzz"}, now);
    }
    if (!next) continue;
    if (next->stage != state.stage) {
      const auto allowed = AllowedTransitions(state.stage, state.appeal);
      bool listed = false;
      for (CaseStage stage : allowed) listed = listed || stage == next->stage;
      if (!listed) Violated("an accepted step is an allowed transition", Name(next->stage));
      if (next->history.size() != state.history.size() + 1) Violated("one entry per step", "");
      if (next->history.back().at < state.history.back().at) Violated("time never goes back", "");
      if (next->stage == CaseStage::kAppealLodged) ++appeals;
    }
    state = std::move(*next);
  }
  if (appeals > 1) Violated("one appeal at most", "");
  (void)StageAttrition({&state, 1});
  (void)CasePublicJson(state);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckRoundTrip<Allegation>(
      input, [](std::string_view t) { return DecodeAllegation(t); },
      [](const Allegation& a) { return EncodeAllegation(a); });
  CheckRoundTrip<Evidence>(
      input, [](std::string_view t) { return DecodeEvidence(t); },
      [](const Evidence& e) { return EncodeEvidence(e); });
  CheckRoundTrip<Finding>(
      input, [](std::string_view t) { return DecodeFinding(t); },
      [](const Finding& f) { return EncodeFinding(f); });
  DriveStateMachine(input);
  return 0;
}
