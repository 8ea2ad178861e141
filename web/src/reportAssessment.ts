// The report page's assessment parts: the severity breakdown (the
// methodology's factors with what the public form says for each and, from the
// node's GET /v1/reports/{id}/assessment, each factor's points and
// contribution), each norm's evaluation trace, the notes saying where the
// assessment stands (loading, ready, withheld, not found, failed), and the DOM
// of the severity table and of a trace. `severityRows` and `traceView` are
// pure and tested; report.ts puts them on the page.

import type { AssessmentResult } from './api';
import { h, table, type Cell } from './dom';
import { codeLabel, formatCount, layerLabel, levelLabel, sectorLabel, verdictLabel } from './format';
import { reportEnvelope, type Assessment, type NormVerdictTrace, type ReportView, type SeverityBreakdown } from './parse';
import { isCommitment, member, objectList, showValue, type Json } from './publicForm';

export interface SeverityRow {
  /** The methodology's factor (docs/methodology.md section 3), or a result row. */
  dimension: string;
  weight: string;
  /** What the public form says for this factor (for a result row: the result). */
  input: string;
  /** The methodology's name of the factor ("functional_impact"); absent on result rows. */
  factor?: string;
  /** From the node's breakdown only: the points (0..1000) the report scores. */
  points?: string;
  /** From the node's breakdown only: weight × points ÷ 100. */
  contribution?: string;
  /** From the node's breakdown only: "missing (scored at default: ...)" when the report leaves the factor out. */
  missing?: string;
}

/** The assessment's state on the page: not answered yet, or what the node answered. */
export type AssessmentState = AssessmentResult | { kind: 'loading' };

/** One step of a norm's trace, ready to show. */
export interface TraceLine {
  depth: number;
  step: string;
  /** "true", "false" or "unknown", as the engine says. */
  outcome: string;
  /** The report fields the step read with their values ("/effects/integrity = true"), or "". */
  detail: string;
}

/** One norm's verdict with its trace (a `<details data-trace-for="NORM">`). */
export interface TraceView {
  norm: string;
  title: string;
  layer: string;
  verdict: string;
  /** The evaluation's stages and outcomes: "applies: true · attributed: false · ...". */
  stages: string;
  lines: TraceLine[];
}

const EFFECT_LABELS: Record<string, string> = {
  availability: 'availability lost',
  integrity: 'integrity lost',
  confidentiality: 'confidentiality lost',
};

/** The functional impact factor's input: the effects the report says were lost. */
export function functionalImpact(effects: unknown): string {
  if (isCommitment(effects)) return 'withheld';
  const lost = ['availability', 'integrity', 'confidentiality'].filter((name) => member(effects, name) === true);
  const withheld = ['availability', 'integrity', 'confidentiality'].some((name) => isCommitment(member(effects, name)));
  if (withheld) return 'withheld';
  return lost.length === 0 ? 'no loss reported' : lost.map((name) => EFFECT_LABELS[name]).join(', ');
}

function population(form: Json): string {
  const effects = form['effects'];
  const people = member(effects, 'people_affected');
  if (isCommitment(people)) return 'withheld';
  if (people !== undefined) return `${showValue(people)} people affected`;
  const served = objectList(form['affected_entities'])
    .map((entity) => entity['population_served'])
    .filter((value): value is number => typeof value === 'number');
  if (served.length > 0) return `${formatCount(served.reduce((a, b) => a + b, 0))} served by the affected entities`;
  return 'not reported';
}

function casualties(effects: unknown): string {
  const injuries = member(effects, 'injuries');
  const deaths = member(effects, 'deaths');
  if (isCommitment(injuries) || isCommitment(deaths)) return 'withheld';
  if (injuries === undefined && deaths === undefined) return 'not reported';
  return `${showValue(injuries ?? 0)} injured, ${showValue(deaths ?? 0)} dead`;
}

// The order of state involvement the methodology ranks attributions by (section 3, "actor").
const SPONSORSHIP_ORDER = ['non-state', 'state-tolerated', 'state-sponsored', 'state-directed', 'state-conducted'];

