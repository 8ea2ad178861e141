// The registry page ("#/registry?sector=…&severity=…&state=…"): the reports
// the public may know of, filtered by sector, severity level and affected
// state. The filters live in the hash, so a filtered list can be bookmarked
// and the back button works; changing a select updates the hash, and the
// router hands the new route to `update` (no page reload, focus kept).
// `registryFilters`, `registryView` and `filterOptions` are pure and tested.

import { fetchReports, fetchStatistics, type ApiResult, type ReportFilters } from './api';
import { h, link, markReady, pageSection, showError, table } from './dom';
import { formatDateTime, formatMonth, levelLabel, plural, sectorLabel, verdictLabel } from './format';
import type { PageInstance } from './page';
import { SEVERITY_LEVELS, type ReportSummary, type Statistics } from './parse';
import { reportHash, routeHash, type Route } from './router';

/** The registry's filters as the hash holds them. */
export interface RegistryFilters {
  sector?: string;
  severity?: string;
  state?: string;
}

const SECTOR_CODE = /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)?$/;
const ALPHA2 = /^[A-Z]{2}$/;

/**
 * The valid filters of a hash query. A value the API would refuse (a sector
 * that is not a code, an unknown level, a state that is not two capitals) is
 * left out and named in `ignored`, so the page can say so instead of failing.
 */
export function registryFilters(query: Record<string, string>): { filters: RegistryFilters; ignored: string[] } {
  const filters: RegistryFilters = {};
  const ignored: string[] = [];
  const { sector, severity, state } = query;
  if (sector !== undefined) {
    if (SECTOR_CODE.test(sector) && sector.length <= 64) filters.sector = sector;
    else ignored.push(`sector “${sector}”`);
  }
  if (severity !== undefined) {
    if ((SEVERITY_LEVELS as readonly string[]).includes(severity)) filters.severity = severity;
    else ignored.push(`severity “${severity}”`);
  }
  if (state !== undefined) {
    if (ALPHA2.test(state)) filters.state = state;
    else ignored.push(`state “${state}”`);
  }
  return { filters, ignored };
}

/** The API's query for the filters (the API calls severity `level`). */
export function apiFilters(filters: RegistryFilters): ReportFilters {
  const result: ReportFilters = {};
  if (filters.sector !== undefined) result.sector = filters.sector;
  if (filters.severity !== undefined) result.level = filters.severity;
  if (filters.state !== undefined) result.state = filters.state;
  return result;
}

export interface Option {
  value: string;
  label: string;
}

export interface FilterOptions {
  sector: Option[];
  severity: Option[];
  state: Option[];
}

/**
 * The choices of each select: "All …" first, then the sectors and states that
 * have reports (from the statistics), and every severity level. A value chosen
 * in the hash but absent from the statistics is added, so the select can show it.
 */
export function filterOptions(
  sectors: Statistics | undefined,
  states: Statistics | undefined,
  chosen: RegistryFilters,
): FilterOptions {
  const sectorCodes = new Set((sectors?.groups ?? []).map((group) => group.key));
  if (chosen.sector !== undefined) sectorCodes.add(chosen.sector);
  const stateCodes = new Set((states?.groups ?? []).map((group) => group.key));
  if (chosen.state !== undefined) stateCodes.add(chosen.state);
  return {
    sector: [
      { value: '', label: 'All sectors' },
      ...[...sectorCodes].sort().map((code) => ({ value: code, label: sectorLabel(code) })),
    ],
    severity: [
      { value: '', label: 'All levels' },
      ...SEVERITY_LEVELS.map((level) => ({ value: level, label: levelLabel(level) })),
    ],
    state: [{ value: '', label: 'All states' }, ...[...stateCodes].sort().map((code) => ({ value: code, label: code }))],
  };
}

export interface RegistryRow {
  id: string;
  title: string;
  /** False when the reader may not read the title (the id stands in). */
  titlePublic: boolean;
  month: string;
  states: string;
  sectors: string;
  severity: string;
  verdict: string;
  submitted: string;
  withdrawn: boolean;
}

export interface RegistryView {
  count: string;
  rows: RegistryRow[];
}

/** The result table's rows and the "N reports" line. */
export function registryView(items: ReportSummary[], more: boolean): RegistryView {
  const rows = items.map((item): RegistryRow => {
    const envelope = item.envelope;
    const time = envelope.month ?? envelope.year;
    return {
      id: item.id,
      title: item.title ?? `${item.id} (title not public)`,
      titlePublic: item.title !== undefined,
      month: time === undefined ? '—' : formatMonth(time),
      states: envelope.affected_states?.join(', ') ?? 'withheld',
      sectors: envelope.sectors?.map(sectorLabel).join(', ') ?? 'withheld',
      severity: envelope.severity_level === undefined ? '—' : levelLabel(envelope.severity_level),
      verdict: envelope.verdict_summary === undefined ? '—' : verdictLabel(envelope.verdict_summary),
      submitted: formatDateTime(item.submitted_at),
      withdrawn: item.withdrawn,
    };
  });
  const count = plural(items.length, 'report') + (more ? ' shown; more match' : '');
  return { count, rows };
}

