// One report's page ("#/registry/{id}"): the public form as the log holds it
// (values above TLP:CLEAR appear as commitments, shown as "withheld"), the
// severity with the methodology's factors and what the report says for each,
// the norm verdicts, and a button that verifies IN THE BROWSER that the
// report's log entry is included in the node's signed checkpoint (proof.ts).
// `reportPageView` is pure and tested; `mountReport` builds the DOM.

import {
  fetchCheckpoint,
  fetchEntry,
  fetchInclusionProof,
  fetchReport,
  fetchVerifierKey,
  type ApiResult,
} from './api';
import { definitionList, h, link, markReady, pageSection, showError, table, type Cell } from './dom';
import { formatCount, formatDateTime, formatMonth, layerLabel, levelLabel, sectorLabel, verdictLabel } from './format';
import type { PageInstance } from './page';
import { reportEnvelope, type ReportView } from './parse';
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
  /** What the public form says for this factor. */
  input: string;
}

export interface VerdictRow {
  norm: string;
  layer: string;
  verdict: string;
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
  severityNote: string;
  verdictSummary: Field[];
  verdicts: VerdictRow[];
  verdictNote: string;
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

/** The severity factors with the public form's inputs, then the results the reader may see. */
export function severityRows(view: ReportView): SeverityRow[] {
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

/** Everything the report page shows, from the node's answer. */
export function reportPageView(view: ReportView, normLayers: Record<string, string> = {}): ReportPageView {
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
    summary !== undefined
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
  const verdicts = (view.verdicts ?? []).map((verdict) => ({
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
    severity: severityRows(view),
    severityNote:
      view.severity === undefined
        ? 'Factors and weights of the severity methodology (docs/methodology.md), with what this report says for each. The public envelope gives the level; the score and its range are shown to parties signed in with a token. The node does not publish the points of each factor.'
        : 'Factors and weights of the severity methodology (docs/methodology.md), with what this report says for each, and the score the node computed at submission. The node does not publish the points of each factor.',
    verdictSummary,
    verdicts,
    verdictNote:
      view.verdicts === undefined
        ? 'The public envelope gives the most serious verdict of the binding norms. The verdict for each norm is shown to parties signed in with a token; the evaluation traces are not published by the node.'
        : 'The verdict of each norm that applied. The evaluation traces are not published by the node.',
    logIndex: view.log_index,
  };
}

// ------------------------------------------------------------------ DOM

function fieldList(fields: Field[]): HTMLDListElement {
  return definitionList(fields.map((field) => ({ label: field.label, value: field.value })));
}

function renderReport(section: HTMLElement, view: ReportPageView): void {
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
    h('h2', {}, 'Severity'),
    h('p', { class: 'note' }, view.severityNote),
    table({
      name: 'severity',
      caption: 'Severity breakdown',
      captionHidden: true,
      headers: ['Dimension', 'Weight', 'This report'],
      rows: view.severity.map((row) => ({ cells: [row.dimension, row.weight, row.input], attributes: { 'data-dimension': row.dimension } })),
      numeric: [1],
    }),
    h(
      'div',
      { 'data-verdicts': true },
      h('h2', {}, 'Norm verdicts'),
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
    ),
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
  markReady(section);
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
    renderReport(section, reportPageView(result.value, normLayersById(result.value)));
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