function actor(form: Json): string {
  const attributions = objectList(form['attributions']);
  if (isCommitment(form['attributions'])) return 'withheld';
  if (attributions.length === 0) return 'no attribution';
  let best = -1;
  for (const attribution of attributions) {
    const rank = SPONSORSHIP_ORDER.indexOf(String(attribution['sponsorship']));
    best = Math.max(best, rank);
  }
  return best < 0 ? 'unknown sponsorship' : `most state-involved attribution: ${SPONSORSHIP_ORDER[best]}`;
}

// The methodology's factor names (docs/methodology.md section 3) as the table shows them.
const FACTOR_LABELS: Record<string, string> = {
  functional_impact: 'Functional impact',
  population: 'Population',
  duration: 'Duration',
  physical_damage: 'Physical damage',
  casualties: 'Casualties',
  recoverability: 'Recoverability',
  effect_location: 'Effect location',
  cascade: 'Cascade',
  actor: 'Actor',
};

/**
 * The severity factors with the public form's inputs, then the results the
 * reader may see. With the node's `breakdown` (GET .../assessment) each
 * factor also gets its points, its contribution and, when the report leaves
 * it out, how it was scored instead; the results are then the breakdown's.
 */
export function severityRows(view: ReportView, breakdown?: SeverityBreakdown): SeverityRow[] {
  const form = view.public_form;
  const effects = form['effects'];
  const hours = member(effects, 'disruption_hours');
  const cascade = member(effects, 'cascade_sectors');
  const rows: SeverityRow[] = [
    { dimension: 'Functional impact', weight: '16', input: functionalImpact(effects) },
    { dimension: 'Population', weight: '20', input: population(form) },
    {
      dimension: 'Duration',
      weight: '12',
      input: hours === undefined ? 'not reported' : isCommitment(hours) ? 'withheld' : `${showValue(hours)} hours of disruption`,
    },
    { dimension: 'Physical damage', weight: '10', input: showValue(member(effects, 'physical_damage')) },
    { dimension: 'Casualties', weight: '18', input: casualties(effects) },
    { dimension: 'Recoverability', weight: '8', input: showValue(member(effects, 'recoverability')) },
    { dimension: 'Effect location', weight: '7', input: showValue(member(effects, 'effect_location')) },
    {
      dimension: 'Cascade',
      weight: '5',
      input:
        cascade === undefined
          ? 'no observed cascade'
          : isCommitment(cascade)
            ? 'withheld'
            : `observed in: ${showValue(cascade, sectorLabel)}`,
    },
    { dimension: 'Actor', weight: '4', input: actor(form) },
  ];
  const factorNames = Object.keys(FACTOR_LABELS);
  rows.forEach((row, i) => {
    row.factor = factorNames[i] ?? '';
  });
  if (breakdown !== undefined) return breakdownRows(rows, breakdown);
  const envelope = reportEnvelope(view);
  const level = view.severity?.level ?? envelope.severity_level;
  rows.push({ dimension: 'Level', weight: '', input: level === undefined ? 'withheld' : levelLabel(level) });
  if (view.severity !== undefined) {
    const { score, range, confidence, methodology_version } = view.severity;
    rows.push(
      { dimension: 'Score', weight: '', input: `${score} of 1000 (range ${range.low} to ${range.high}, ${confidence} confidence)` },
      { dimension: 'Methodology', weight: '', input: `version ${methodology_version}` },
    );
  }
  return rows;
}

