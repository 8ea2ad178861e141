// One report's page ("#/registry/{id}"): the public form as the log holds it
// (values above TLP:CLEAR appear as commitments, shown as "withheld"), the
// severity with the methodology's factors and what the report says for each,
// the norm verdicts, and a button that verifies IN THE BROWSER that the
// report's log entry is included in the node's signed checkpoint (proof.ts).
// For a report the public reads whole, the node's assessment endpoint adds
// the points and contribution of each factor and each norm's evaluation trace;
// it is fetched after the report (it is large) and the page is "ready" once
// it has been handled, whatever its answer.
// `reportPageView` is pure and tested; `mountReport` builds the DOM.

import {
  fetchAssessment,
  fetchCheckpoint,
  fetchEntry,
  fetchInclusionProof,
  fetchReport,
  fetchVerifierKey,
  type ApiResult,
  type AssessmentResult,
} from './api';
import { definitionList, h, link, markReady, pageSection, showError, table, type Cell } from './dom';
import { codeLabel, formatCount, formatDateTime, formatMonth, layerLabel, levelLabel, sectorLabel, verdictLabel } from './format';
import type { PageInstance } from './page';
import { reportEnvelope, type Assessment, type NormVerdictTrace, type ReportView, type SeverityBreakdown } from './parse';
import { proofSentence, verifyReportInclusion } from './proof';
import { readToken } from './session';

type Json = Record<string, unknown>;

/** A value the public form replaced by a salted commitment (docs/visibility.md). */
export function isCommitment(value: unknown): value is { alg: string; commitment: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Json)['alg'] === 'string' &&
    typeof (value as Json)['commitment'] === 'string'
  );
}

