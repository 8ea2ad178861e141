#include "norms/internal/catalogue_checks.h"

#include <algorithm>
#include <string>
#include <vector>

#include "norms/internal/condition_parser.h"

namespace accord::norms::internal {
namespace {

// The referencable entries as one graph: definitions, then principles, red
// lines and prohibited actions, each kind a consecutive range of nodes.
class ReferenceGraph {
 public:
  explicit ReferenceGraph(const Catalogue& catalogue) : tables_(catalogue.tables()) {
    offsets_[0] = 0;
    offsets_[1] = offsets_[0] + tables_.definitions.size();
    offsets_[2] = offsets_[1] + tables_.principles.size();
    offsets_[3] = offsets_[2] + tables_.red_lines.size();
    offsets_[4] = offsets_[3] + tables_.prohibited_actions.size();
    state_.assign(offsets_[4], State::kUnvisited);
    expanded_.assign(offsets_[4], 0);
    depth_.assign(offsets_[4], 0);
  }

  // Visits every node; fails on the first cycle or oversized expansion.
  core::Status CheckAll() {
    for (std::size_t node = 0; node < offsets_[4]; ++node) {
      if (auto visited = Visit(node); !visited) return visited.error();
    }
    return core::Ok();
  }

  // The number of checks `condition` expands to, references included.
  // REQUIRES: CheckAll() succeeded.
  std::size_t Expanded(const Condition& condition) const {
    std::size_t total = 1;
    for (const Condition& child : condition.children) total = Add(total, Expanded(child));
    for (std::size_t target : Targets(condition)) total = Add(total, expanded_[target]);
    return total;
  }

  // How deep evaluating `condition` recurses, references included.
  // REQUIRES: CheckAll() succeeded.
  std::size_t Depth(const Condition& condition) const {
    std::size_t deepest = 0;
    for (const Condition& child : condition.children) deepest = std::max(deepest, Depth(child));
    for (std::size_t target : Targets(condition)) deepest = std::max(deepest, depth_[target]);
    return std::min(deepest + 1, Catalogue::kMaxExpandedDepth + 1);
  }

 private:
  enum class State { kUnvisited, kVisiting, kDone };

  static std::size_t Add(std::size_t a, std::size_t b) {
    std::size_t sum = a + b;
    return sum > Catalogue::kMaxExpandedChecks ? Catalogue::kMaxExpandedChecks + 1 : sum;
  }

  const NamedCondition& Entry(std::size_t node) const {
    if (node < offsets_[1]) return tables_.definitions[node];
    if (node < offsets_[2]) return tables_.principles[node - offsets_[1]];
    if (node < offsets_[3]) return tables_.red_lines[node - offsets_[2]];
    return tables_.prohibited_actions[node - offsets_[3]];
  }

  std::string Describe(std::size_t node) const {
    static constexpr const char* kNouns[] = {"definition", "principle", "red line",
                                             "prohibited action"};
    std::size_t kind = node < offsets_[1] ? 0 : node < offsets_[2] ? 1 : node < offsets_[3] ? 2 : 3;
    return std::string(kNouns[kind]) + " " + Quote(Entry(node).id);
  }

  // The nodes `condition` itself refers to (not its children's).
  std::vector<std::size_t> Targets(const Condition& condition) const {
    switch (condition.kind) {
      case Condition::Kind::kDefinition: return {offsets_[0] + condition.target};
      case Condition::Kind::kPrinciple: return {offsets_[1] + condition.target};
      case Condition::Kind::kRedLine: return {offsets_[2] + condition.target};
      case Condition::Kind::kProhibitedAction: {
        if (condition.target != Condition::kAnyTarget) return {offsets_[3] + condition.target};
        std::vector<std::size_t> all;
        for (std::size_t node = offsets_[3]; node < offsets_[4]; ++node) all.push_back(node);
        return all;
      }
      default: return {};
    }
  }

  void Collect(const Condition& condition, std::vector<std::size_t>& out) const {
    for (std::size_t target : Targets(condition)) out.push_back(target);
    for (const Condition& child : condition.children) Collect(child, out);
  }

