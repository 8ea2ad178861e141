// One report's page ("#/registry/{id}"): the public form as the log holds it
// (values above TLP:CLEAR appear as commitments, shown as "withheld"), the
// severity with the methodology's factors and what the report says for each,
// the norm verdicts, and a button that verifies IN THE BROWSER that the
// report's log entry is included in the node's signed checkpoint (proof.ts).
// For a report the public reads whole, the node's assessment endpoint adds
// the points and contribution of each factor and each norm's evaluation trace;
// it is fetched after the report (it is large) and the page is "ready" once
// it has been handled, whatever its answer.
// The severity breakdown, the traces and the notes on the assessment's state
// are in reportAssessment.ts, the public form's readers in publicForm.ts.
// `reportPageView` is pure and tested; `mountReport` builds the DOM.

import {
  fetchAssessment,
  fetchCheckpoint,
  fetchEntry,
  fetchInclusionProof,
  fetchReport,
  fetchVerifierKey,
  type ApiResult,
} from './api';
import { definitionList, h, link, markReady, pageSection, showError, table, type Cell } from './dom';
import { formatDateTime, formatMonth, layerLabel, sectorLabel, verdictLabel } from './format';
import type { PageInstance } from './page';
import { reportEnvelope, type ReportView } from './parse';
import { proofSentence, verifyReportInclusion } from './proof';
import { isCommitment, member, objectList, showValue } from './publicForm';
import {
  functionalImpact,
  layerCounts,
  severityNote,
  severityRows,
  severityTable,
  traceDetails,
  traceView,
  verdictNote,
  type AssessmentState,
  type SeverityRow,
  type TraceView,
} from './reportAssessment';
import { readToken } from './session';

export interface Field {
  label: string;
  value: string;
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

  const entities = objectList(form['affected_entities']).map((entity) => [
    showValue(entity['name'] ?? '(not named)'),
    showValue(entity['sector'], sectorLabel),
    showValue(entity['entity_type']),
    showValue(entity['state']),
    showValue(entity['civilian_status']),
    showValue(entity['population_served']),
  ]);
  if (isCommitment(form['affected_entities'])) entities.push(['withheld', '', '', '', '', '']);

  const attributions = objectList(form['attributions']).map((attribution) => [
    showValue(member(attribution['by'], 'name')),
    showValue(member(attribution['to'], 'name') ?? member(attribution['to'], 'kind')),
    showValue(attribution['sponsorship']),
    showValue(attribution['status']),
    showValue(attribution['confidence']),
    showValue(attribution['date']),
  ]);

  const references = objectList(form['references']).map((reference) => {
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

function severityBlock(view: ReportPageView): HTMLElement {
  return h('div', { 'data-severity': view.assessment, 'aria-busy': view.assessment === 'loading' ? 'true' : undefined },
    h('h2', {}, 'Severity'),
    h('p', { class: 'note' }, view.severityNote),
    severityTable(view.severity, view.severityBreakdown));
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
    ...view.traces.map(traceDetails),
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