// The factors in the breakdown's order, each with what the report says (from
// `inputs`), then the breakdown's results.
function breakdownRows(inputs: SeverityRow[], breakdown: SeverityBreakdown): SeverityRow[] {
  const byFactor = new Map(inputs.map((row) => [row.factor, row]));
  const rows: SeverityRow[] = breakdown.factors.map((factor) => {
    const row: SeverityRow = {
      dimension: FACTOR_LABELS[factor.factor] ?? codeLabel(factor.factor),
      factor: factor.factor,
      weight: String(factor.weight),
      points: formatCount(factor.points),
      contribution: factor.contribution,
      input: byFactor.get(factor.factor)?.input ?? '',
    };
    if (factor.missing) {
      const treatment = breakdown.missing.find((item) => item.factor === factor.factor)?.treatment;
      row.missing = treatment === undefined ? 'missing (scored at default)' : `missing (scored at default: ${treatment})`;
    }
    return row;
  });
  rows.push(
    { dimension: 'Score', weight: '', input: `${breakdown.score} of 1000 (the sum of the contributions)` },
    { dimension: 'Level', weight: '', input: levelLabel(breakdown.level) },
    { dimension: 'Range', weight: '', input: `${breakdown.score_min} to ${breakdown.score_max}` },
    { dimension: 'Confidence', weight: '', input: breakdown.confidence },
    { dimension: 'Methodology', weight: '', input: `version ${breakdown.methodology_version}` },
  );
  return rows;
}

// A trace step's fields with their values: paired when there is one value per
// field ("/effects/integrity = true"), else each list on its own.
function traceDetail(fields: string[], values: string[]): string {
  if (fields.length > 0 && fields.length === values.length) {
    return fields.map((field, i) => `${field} = ${values[i] ?? ''}`).join('; ');
  }
  const parts: string[] = [];
  if (fields.length > 0) parts.push(`${fields.length === 1 ? 'field' : 'fields'} ${fields.join(', ')}`);
  if (values.length > 0) parts.push(`${values.length === 1 ? 'value' : 'values'} ${values.join(', ')}`);
  return parts.join('; ');
}

/** One norm's verdict and trace as the page shows it. */
export function traceView(verdict: NormVerdictTrace): TraceView {
  return {
    norm: verdict.norm,
    title: verdict.title,
    layer: layerLabel(verdict.layer),
    verdict: verdictLabel(verdict.verdict),
    stages: Object.entries(verdict.steps).map(([stage, outcome]) => `${stage}: ${outcome}`).join(' · '),
    lines: verdict.trace.map((step) => ({
      depth: step.depth,
      step: step.step,
      outcome: step.outcome,
      detail: traceDetail(step.fields, step.values),
    })),
  };
}

const SEVERITY_BASE =
  'Factors and weights of the severity methodology (docs/methodology.md), with what this report says for each.';

/** What the severity block says above its table, given where the assessment stands. */
export function severityNote(view: ReportView, state: AssessmentState): string {
  const score = view.severity === undefined
    ? ' The public envelope gives the level; the score and its range are shown to parties signed in with a token.'
    : ' The score is the one the node computed at submission.';
  switch (state.kind) {
    case 'ready':
      return `The node's breakdown of this report's severity, recomputed from the stored report with methodology version ${state.value.severity.methodology_version} (docs/methodology.md): for each factor its weight, the points the report scores (0 to 1000) and its contribution (weight × points ÷ 100; the score is their sum), with what the report says. A factor the report leaves out is scored at the methodology's default and marked "missing".`;
    case 'loading':
      return `${SEVERITY_BASE}${score} Loading the node's breakdown (the points of each factor)…`;
    case 'withheld':
      return `${SEVERITY_BASE} This report has fields above TLP:CLEAR, so only its level is public: the points of each factor would tell what the withheld fields hold. Signed-in parties who may read the report see its score in the report itself${view.severity === undefined ? '' : ' (as shown here)'}.`;
    case 'not-found':
      return `${SEVERITY_BASE}${score} The node has no breakdown of this report (${state.detail}).`;
    case 'failed':
      return `${SEVERITY_BASE}${score} The node's breakdown could not be loaded: ${state.reason}.`;
  }
}

/** What the verdicts block says above its tables, given where the assessment stands. */
export function verdictNote(view: ReportView, state: AssessmentState): string {
  if (state.kind === 'ready') {
    return 'The verdict of each norm that applied, from the node\'s norms engine run on the stored report, each with its trace: open a norm to read every step of its test, indented under the step it belongs to, with its outcome and the report fields and values it read.';
  }
  const base = view.verdicts === undefined
    ? 'The public envelope gives the most serious verdict of the binding norms. The verdict for each norm is shown to parties signed in with a token.'
    : 'The verdict of each norm that applied.';
  switch (state.kind) {
    case 'loading':
      return `${base} Loading the evaluation traces…`;
    case 'withheld':
      return `${base} The evaluation traces are not public for this report: it has fields above TLP:CLEAR, and the traces would tell what they hold.`;
    case 'not-found':
      return `${base} The node has no evaluation of this report (${state.detail}).`;
    case 'failed':
      return `${base} The evaluation traces could not be loaded: ${state.reason}.`;
  }
}