// ------------------------------------------------------------------ DOM

/** Pages of 200 fetched at most; past that the page says more match. */
const MAX_PAGES = 10;

async function fetchAllReports(filters: ReportFilters): Promise<ApiResult<{ items: ReportSummary[]; more: boolean }>> {
  const items: ReportSummary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await fetchReports(filters, cursor);
    if (!result.ok) return result;
    items.push(...result.value.items);
    if (result.value.next_cursor === null) return { ok: true, value: { items, more: false } };
    cursor = result.value.next_cursor;
  }
  return { ok: true, value: { items, more: true } };
}

function select(name: string, label: string, options: Option[], value: string): HTMLElement {
  const id = `filter-${name}`;
  const control = h('select', { id, name });
  for (const option of options) control.append(h('option', { value: option.value }, option.label));
  control.value = value;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

export function mountRegistry(route: Route): PageInstance {
  const section = pageSection('registry', 'Registry', 'Incident reports in the public log, newest first. Choose a report to see its public form and verify that it is in the log.');
  const form = h('form', { 'data-filters': true, class: 'filters', 'aria-label': 'Filter the reports' });
  const count = h('p', { 'data-count': true, role: 'status', 'aria-live': 'polite', class: 'count' });
  const notice = h('p', { class: 'notice', hidden: true });
  const results = h('div', { class: 'results' });
  section.append(form, notice, count, results);
  let filters = registryFilters(route.query);
  let generation = 0;
  let gone = false;

  function fillForm(sectors: Statistics | undefined, states: Statistics | undefined): void {
    const options = filterOptions(sectors, states, filters.filters);
    form.replaceChildren(
      select('sector', 'Sector', options.sector, filters.filters.sector ?? ''),
      select('severity', 'Severity', options.severity, filters.filters.severity ?? ''),
      select('state', 'State', options.state, filters.filters.state ?? ''),
      h('noscript', {}, h('button', { type: 'submit' }, 'Apply')),
    );
  }

  form.addEventListener('change', () => {
    const data = new FormData(form);
    const value = (name: string) => {
      const entry = data.get(name);
      return typeof entry === 'string' ? entry : '';
    };
    section.dataset['state'] = 'loading';
    location.hash = routeHash('#/registry', { sector: value('sector'), severity: value('severity'), state: value('state') });
  });
  form.addEventListener('submit', (event) => event.preventDefault());

  async function load(): Promise<void> {
    const mine = ++generation;
    section.dataset['state'] = 'loading';
    results.setAttribute('aria-busy', 'true');
    notice.hidden = filters.ignored.length === 0;
    notice.textContent = `Ignored in the address: ${filters.ignored.join(', ')} (not a valid filter).`;
    const result = await fetchAllReports(apiFilters(filters.filters));
    if (gone || mine !== generation) return;
    results.removeAttribute('aria-busy');
    if (!result.ok) {
      results.replaceChildren();
      count.textContent = '';
      showError(section, 'The reports could not be loaded.', result.reason);
      return;
    }
    section.querySelector(':scope > [role="alert"]')?.remove();
    const view = registryView(result.value.items, result.value.more);
    count.textContent = view.count;
    results.replaceChildren(
      table({
        name: 'reports',
        caption: 'Reports matching the filters',
        captionHidden: true,
        headers: ['Title', 'Incident month', 'Affected states', 'Sectors', 'Severity', 'Binding norms', 'Submitted'],
        rows: view.rows.map((row) => ({
          cells: [
            h('span', {}, link(reportHash(row.id), row.title, row.titlePublic ? {} : { class: 'mono' }), row.withdrawn ? h('span', { class: 'tag' }, ' withdrawn') : null),
            row.month,
            row.states,
            row.sectors,
            row.severity,
            row.verdict,
            row.submitted,
          ],
          attributes: { 'data-report-id': row.id },
        })),
        empty: 'No report matches these filters.',
      }),
    );
    markReady(section);
  }

  void (async () => {
    fillForm(undefined, undefined);
    const [sectors, states] = await Promise.all([fetchStatistics('sector'), fetchStatistics('state')]);
    if (gone) return;
    // The filters still work without the statistics: the selects then offer only levels and the chosen values.
    const focused = document.activeElement?.id;
    fillForm(sectors.ok ? sectors.value : undefined, states.ok ? states.value : undefined);
    if (focused?.startsWith('filter-')) document.getElementById(focused)?.focus();
  })();
  void load();

  return {
    section,
    update(next: Route): boolean {
      filters = registryFilters(next.query);
      for (const name of ['sector', 'severity', 'state'] as const) {
        const control = form.querySelector<HTMLSelectElement>(`select[name="${name}"]`);
        const value = filters.filters[name] ?? '';
        if (control === null) continue;
        if (![...control.options].some((option) => option.value === value)) {
          control.append(h('option', { value }, name === 'sector' ? sectorLabel(value) : value));
        }
        control.value = value;
      }
      void load();
      return true;
    },
    destroy: () => {
      gone = true;
    },
  };
}
