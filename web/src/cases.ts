// Cases of the grievance mechanism ("#/cases"): how many cases are at each
// stage now, where cases stopped and why (GET /v1/cases/statistics), and the
// public form of each case (GET /v1/cases: no statement, no evidence content).
// Exercise cases are kept apart. `casesView` is pure and tested.

import { fetchCases, fetchCaseStatistics } from './api';
import { h, markReady, pageSection, showError, table } from './dom';
import { codeLabel, formatDateTime, plural } from './format';
import type { PageInstance } from './page';
import type { Case, CaseStatistics } from './parse';

/** The stages of a case in the order a case moves through them (schema CaseStage). */
export const CASE_STAGES = [
  'filed',
  'admissibility-review',
  'inadmissible',
  'admitted',
  'information-requested',
  'investigation',
  'panel-selected',
  'hearing',
  'finding',
  'appeal-lodged',
  'appeal-panel-selected',
  'appeal-hearing',
  'appeal-finding',
  'remedy-and-response',
  'closed',
] as const;

export interface CasesView {
  summary: string;
  byStage: { stage: string; label: string; count: number }[];
  attrition: { stage: string; reason: string; cases: number }[];
  rows: {
    id: string;
    filed: string;
    filer: string;
    accused: string;
    stage: string;
    reports: string;
    findings: string;
  }[];
}

/** Counts real (not exercise) cases per current stage, every stage listed; lists every case. */
export function casesView(cases: Case[], statistics?: CaseStatistics): CasesView {
  const real = cases.filter((item) => !item.exercise);
  const counts = new Map<string, number>();
  for (const item of real) counts.set(item.stage, (counts.get(item.stage) ?? 0) + 1);
  const stages: string[] = [...CASE_STAGES];
  for (const stage of counts.keys()) if (!stages.includes(stage)) stages.push(stage);
  const exercises = cases.length - real.length;
  return {
    summary:
      `${plural(real.length, 'case')}` + (exercises > 0 ? ` and ${plural(exercises, 'exercise case')} (not counted by stage)` : '') + '.',
    byStage: stages.map((stage) => ({ stage, label: codeLabel(stage), count: counts.get(stage) ?? 0 })),
    attrition: (statistics?.attrition ?? []).map((row) => ({
      stage: codeLabel(row.stage),
      reason: codeLabel(row.reason),
      cases: row.cases,
    })),
    rows: cases.map((item) => ({
      id: item.id,
      filed: formatDateTime(item.filed_at),
      filer:
        item.filer_kind === 'state' ? `state ${item.filer_state ?? ''}`.trim() : codeLabel(item.filer_kind).toLowerCase(),
      accused: item.accused_state,
      stage: codeLabel(item.stage) + (item.exercise ? ' (exercise)' : ''),
      reports: String(item.reports.length),
      findings: String(item.findings),
    })),
  };
}

export function mountCases(): PageInstance {
  const section = pageSection(
    'cases',
    'Cases',
    'Allegations filed under the grievance mechanism, from filing to finding. Only public facts are shown: no statement and no evidence content.',
  );
  let gone = false;
  void (async () => {
    const [cases, statistics] = await Promise.all([fetchCases(), fetchCaseStatistics()]);
    if (gone) return;
    if (!cases.ok) {
      showError(section, 'The cases could not be loaded.', cases.reason);
      return;
    }
    const view = casesView(cases.value, statistics.ok ? statistics.value : undefined);
    section.append(
      h('p', { class: 'summary' }, view.summary),
      h('h2', {}, 'Cases by stage'),
      table({
        name: 'cases-by-stage',
        caption: 'Cases by current stage',
        captionHidden: true,
        headers: ['Stage', 'Cases'],
        numeric: [1],
        rows: view.byStage.map((row) => ({ cells: [row.label, String(row.count)], attributes: { 'data-stage': row.stage } })),
      }),
      h('h2', {}, 'Where cases stopped'),
      statistics.ok
        ? table({
            name: 'case-attrition',
            caption: 'Where cases stopped, and why',
            captionHidden: true,
            headers: ['Stage', 'Reason', 'Cases'],
            numeric: [2],
            rows: view.attrition.map((row) => ({ cells: [row.stage, row.reason, String(row.cases)] })),
            empty: 'No case yet.',
          })
        : h('p', { class: 'note' }, `Not available: ${statistics.reason}`),
      h('h2', {}, 'All cases'),
      table({
        name: 'cases',
        caption: 'Cases, newest first',
        captionHidden: true,
        headers: ['Case', 'Filed', 'Filed by', 'Accused state', 'Stage', 'Reports', 'Findings'],
        numeric: [5, 6],
        rows: view.rows.map((row) => ({
          cells: [h('span', { class: 'mono' }, row.id), row.filed, row.filer, row.accused, row.stage, row.reports, row.findings],
          attributes: { 'data-case-id': row.id },
        })),
        empty: 'No case has been filed.',
      }),
    );
    markReady(section);
  })();
  return {
    section,
    destroy: () => {
      gone = true;
    },
  };
}
