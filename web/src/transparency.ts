// Annual transparency reports ("#/transparency?year=2026"): the years the
// public log covers (GET /v1/transparency/reports), then the chosen year's
// report at the node's current checkpoint (…/reports/{year}?format=json):
// the global figures, a table per state, the checkpoint the report cites, and
// links to the node's HTML, JSON and CSV forms of it. docs/transparency.md
// defines each figure. `figureLabel`, `transparencyView` are pure and tested.

import { fetchTransparencyIndex, fetchTransparencyReport, transparencyReportPath } from './api';
import { h, markReady, pageSection, showError, table } from './dom';
import { codeLabel, formatCount, formatDateTime, levelLabel, sectorLabel } from './format';
import type { PageInstance } from './page';
import type { Figures, TransparencyIndex, TransparencyReport } from './parse';
import { routeHash, type Route } from './router';

const FIGURE_LABELS: Record<string, string> = {
  'incidents.reported': 'Incidents reported',
  'incidents.suffered': 'Incidents suffered',
  'incidents.envelope_withheld': 'Reports with a withheld envelope',
  'incidents.reporter_not_public': 'Reports whose reporter is not public',
  'incidents.withdrawn': 'Reports withdrawn',
  'notifications.sent': 'Notifications sent',
  'notifications.received': 'Notifications received',
  'notifications.acknowledged': 'Notifications acknowledged',
  'notifications.acknowledged_on_time': 'Notifications acknowledged on time',
  'notifications.overdue': 'Notifications overdue',
  'notifications.settled': 'Notifications settled',
  'notifications.on_time_per_mille': 'On-time acknowledgment rate',
  'notifications.median_ack_seconds': 'Median time to acknowledge',
  'pings.received': 'Pings received',
  'pings.on_time': 'Pings answered on time',
  'pings.late': 'Pings answered late',
  'pings.missed': 'Pings missed',
  'pings.pending': 'Pings pending',
  'allegations.filed': 'Allegations filed',
  'allegations.filed_by': 'Allegations filed by the state',
  'allegations.filed_against': 'Allegations filed against the state',
  'allegations.filed_by_private_entities': 'Allegations filed by private entities',
  'cases.non_cooperation': 'Non-cooperation records',
  'findings.issued': 'Findings issued',
  'findings.appeal': 'Appeal findings',
  'responses.recommended': 'Responses recommended',
  'exercise.reports': 'Exercise reports',
  'exercise.cases': 'Exercise cases',
  'exercise.notifications_sent': 'Exercise notifications sent',
  'exercise.notifications_received': 'Exercise notifications received',
  'exercise.pings_received': 'Exercise pings received',
};

/** A figure's name in words (docs/transparency.md "The figures"); unknown names are shown as they are. */
export function figureLabel(name: string): string {
  const known = FIGURE_LABELS[name];
  if (known !== undefined) return known;
  const patterns: [RegExp, (rest: string) => string][] = [
    [/^incidents\.reported\.sector\.(.+)$/, (rest) => `Incidents reported, sector ${sectorLabel(rest)}`],
    [/^incidents\.reported\.severity\.(.+)$/, (rest) => `Incidents reported, severity ${levelLabel(rest).toLowerCase()}`],
    [/^incidents\.suffered\.sector\.(.+)$/, (rest) => `Incidents suffered, sector ${sectorLabel(rest)}`],
    [/^incidents\.suffered\.severity\.(.+)$/, (rest) => `Incidents suffered, severity ${levelLabel(rest).toLowerCase()}`],
    [/^cases\.stage\.(.+)$/, (rest) => `Cases at stage: ${codeLabel(rest).toLowerCase()}`],
    [/^findings\.outcome\.(.+)$/, (rest) => `Findings with outcome: ${codeLabel(rest).toLowerCase()}`],
    [/^responses\.rung\.(.+)$/, (rest) => `Responses at rung: ${rest}`],
    [/^responses\.remediation\.(.+)$/, (rest) => `Remediation: ${rest}`],
    [/^standing\.days\.(.+)$/, (rest) => `Days in ${codeLabel(rest).toLowerCase()}`],
    [/^standing\.last_day\.(.+)$/, (rest) => `Standing on the last day: ${codeLabel(rest).toLowerCase()}`],
  ];
  for (const [pattern, label] of patterns) {
    const match = pattern.exec(name);
    if (match?.[1] !== undefined) return label(match[1]);
  }
  return name;
}

/** A figure's value in words: per-mille rates as percentages, seconds as a duration. */
export function figureValue(name: string, value: number): string {
  if (name.endsWith('_per_mille')) return `${(value / 10).toFixed(1)} %`;
  if (name.endsWith('_seconds')) {
    if (value < 120) return `${value} s`;
    if (value < 7200) return `${Math.floor(value / 60)} min`;
    return `${Math.floor(value / 3600)} h ${Math.floor((value % 3600) / 60)} min`;
  }
  return formatCount(value);
}

export interface FigureRow {
  name: string;
  label: string;
  value: string;
}

/** The columns of the per-state table: the figures a reader compares between states. */
export const STATE_COLUMNS: readonly { figure: string; header: string }[] = [
  { figure: 'incidents.reported', header: 'Reported' },
  { figure: 'incidents.suffered', header: 'Suffered' },
  { figure: 'notifications.received', header: 'Notifications received' },
  { figure: 'notifications.on_time_per_mille', header: 'Acknowledged on time' },
  { figure: 'allegations.filed_against', header: 'Allegations against' },
  { figure: 'findings.issued', header: 'Findings' },
];