/** A layer's counts of verdicts ("2 potential violation, 1 did not apply"), or "" when all are 0. */
export function layerCounts(summary: Assessment['evaluation']['summaries'][number]): string {
  const counts = [
    [summary.potential_violations, 'potential violation'],
    [summary.insufficient_information, 'insufficient information'],
    [summary.no_violations, 'no violation'],
    [summary.not_applied, 'did not apply'],
  ] as const;
  return counts.filter(([count]) => count > 0).map(([count, what]) => `${count} ${what}`).join(', ');
}


// ------------------------------------------------------------------ DOM

/**
 * The severity table (`table[data-table="severity"]`): dimension, weight and
 * input, or with the node's `breakdown` the factor's points and contribution
 * too, a missing factor marked `[data-missing]`.
 */
export function severityTable(rows: SeverityRow[], breakdown: boolean): HTMLElement {
  if (!breakdown) {
    return table({
      name: 'severity',
      caption: 'Severity breakdown',
      captionHidden: true,
      headers: ['Dimension', 'Weight', 'This report'],
      rows: rows.map((row) => ({ cells: [row.dimension, row.weight, row.input], attributes: { 'data-dimension': row.dimension } })),
      numeric: [1],
    });
  }
  return table({
    name: 'severity',
    caption: 'Severity breakdown',
    captionHidden: true,
    headers: ['Factor', 'Weight', 'Points (0–1000)', 'Contribution', 'This report'],
    rows: rows.map((row) => {
      const attributes: Record<string, string> = { 'data-dimension': row.dimension };
      if (row.factor !== undefined) attributes['data-factor'] = row.factor;
      if (row.missing !== undefined) attributes['data-missing'] = '';
      const input: Cell = row.missing === undefined
        ? row.input
        : h('span', {}, row.input, h('span', { class: 'missing' }, row.missing));
      return { cells: [row.dimension, row.weight, row.points ?? '', row.contribution ?? '', input], attributes };
    }),
    numeric: [1, 2, 3],
  });
}

// A trace's steps as nested lists: a step of depth d+1 belongs to the step of
// depth d before it, so the nesting shows which test each step is part of.
function traceList(trace: TraceView): HTMLElement {
  const root = h('ol', { class: 'trace' });
  const stack: HTMLElement[] = [root];
  for (const line of trace.lines) {
    while (stack.length - 1 > line.depth) stack.pop();
    while (stack.length - 1 < line.depth) {
      const parent = stack[stack.length - 1] as HTMLElement;
      const holder = (parent.lastElementChild as HTMLElement | null) ?? parent.appendChild(h('li', { class: 'trace-gap' }));
      const nested = h('ol', { class: 'trace' });
      holder.append(nested);
      stack.push(nested);
    }
    (stack[stack.length - 1] as HTMLElement).append(h('li', { 'data-depth': line.depth, 'data-outcome': line.outcome },
      h('span', { class: 'trace-step' }, line.step),
      ' ',
      h('span', { class: `trace-outcome outcome-${line.outcome}` }, `→ ${line.outcome}`),
      line.detail === '' ? null : h('span', { class: 'trace-detail' }, line.detail)));
  }
  return root;
}

/** One norm's verdict with its trace: `<details data-trace-for="NORM">`. */
export function traceDetails(trace: TraceView): HTMLElement {
  return h('details', { class: 'trace-norm', 'data-trace-for': trace.norm },
    h('summary', {}, h('span', { class: 'norm-id' }, trace.norm), ` ${trace.title}: `, h('strong', {}, trace.verdict)),
    h('p', { class: 'trace-stages' }, `${trace.layer}. ${trace.stages === '' ? '' : `Stages: ${trace.stages}.`}`),
    traceList(trace));
}
