// The two outward forms of an Evaluation (norms/evaluate.h): JSON, for the
// API, the log and `accord norms check --json`; and text, for people at a
// terminal. Both begin with the assessment notice (an evaluation is an
// assessment, not a finding) and, for demonstration adherence data, say so.
// docs/norms.md, "Output", describes the JSON members.
#pragma once

#include <string>

#include "core/json_value.h"
#include "norms/evaluate.h"

namespace accord::norms {

// The identifier of the JSON form, its member "format".
inline constexpr std::string_view kEvaluationFormat = "accord.norms-evaluation/1";

// The evaluation as JSON: members in a fixed order, integers only (no
// floating point), so that core::SerializeCanonical gives the same bytes on
// every node.
core::JsonValue EvaluationToJson(const Evaluation& evaluation);

enum class TextDetail {
  kSummary,     // verdicts, principles, red lines, response; no traces
  kWithTraces,  // and, under each verdict and principle, its trace
};

// The evaluation for a terminal, lines of at most ~100 columns except for
// long ids and values.
std::string EvaluationToText(const Evaluation& evaluation, TextDetail detail);

}  // namespace accord::norms
