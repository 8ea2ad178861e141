// The overview page ("#/"): incidents over time (by the incident's own month,
// the envelope's `month`, not the submission date), by sector, by severity
// level and by state, from GET /v1/statistics. Each chart is drawn with
// chart.js and its numbers are also in a table, for screen readers, print and
// browsers without canvas. `overviewView` is pure and tested; `renderOverview`
// only builds the DOM.

import { fetchStanding, fetchStatistics, type ApiResult } from './api';
import { barChart } from './charts';
import { h, link, markReady, pageSection, showError, table } from './dom';
import { formatCount, formatMonth, levelLabel, plural, sectorLabel, sectorName } from './format';
import { SEVERITY_LEVELS, type Statistics, type StandingList } from './parse';
import type { PageInstance } from './page';
import { routeHash } from './router';

export interface CountRow {
  key: string;
  label: string;
  /** A shorter label for a chart axis, when `label` is long. */
  short?: string;
  count: number;
}

export interface OverviewView {
  /** Reports counted (public envelopes; exercises and withdrawn left out). */
  total: number;
  /** Reports whose envelope is parties-only, counted by time only. */
  withheld: number;
  treeSize: number;
  summary: string;
  timeUnit: 'month' | 'year';
  overTime: CountRow[];
  bySector: CountRow[];
  bySeverity: CountRow[];
  byState: (CountRow & { standing?: string })[];
}

/** `text` cut to `max` characters with an ellipsis: chart axes have little room (the table has the full name). */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** Span (in months) above which the time chart counts by year: a bar per month would be unreadable. */
const MAX_MONTH_BARS = 36;

function monthIndex(month: string): number | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  return match ? Number(match[1]) * 12 + Number(match[2]) - 1 : undefined;
}

/**
 * Incidents per period, gaps filled with zeros so the axis is true to time:
 * per month when the months span at most MAX_MONTH_BARS, else per year.
 * `withheld` (month or year keys) is added in: those reports are public
 * facts in time even though their details are not.
 */
export function incidentsOverTime(
  groups: { key: string; count: number }[],
  withheld: { key: string; count: number }[] = [],
): { unit: 'month' | 'year'; rows: CountRow[] } {
  const all = [...groups, ...withheld];
  const months = all.map((group) => monthIndex(group.key));
  const yearOnly = all.some((group) => /^\d{4}$/.test(group.key));
  const known = months.filter((index): index is number => index !== undefined);
  if (all.length === 0) return { unit: 'month', rows: [] };
  const first = Math.min(...known, ...all.filter((g) => /^\d{4}$/.test(g.key)).map((g) => Number(g.key) * 12));
  const last = Math.max(...known, ...all.filter((g) => /^\d{4}$/.test(g.key)).map((g) => Number(g.key) * 12 + 11));
  if (yearOnly || last - first + 1 > MAX_MONTH_BARS) {
    const counts = new Map<number, number>();
    for (const group of all) {
      const year = Number(group.key.slice(0, 4));
      counts.set(year, (counts.get(year) ?? 0) + group.count);
    }
    const rows: CountRow[] = [];
    for (let year = Math.floor(first / 12); year <= Math.floor(last / 12); year++) {
      rows.push({ key: String(year), label: String(year), count: counts.get(year) ?? 0 });
    }
    return { unit: 'year', rows };
  }
  const counts = new Map<number, number>();
  for (const group of all) {
    const index = monthIndex(group.key);
    if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + group.count);
  }
  const rows: CountRow[] = [];
  for (let index = first; index <= last; index++) {
    const key = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    rows.push({ key, label: formatMonth(key), count: counts.get(index) ?? 0 });
  }
  return { unit: 'month', rows };
}

/** Builds the overview from the four statistics answers and, when available, the standing list. */
export function overviewView(
  byMonth: Statistics,
  bySector: Statistics,
  byLevel: Statistics,
  byState: Statistics,
  standing?: StandingList,
): OverviewView {
  const withheld = byMonth.withheld.reduce((sum, group) => sum + group.count, 0);
  const time = incidentsOverTime(byMonth.groups, byMonth.withheld);
  const sectors = [...bySector.groups]
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
    .map((group) => ({ key: group.key, label: sectorLabel(group.key), short: truncate(sectorName(group.key), 24), count: group.count }));
  const levelCounts = new Map(byLevel.groups.map((group) => [group.key, group.count]));
  const levels: CountRow[] = SEVERITY_LEVELS.map((level) => ({
    key: level,
    label: levelLabel(level),
    count: levelCounts.get(level) ?? 0,
  }));
  for (const group of byLevel.groups) {
    if (!(SEVERITY_LEVELS as readonly string[]).includes(group.key)) {
      levels.push({ key: group.key, label: levelLabel(group.key), count: group.count });
    }
  }
  const standingOf = new Map((standing?.items ?? []).map((item) => [item.state, item.standing]));
  const states = [...byState.groups]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((group) => {
      const row: CountRow & { standing?: string } = { key: group.key, label: group.key, count: group.count };
      const value = standingOf.get(group.key);
      if (value !== undefined) row.standing = value;
      return row;
    });
  const total = byMonth.total;
  const summary =
    total === 0 && withheld === 0
      ? 'No incident reports are in the public log yet.'
      : `${plural(total, 'incident report')} in the public log` +
        (withheld > 0 ? `, and ${plural(withheld, 'more report')} whose details are withheld` : '') +
        `, as of log size ${formatCount(byMonth.tree_size)}. Exercises and withdrawn reports are not counted.`;
  return {
    total,
    withheld,
    treeSize: byMonth.tree_size,
    summary,
    timeUnit: time.unit,
    overTime: time.rows,
    bySector: sectors,
    bySeverity: levels,
    byState: states,
  };
}