export interface TransparencyView {
  citation: string;
  global: FigureRow[];
  states: { code: string; cells: string[]; standing: string }[];
}

function figureRows(figures: Figures): FigureRow[] {
  return Object.keys(figures)
    .sort()
    .map((name) => ({ name, label: figureLabel(name), value: figureValue(name, figures[name] ?? 0) }));
}

function lastDayStanding(figures: Figures): string {
  const name = Object.keys(figures).find((key) => key.startsWith('standing.last_day.') && figures[key] === 1);
  return name === undefined ? '—' : codeLabel(name.slice('standing.last_day.'.length)).toLowerCase();
}

/** The report's citation, its global figures in name order, and one row per state. */
export function transparencyView(report: TransparencyReport): TransparencyView {
  const { origin, tree_size, root_hash } = report.checkpoint;
  return {
    citation:
      `Computed from the public log of ${origin} at tree size ${formatCount(tree_size)} (root hash ${root_hash}); ` +
      `last entry ${formatDateTime(report.as_of)}. Anyone holding the log can recompute every figure.`,
    global: figureRows(report.global),
    states: Object.keys(report.states)
      .sort()
      .map((code) => {
        const figures = report.states[code] ?? {};
        return {
          code,
          cells: STATE_COLUMNS.map((column) => {
            const value = figures[column.figure];
            return value === undefined ? '—' : figureValue(column.figure, value);
          }),
          standing: lastDayStanding(figures),
        };
      }),
  };
}

/** The year to show: the one in the hash if the log covers it, else the latest. */
export function chooseYear(index: TransparencyIndex, requested: string | undefined): number | undefined {
  const wanted = requested === undefined ? NaN : Number(requested);
  if (index.years.includes(wanted)) return wanted;
  return index.years.length === 0 ? undefined : Math.max(...index.years);
}

export function mountTransparency(route: Route): PageInstance {
  const section = pageSection(
    'transparency',
    'Transparency',
    'Annual transparency reports: pure functions of the public log up to a checkpoint they cite, per state and global.',
  );
  const controls = h('form', { class: 'filters', 'data-year-form': true });
  const body = h('div', { class: 'transparency-body', 'aria-live': 'polite' });
  section.append(controls, body);
  let gone = false;
  let generation = 0;

  async function show(year: number): Promise<void> {
    const mine = ++generation;
    section.dataset['state'] = 'loading';
    body.setAttribute('aria-busy', 'true');
    const result = await fetchTransparencyReport(year);
    if (gone || mine !== generation) return;
    body.removeAttribute('aria-busy');
    if (!result.ok) {
      body.replaceChildren();
      showError(section, `The ${year} report could not be loaded.`, result.reason);
      return;
    }
    section.querySelector(':scope > [role="alert"]')?.remove();
    const view = transparencyView(result.value);
    body.replaceChildren(
      h('p', { class: 'note', 'data-citation': true }, view.citation),
      h(
        'p',
        { class: 'downloads' },
        `The ${year} report as `,
        h('a', { href: transparencyReportPath(year, 'html') }, 'HTML'),
        ' (printable), ',
        h('a', { href: transparencyReportPath(year, 'json') }, 'JSON'),
        ' or ',
        h('a', { href: transparencyReportPath(year, 'csv') }, 'CSV'),
        '.',
      ),
      h('h2', {}, `Global figures, ${year}`),
      table({
        name: 'transparency-global',
        caption: `Global figures of ${year}`,
        captionHidden: true,
        headers: ['Figure', 'Value'],
        numeric: [1],
        rows: view.global.map((row) => ({ cells: [row.label, row.value], attributes: { 'data-figure': row.name } })),
      }),
      h('h2', {}, `By state, ${year}`),
      table({
        name: 'transparency-states',
        caption: `Figures of each state in ${year}`,
        captionHidden: true,
        headers: ['State', ...STATE_COLUMNS.map((column) => column.header), 'Standing on the last day'],
        numeric: [1, 2, 3, 4, 5, 6],
        rows: view.states.map((row) => ({ cells: [row.code, ...row.cells, row.standing], attributes: { 'data-state-code': row.code } })),
        empty: 'No state appears in this year\'s figures.',
      }),
    );
    markReady(section);
  }

  function yearSelect(index: TransparencyIndex, year: number): void {
    const select = h('select', { id: 'transparency-year', name: 'year' });
    for (const option of [...index.years].sort((a, b) => b - a)) select.append(h('option', { value: option }, String(option)));
    select.value = String(year);
    select.addEventListener('change', () => {
      section.dataset['state'] = 'loading';
      location.hash = routeHash('#/transparency', { year: select.value });
    });
    controls.replaceChildren(h('div', { class: 'field' }, h('label', { for: 'transparency-year' }, 'Year'), select));
  }

  let index: TransparencyIndex | undefined;
  void (async () => {
    const answer = await fetchTransparencyIndex();
    if (gone) return;
    if (!answer.ok) {
      showError(section, 'The transparency reports could not be loaded.', answer.reason);
      return;
    }
    index = answer.value;
    const year = chooseYear(index, route.query['year']);
    if (year === undefined) {
      body.replaceChildren(h('p', {}, 'The public log is empty: there is no year to report on yet.'));
      markReady(section);
      return;
    }
    yearSelect(index, year);
    await show(year);
  })();

  return {
    section,
    update(next: Route): boolean {
      if (index === undefined) return false;
      const year = chooseYear(index, next.query['year']);
      if (year === undefined) return false;
      const select = controls.querySelector('select');
      if (select) select.value = String(year);
      void show(year);
      return true;
    },
    destroy: () => {
      gone = true;
    },
  };
}