  // Depth-first; the recursion is bounded by the number of entries
  // (Catalogue::kMaxEntries per kind), since a node on the path is never
  // entered twice.
  core::Status Visit(std::size_t node) {
    if (state_[node] == State::kDone) return core::Ok();
    if (state_[node] == State::kVisiting) {
      std::string cycle = Describe(node);
      for (auto it = path_.rbegin(); it != path_.rend(); ++it) {
        cycle = Describe(*it) + " -> " + cycle;
        if (*it == node) break;
      }
      return core::InvalidArgument("references form a cycle: " + cycle);
    }
    state_[node] = State::kVisiting;
    path_.push_back(node);
    std::vector<std::size_t> targets;
    Collect(Entry(node).condition, targets);
    for (std::size_t target : targets) {
      if (auto visited = Visit(target); !visited) return visited.error();
    }
    path_.pop_back();
    state_[node] = State::kDone;
    expanded_[node] = Expanded(Entry(node).condition);
    if (expanded_[node] > Catalogue::kMaxExpandedChecks)
      return core::ResourceExhausted(Describe(node) + ": expands to more than " +
                                     std::to_string(Catalogue::kMaxExpandedChecks) + " checks");
    depth_[node] = Depth(Entry(node).condition);
    if (depth_[node] > Catalogue::kMaxExpandedDepth)
      return core::ResourceExhausted(Describe(node) + ": nests, through its references, more than " +
                                     std::to_string(Catalogue::kMaxExpandedDepth) + " levels deep");
    return core::Ok();
  }

  const ConditionTables& tables_;
  std::size_t offsets_[5];
  std::vector<State> state_;
  std::vector<std::size_t> expanded_;
  std::vector<std::size_t> depth_;
  std::vector<std::size_t> path_;
};

bool RefersToRedLine(const Condition& condition, std::size_t red_line) {
  if (condition.kind == Condition::Kind::kRedLine && condition.target == red_line) return true;
  for (const Condition& child : condition.children)
    if (RefersToRedLine(child, red_line)) return true;
  return false;
}

}  // namespace

core::Status CheckCatalogue(const Catalogue& catalogue) {
  ReferenceGraph graph(catalogue);
  if (auto checked = graph.CheckAll(); !checked) return checked.error();

  for (const Norm& norm : catalogue.norms()) {
    for (const auto* condition : {norm.applies_when ? &*norm.applies_when : nullptr,
                                  norm.attributed_when ? &*norm.attributed_when : nullptr,
                                  norm.violated_when ? &*norm.violated_when : nullptr}) {
      if (condition == nullptr) continue;
      if (graph.Expanded(*condition) > Catalogue::kMaxExpandedChecks ||
          graph.Depth(*condition) > Catalogue::kMaxExpandedDepth)
        return core::ResourceExhausted("norm " + Quote(norm.id) + ": expands to more than " +
                                       std::to_string(Catalogue::kMaxExpandedChecks) + " checks or " +
                                       std::to_string(Catalogue::kMaxExpandedDepth) + " levels");
    }
  }
  const Condition& sufficient = catalogue.response_rule().attribution_sufficient_when;
  if (graph.Expanded(sufficient) > Catalogue::kMaxExpandedChecks ||
      graph.Depth(sufficient) > Catalogue::kMaxExpandedDepth)
    return core::ResourceExhausted("response_rule: expands too far (" +
                                   std::to_string(Catalogue::kMaxExpandedChecks) + " checks, " +
                                   std::to_string(Catalogue::kMaxExpandedDepth) + " levels)");

  // A red line gives effect to one binding norm, and that norm refers to it:
  // a red line that no norm uses would never decide a verdict.
  for (std::size_t index = 0; index < catalogue.red_lines().size(); ++index) {
    const RedLine& red_line = catalogue.red_lines()[index];
    std::string label = "red line " + Quote(red_line.id) + ": key \"norm\": ";
    const Norm* norm = catalogue.FindNorm(red_line.norm);
    if (norm == nullptr) return core::InvalidArgument(label + "unknown norm " + Quote(red_line.norm));
    if (norm->layer != Layer::kBinding)
      return core::InvalidArgument(label + "norm " + Quote(norm->id) +
                                   " is not binding; red lines are binding prohibitions");
    if (!norm->violated_when || !RefersToRedLine(*norm->violated_when, index))
      return core::InvalidArgument(label + "norm " + Quote(norm->id) +
                                   " does not refer to this red line in its violated_when");
  }
  return core::Ok();
}

}  // namespace accord::norms::internal