export interface OverviewData {
  month: ApiResult<Statistics>;
  sector: ApiResult<Statistics>;
  level: ApiResult<Statistics>;
  state: ApiResult<Statistics>;
  standing: ApiResult<StandingList>;
}

/** The overview, or the first failure among the answers it needs (standing is optional). */
export function overviewFromAnswers(data: OverviewData): ApiResult<OverviewView> {
  if (!data.month.ok) return data.month;
  if (!data.sector.ok) return data.sector;
  if (!data.level.ok) return data.level;
  if (!data.state.ok) return data.state;
  const standing = data.standing.ok ? data.standing.value : undefined;
  return { ok: true, value: overviewView(data.month.value, data.sector.value, data.level.value, data.state.value, standing) };
}

// ------------------------------------------------------------------ DOM

function chartFigure(name: string, caption: string, rows: CountRow[], firstHeader: string, horizontal: boolean) {
  const canvas = h('canvas', { role: 'img', 'aria-label': `${caption}: bar chart; the same numbers are in the table below it.` });
  const height = horizontal ? Math.max(160, rows.length * 28 + 40) : 260;
  const box = h('div', { class: 'chart-box', style: `height:${height}px` }, canvas);
  const figure = h(
    'figure',
    { 'data-chart': name, class: 'chart' },
    h('figcaption', {}, caption),
    box,
    table({
      name: `${name}-table`,
      caption: `${caption} (table)`,
      captionHidden: true,
      headers: [firstHeader, 'Reports'],
      rows: rows.map((row) => ({ cells: [row.label, formatCount(row.count)], attributes: { 'data-key': row.key } })),
      numeric: [1],
      empty: 'No reports.',
    }),
  );
  return { figure, canvas };
}

/** Renders the overview into `section`; returns a function that frees the charts. */
export function renderOverview(section: HTMLElement, result: ApiResult<OverviewView>): () => void {
  if (!result.ok) {
    showError(section, 'The statistics could not be loaded.', result.reason);
    return () => {};
  }
  const view = result.value;
  const time = chartFigure(
    'incidents-over-time',
    `Incidents over time, by ${view.timeUnit} of the incident`,
    view.overTime,
    view.timeUnit === 'year' ? 'Year' : 'Month',
    false,
  );
  const sector = chartFigure('by-sector', 'Incidents by sector', view.bySector, 'Sector', true);
  const severity = chartFigure('by-severity', 'Incidents by severity level', view.bySeverity, 'Severity level', false);
  const hasStanding = view.byState.some((row) => row.standing !== undefined);
  const states = table({
    name: 'by-state',
    caption: 'Incidents by affected state',
    headers: hasStanding ? ['State', 'Reports', 'Standing'] : ['State', 'Reports'],
    numeric: [1],
    rows: view.byState.map((row) => ({
      cells: [
        link(routeHash('#/registry', { state: row.key }), row.label, { 'aria-label': `${row.label}: list its reports` }),
        formatCount(row.count),
        ...(hasStanding ? [row.standing ?? 'not a party'] : []),
      ],
      attributes: { 'data-state-code': row.key },
    })),
    empty: 'No reports.',
  });
  section.append(
    h('p', { class: 'summary', 'data-summary': true }, view.summary),
    h('div', { class: 'charts' }, time.figure, severity.figure, sector.figure),
    h('h2', {}, 'By state'),
    h('p', {}, 'A report that affects several states counts once for each. Follow a state to its reports.'),
    states,
  );
  markReady(section);
  const charts = [
    barChart(time.canvas, { labels: view.overTime.map((row) => row.label), values: view.overTime.map((row) => row.count), label: 'reports' }),
    barChart(severity.canvas, { labels: view.bySeverity.map((row) => row.label), values: view.bySeverity.map((row) => row.count), label: 'reports' }),
    barChart(sector.canvas, {
      labels: view.bySector.map((row) => row.short ?? row.label),
      values: view.bySector.map((row) => row.count),
      label: 'reports',
      horizontal: true,
    }),
  ];
  return () => charts.forEach((chart) => chart.destroy());
}

/** Mounts the overview page: its section now, its data when the node answers. */
export function mountOverview(): PageInstance {
  const section = pageSection(
    'overview',
    'Overview',
    'Incidents against civilian critical infrastructure reported to this node, computed from the public log.',
  );
  let destroyCharts = (): void => {};
  let gone = false;
  void (async () => {
    const [month, sector, level, state, standing] = await Promise.all([
      fetchStatistics('month'),
      fetchStatistics('sector'),
      fetchStatistics('level'),
      fetchStatistics('state'),
      fetchStanding(),
    ]);
    if (gone) return;
    destroyCharts = renderOverview(section, overviewFromAnswers({ month, sector, level, state, standing }));
  })();
  return {
    section,
    destroy: () => {
      gone = true;
      destroyCharts();
    },
  };
}