/** How a public-form value reads: commitments as "withheld", lists joined, numbers grouped. */
export function showValue(value: unknown, format: (item: string) => string = (item) => item): string {
  if (value === undefined || value === null) return '—';
  if (isCommitment(value)) return `withheld (commitment ${value.commitment.slice(0, 12)}…)`;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return formatCount(value);
  if (typeof value === 'string') return format(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((item) => showValue(item, format)).join(', ');
  return JSON.stringify(value);
}

// A member of a public-form object; a whole object replaced by a commitment
// answers the commitment for each member, so the member reads "withheld".
function member(value: unknown, name: string): unknown {
  if (isCommitment(value)) return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return (value as Json)[name];
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter((item): item is Json => typeof item === 'object' && item !== null) : [];
}

export interface Field {
  label: string;
  value: string;
}

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

export interface VerdictRow {
  norm: string;
  layer: string;
  verdict: string;
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

export interface ReportPageView {
  id: string;
  title: string;
  status: Field[];
  fields: Field[];
  entities: string[][];
  attributions: string[][];
  references: { title: string; detail: string; url?: string }[];
  narrative: string;
  severity: SeverityRow[];
  /** Whether `severity` carries the node's breakdown (points and contributions). */
  severityBreakdown: boolean;
  severityNote: string;
  verdictSummary: Field[];
  verdicts: VerdictRow[];
  verdictNote: string;
  /** Each norm's verdict with its trace; empty unless the node published them. */
  traces: TraceView[];
  /** Norms that did not apply: norm, layer, title, why. */
  notApplied: string[][];
  /** The engine's words that this is its assessment, not a finding. */
  assessmentNotice?: string;
  /** Where the assessment stands: the page is ready only once it is not "loading". */
  assessment: AssessmentState['kind'];
  logIndex: number;
}

const EFFECT_LABELS: Record<string, string> = {
  availability: 'availability lost',
  integrity: 'integrity lost',
  confidentiality: 'confidentiality lost',
};

function functionalImpact(effects: unknown): string {
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
  const served = list(form['affected_entities'])
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
  const attributions = list(form['attributions']);
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

function severityNote(view: ReportView, state: AssessmentState): string {
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

function verdictNote(view: ReportView, state: AssessmentState): string {
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

function layerCounts(summary: Assessment['evaluation']['summaries'][number]): string {
  const counts = [
    [summary.potential_violations, 'potential violation'],
    [summary.insufficient_information, 'insufficient information'],
    [summary.no_violations, 'no violation'],
    [summary.not_applied, 'did not apply'],
  ] as const;
  return counts.filter(([count]) => count > 0).map(([count, what]) => `${count} ${what}`).join(', ');
}

/**
 * Everything the report page shows, from the node's answer and, once it has
 * answered, its assessment (`state`; "loading" until then).
 */
export function reportPageView(
  view: ReportView,
  normLayers: Record<string, string> = {},
  state: AssessmentState = { kind: 'loading' },
): ReportPageView {
  const assessment = state.kind === 'ready' ? state.value : undefined;
  const form = view.public_form;
  const envelope = reportEnvelope(view);
  const title = typeof form['title'] === 'string' ? form['title'] : `Report ${view.id}`;
  const reporter = form['reporter'];
  const times = form['times'];
  const reporterText = isCommitment(reporter)
    ? 'withheld'
    : [showValue(member(reporter, 'kind')), member(reporter, 'name') ?? member(reporter, 'state')]
        .filter((part) => part !== undefined && part !== '—')
        .map((part) => showValue(part))
        .join(': ');

  const status: Field[] = [
    { label: 'Report id', value: view.id },
    { label: 'Version', value: String(view.version) },
    { label: 'Status', value: view.withdrawn ? 'withdrawn (kept in the log)' : 'current' },
    { label: 'Submitted', value: formatDateTime(view.submitted_at) },
    { label: 'Last updated', value: formatDateTime(view.updated_at) },
    { label: 'Log entry', value: `index ${view.log_index} (its latest event)` },
    { label: 'What you can read', value: view.access === 'public' ? 'the public form' : `${view.access} access` },
  ];

  const fields: Field[] = [];
  if (form['record'] !== undefined) {
    fields.push({ label: 'Record', value: 'parties only: the log holds only a commitment to the whole report' });
  }
  fields.push(
    { label: 'Reporter', value: form['reporter'] === undefined ? '—' : reporterText },
    { label: 'Reported at', value: showValue(form['reported_at'], formatDateTime) },
    { label: 'Incident started', value: showValue(member(times, 'start'), formatDateTime) },
  );
  if (member(times, 'detected') !== undefined) fields.push({ label: 'Detected', value: showValue(member(times, 'detected'), formatDateTime) });
  if (member(times, 'end') !== undefined) fields.push({ label: 'Ended', value: showValue(member(times, 'end'), formatDateTime) });
  if (member(times, 'precision') !== undefined) fields.push({ label: 'Time precision', value: showValue(member(times, 'precision')) });
  fields.push(
    { label: 'Incident month', value: envelope.month !== undefined ? formatMonth(envelope.month) : showValue(envelope.year) },
    { label: 'Affected states', value: showValue(form['affected_states'] ?? envelope.affected_states) },
    { label: 'Sectors', value: showValue(envelope.sectors, sectorLabel) },
  );
  const effects = form['effects'];
  if (effects !== undefined) {
    fields.push(
      { label: 'Effects', value: functionalImpact(effects) },
      { label: 'Services affected', value: showValue(member(effects, 'services_affected')) },
    );
  }
  fields.push(
    { label: 'Techniques (MITRE ATT&CK)', value: showValue(form['techniques']) },
    { label: 'Vulnerabilities', value: showValue(form['vulnerabilities']) },
    { label: 'TLP', value: showValue(form['tlp']) },
    { label: 'Exercise', value: showValue(form['exercise'] ?? envelope.exercise) },
  );

  const entities = list(form['affected_entities']).map((entity) => [
    showValue(entity['name'] ?? '(not named)'),
    showValue(entity['sector'], sectorLabel),
    showValue(entity['entity_type']),
    showValue(entity['state']),
    showValue(entity['civilian_status']),
    showValue(entity['population_served']),
  ]);
  if (isCommitment(form['affected_entities'])) entities.push(['withheld', '', '', '', '', '']);

  const attributions = list(form['attributions']).map((attribution) => [
    showValue(member(attribution['by'], 'name')),
    showValue(member(attribution['to'], 'name') ?? member(attribution['to'], 'kind')),
    showValue(attribution['sponsorship']),
    showValue(attribution['status']),
    showValue(attribution['confidence']),
    showValue(attribution['date']),
  ]);

  const references = list(form['references']).map((reference) => {
    const url = reference['url'];
    const item: { title: string; detail: string; url?: string } = {
      title: showValue(reference['title'] ?? url),
      detail: [reference['publisher'], reference['date']].filter((part) => typeof part === 'string').join(', '),
    };
    if (typeof url === 'string' && url.startsWith('https://')) item.url = url;
    return item;
  });

  const summary = view.verdict_summary;
  const verdictSummary: Field[] =
    assessment !== undefined && assessment.evaluation.summaries.length > 0
      ? assessment.evaluation.summaries.map((layer) => {
          const counts = layerCounts(layer);
          return {
            label: layerLabel(layer.layer),
            value: layer.verdict === null
              ? `no norm of this layer applied${counts === '' ? '' : ` (${counts})`}`
              : `${verdictLabel(layer.verdict)}${counts === '' ? '' : ` (${counts})`}`,
          };
        })
      : summary !== undefined
      ? (['binding', 'voluntary', 'cbm'] as const).map((layer) => ({
          label: layerLabel(layer),
          value: summary[layer] === null ? 'no norm of this layer applied' : verdictLabel(summary[layer] ?? ''),
        }))
      : [
          {
            label: layerLabel('binding'),
            value: envelope.verdict_summary === undefined ? 'withheld' : verdictLabel(envelope.verdict_summary),
          },
        ];
  const verdicts = assessment !== undefined
    ? assessment.evaluation.verdicts.map((verdict) => ({
        norm: verdict.norm,
        layer: layerLabel(verdict.layer),
        verdict: verdictLabel(verdict.verdict),
      }))
    : (view.verdicts ?? []).map((verdict) => ({
        norm: verdict.norm,
        layer: layerLabel(normLayers[verdict.norm] ?? ''),
        verdict: verdictLabel(verdict.verdict),
      }));

  return {
    id: view.id,
    title,
    status,
    fields,
    entities,
    attributions,
    references,
    narrative: typeof form['narrative'] === 'string' ? form['narrative'] : showValue(form['narrative']),
    severity: severityRows(view, assessment?.severity),
    severityBreakdown: assessment !== undefined,
    severityNote: severityNote(view, state),
    verdictSummary,
    verdicts,
    verdictNote: verdictNote(view, state),
    traces: assessment?.evaluation.verdicts.map(traceView) ?? [],
    notApplied: assessment?.evaluation.not_applied.map((norm) => [norm.norm, layerLabel(norm.layer), norm.title, norm.reason]) ?? [],
    ...(assessment?.evaluation.assessment_notice === undefined ? {} : { assessmentNotice: assessment.evaluation.assessment_notice }),
    assessment: state.kind,
    logIndex: view.log_index,
  };
}

// ------------------------------------------------------------------ DOM

function fieldList(fields: Field[]): HTMLDListElement {
  return definitionList(fields.map((field) => ({ label: field.label, value: field.value })));
}

function severityTable(view: ReportPageView): HTMLElement {
  if (!view.severityBreakdown) {
    return table({
      name: 'severity',
      caption: 'Severity breakdown',
      captionHidden: true,
      headers: ['Dimension', 'Weight', 'This report'],
      rows: view.severity.map((row) => ({ cells: [row.dimension, row.weight, row.input], attributes: { 'data-dimension': row.dimension } })),
      numeric: [1],
    });
  }
  return table({
    name: 'severity',
    caption: 'Severity breakdown',
    captionHidden: true,
    headers: ['Factor', 'Weight', 'Points (0–1000)', 'Contribution', 'This report'],
    rows: view.severity.map((row) => {
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

function severityBlock(view: ReportPageView): HTMLElement {
  return h('div', { 'data-severity': view.assessment, 'aria-busy': view.assessment === 'loading' ? 'true' : undefined },
    h('h2', {}, 'Severity'),
    h('p', { class: 'note' }, view.severityNote),
    severityTable(view));
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

function verdictsBlock(view: ReportPageView): HTMLElement {
  return h(
    'div',
    { 'data-verdicts': true, 'aria-busy': view.assessment === 'loading' ? 'true' : undefined },
    h('h2', {}, 'Norm verdicts'),
    view.assessmentNotice === undefined ? null : h('p', { class: 'notice', 'data-assessment-notice': true }, view.assessmentNotice),
    h('p', { class: 'note' }, view.verdictNote),
    fieldList(view.verdictSummary),
    view.verdicts.length > 0
      ? table({
          name: 'verdicts',
          caption: 'Verdict of each norm',
          headers: ['Norm', 'Layer', 'Verdict'],
          rows: view.verdicts.map((row) => ({ cells: [link('#/norms', row.norm), row.layer, row.verdict], attributes: { 'data-norm-id': row.norm } })),
        })
      : null,
    view.traces.length > 0 ? h('h3', {}, 'Evaluation traces') : null,
    ...view.traces.map((trace) => h('details', { class: 'trace-norm', 'data-trace-for': trace.norm },
      h('summary', {}, h('span', { class: 'norm-id' }, trace.norm), ` ${trace.title}: `, h('strong', {}, trace.verdict)),
      h('p', { class: 'trace-stages' }, `${trace.layer}. ${trace.stages === '' ? '' : `Stages: ${trace.stages}.`}`),
      traceList(trace))),
    view.notApplied.length > 0
      ? table({
          name: 'not-applied',
          caption: 'Norms that did not apply',
          headers: ['Norm', 'Layer', 'Title', 'Why'],
          rows: view.notApplied.map((cells) => ({ cells: cells as Cell[], attributes: { 'data-norm-id': cells[0] ?? '' } })),
        })
      : null,
  );
}

interface ReportBlocks {
  severity: HTMLElement;
  verdicts: HTMLElement;
}

function renderReport(section: HTMLElement, view: ReportPageView): ReportBlocks {
  const heading = section.querySelector('h1');
  if (heading) heading.textContent = view.title;
  document.title = `${view.title} — accord public dashboard`;

  const proofStatus = h('p', { 'data-proof': '', role: 'status', 'aria-live': 'polite', class: 'proof-status' },
    'Not checked yet. The check runs in this browser and trusts nothing but the log\'s public key.');
  const button = h('button', { type: 'button' }, 'Verify inclusion proof');
  button.addEventListener('click', () => {
    button.disabled = true;
    proofStatus.setAttribute('data-proof', 'checking');
    proofStatus.textContent = `Checking entry ${view.logIndex}: fetching the checkpoint, the log's key, the entry and its proof…`;
    void verifyReportInclusion(view.id, view.logIndex, {
      checkpoint: () => fetchCheckpoint(),
      verifierKey: () => fetchVerifierKey(),
      entry: (index) => fetchEntry(index),
      inclusionProof: (index, treeSize) => fetchInclusionProof(index, treeSize),
    }).then((result) => {
      proofStatus.setAttribute('data-proof', result.ok ? 'verified' : 'failed');
      proofStatus.textContent = proofSentence(result);
      button.disabled = false;
    });
  });

  const withCells = (rows: string[][]) => rows.map((cells) => ({ cells: cells as Cell[] }));
  const blocks: ReportBlocks = { severity: severityBlock(view), verdicts: verdictsBlock(view) };
  section.append(
    fieldList(view.status),
    h('h2', {}, 'Public form'),
    fieldList(view.fields),
    h('h3', {}, 'Narrative'),
    h('p', { class: 'narrative' }, view.narrative),
    table({
      name: 'entities',
      caption: 'Affected entities',
      headers: ['Name', 'Sector', 'Type', 'State', 'Civilian status', 'Population served'],
      rows: withCells(view.entities),
      numeric: [5],
      empty: 'None listed.',
    }),
    table({
      name: 'attributions',
      caption: 'Attributions',
      headers: ['By', 'To', 'Sponsorship', 'Status', 'Confidence', 'Date'],
      rows: withCells(view.attributions),
      empty: 'No attribution.',
    }),
    blocks.severity,
    blocks.verdicts,
    h('h2', {}, 'References'),
    view.references.length === 0
      ? h('p', {}, 'None.')
      : h('ul', { class: 'references' }, ...view.references.map((reference) =>
          h('li', {}, reference.url === undefined ? reference.title : h('a', { href: reference.url, rel: 'noopener noreferrer' }, reference.title),
            reference.detail === '' ? null : ` (${reference.detail})`))),
    h('h2', {}, 'Proof of inclusion in the log'),
    h('p', {}, `Checks that log entry ${view.logIndex}, this report's latest event, is included in the node's latest signed checkpoint: the checkpoint's Ed25519 signature, the entry's hash and the inclusion proof (RFC 9162).`),
    h('div', { class: 'proof' }, button, proofStatus),
  );
  return blocks;
}

export function mountReport(id: string): PageInstance {
  const section = pageSection('report', 'Report');
  let gone = false;
  void (async () => {
    const token = readToken();
    let result: ApiResult<ReportView> = await fetchReport(id, token);
    // A token that stopped working must not hide a public report.
    if (!result.ok && token !== undefined && / HTTP 401/.test(result.reason)) result = await fetchReport(id);
    if (gone) return;
    if (!result.ok) {
      showError(section, 'The report could not be loaded.', result.reason);
      return;
    }
    const report = result.value;
    const layers = normLayersById(report);
    const blocks = renderReport(section, reportPageView(report, layers));
    // The section stays "loading" until the assessment is handled (the page contract).
    const loading = section.querySelector('[data-loading]');
    if (loading) loading.textContent = 'Loading the severity breakdown and the evaluation traces…';
    const assessment = await fetchAssessment(id);
    if (gone) return;
    const view = reportPageView(report, layers, assessment);
    blocks.severity.replaceWith(severityBlock(view));
    blocks.verdicts.replaceWith(verdictsBlock(view));
    markReady(section);
  })();
  return {
    section,
    destroy: () => {
      gone = true;
    },
  };
}

// The catalogue's ids name their layer (ACN-B binding, ACN-V voluntary, ACN-C
// confidence-building; docs/norms.md), which saves a request per report.
function normLayersById(view: ReportView): Record<string, string> {
  const layers: Record<string, string> = {};
  for (const verdict of view.verdicts ?? []) {
    const letter = /^ACN-([BVC])\d+$/.exec(verdict.norm)?.[1];
    if (letter !== undefined) layers[verdict.norm] = letter === 'B' ? 'binding' : letter === 'V' ? 'voluntary' : 'cbm';
  }
  return layers;
}
