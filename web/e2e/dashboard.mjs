// The dashboard's browser suite: playwright-core driving Debian's Chromium
// (headless, a fresh profile, nothing downloaded) against a real accord node
// that web/e2e/run-browser-suite started and filled.
//
//   node web/e2e/dashboard.mjs <node URL> <screenshot folder> [test name filter]
//
// Environment: ACCORD_E2E_TOKEN, a state party's bearer token (for the submit
// tests); ACCORD_E2E_STATE, that party's state code (default EE).
//
// The tests rely only on the page contract (web/README.md, "Page contract"):
// data-page / data-state="ready" sections, data-chart figures, data-table
// tables, the registry's labelled filters, data-proof, data-pointer /
// data-error-for and data-submit-result. Expected values come from the node's
// API, read beside the browser, never from the page itself.
//
// Every page a test opens is watched: a console error, an uncaught exception,
// a failed request, an HTTP error answer or a request to another origin fails
// the test (unless the test expects that very answer). Each test has its own
// time limit. One line per test, then "browser suite: N passed, N failed";
// exit status 0 when all passed, 1 otherwise, 2 on a usage error.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';

const CHROMIUM_PATH = '/usr/bin/chromium';
// DEPENDENCIES.md section 7: the launch arguments verified with Debian's Chromium.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const LAUNCH_TIMEOUT_MS = 30_000;
/** How long one test may take in all; past it the test fails and its pages close. */
const TEST_TIMEOUT_MS = 30_000;
/** How long one wait inside a test (a selector, a navigation) may take. */
const STEP_TIMEOUT_MS = 10_000;
/** The whole run; a guard against anything that escapes the per-test limits. */
const SUITE_TIMEOUT_MS = 170_000;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** The pages of the contract: route, data-page name, the nav link that is current. */
const PAGES = [
  { name: 'overview', route: '#/', nav: 'Overview' },
  { name: 'registry', route: '#/registry', nav: 'Registry' },
  { name: 'report', route: null, nav: null }, // #/registry/ID of a demo report, found at run time
  { name: 'norms', route: '#/norms', nav: 'Norms' },
  { name: 'contacts', route: '#/contacts', nav: 'Contacts' },
  { name: 'cases', route: '#/cases', nav: 'Cases' },
  { name: 'transparency', route: '#/transparency', nav: 'Transparency' },
  { name: 'submit', route: '#/submit', nav: 'Submit a report' },
];
const NAV_NAMES = ['Overview', 'Registry', 'Norms', 'Contacts', 'Cases', 'Transparency', 'Submit a report'];

function usage(message) {
  console.error(`dashboard: ${message}`);
  console.error('usage: node web/e2e/dashboard.mjs <node URL> <screenshot folder> [test name filter]');
  process.exit(2);
}

const [baseArg, shotsDir, filter] = process.argv.slice(2);
if (!baseArg || !shotsDir) usage('expected the node URL and a screenshot folder');
let base;
try {
  base = new URL(baseArg);
} catch {
  usage(`not a URL: "${baseArg}"`);
}
const ORIGIN = base.origin;
const TOKEN = process.env.ACCORD_E2E_TOKEN ?? '';
const STATE = process.env.ACCORD_E2E_STATE ?? 'EE';

// ---------------------------------------------------------------- the API

class ApiError extends Error {}

async function api(path, init) {
  const target = new URL(path, base);
  const response = await fetch(target, init);
  if (!response.ok) {
    throw new ApiError(`GET ${target.pathname}${target.search}: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
  }
  return response;
}
const apiJson = async (path) => (await api(path)).json();

/** Every report the list returns for `query` (all pages). */
async function listReports(query = '') {
  const items = [];
  let cursor = '';
  for (let page = 0; page < 100; page++) {
    const sep = query ? '&' : '';
    const body = await apiJson(`/v1/reports?${query}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...body.items);
    if (!body.next_cursor) return items;
    cursor = body.next_cursor;
  }
  throw new Error(`GET /v1/reports?${query}: more than 100 pages`);
}

async function treeSize() {
  const note = await (await api('/log/checkpoint')).text();
  return Number(note.split('\n')[1]);
}

// ---------------------------------------------------------------- the harness

class Failure extends Error {}
function check(condition, message) {
  if (!condition) throw new Failure(message);
}
const firstLine = (error) => String(error?.message ?? error).split('\n')[0];

/** Everything a page did wrong, in order; `allowed` regexps excuse problems a test provokes. */
function watchPage(page) {
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught exception: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'unknown error';
    // The page may abort its own stale fetches (a new route or filter), and
    // closing a tab aborts what is in flight: neither is a failure.
    if (reason === 'net::ERR_ABORTED' && (request.resourceType() === 'fetch' || page.isClosed())) return;
    problems.push(`request failed: ${request.method()} ${request.url()}: ${reason}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.request().method()} ${response.url()}`);
  });
  page.on('request', (request) => {
    const target = new URL(request.url());
    if (target.protocol !== 'data:' && target.protocol !== 'blob:' && target.origin !== ORIGIN) {
      problems.push(`request to another origin: ${request.url()}`);
    }
  });
  return problems;
}

/** What a test gets: pages that are watched and closed for it, and the expected problems. */
class TestContext {
  constructor(context) {
    this.context = context;
    this.pages = [];
    this.allowed = [];
  }

  /** Problems matching `pattern` are expected in this test (e.g. a 422 it provokes). */
  allow(pattern) {
    this.allowed.push(pattern);
  }

  /** A new tab at `route` (a hash route such as "#/norms"), with `viewport`. */
  async open(route, viewport = DESKTOP) {
    const page = await this.context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.setViewportSize(viewport);
    const problems = watchPage(page);
    this.pages.push({ page, problems });
    await page.goto(new URL(route, base).href, { timeout: STEP_TIMEOUT_MS });
    return page;
  }

  problems() {
    return this.pages
      .flatMap(({ problems }) => problems)
      .filter((problem) => !this.allowed.some((pattern) => pattern.test(problem)));
  }

  async close() {
    await Promise.all(this.pages.map(({ page }) => page.close().catch(() => {})));
  }
}

/** Says what the page shows instead, so a timeout explains itself. */
async function describeSection(page) {
  try {
    return await page.evaluate(() => {
      const sections = [...document.querySelectorAll('main#main section[data-page]')];
      if (sections.length === 0) {
        return document.querySelector('main#main') ? 'main#main holds no section[data-page]' : 'no main#main on the page';
      }
      return sections
        .map((section) => {
          const alert = section.querySelector('[role="alert"]')?.textContent?.trim();
          return `section data-page="${section.dataset.page}" data-state="${section.dataset.state ?? ''}"${alert ? ` alert "${alert.slice(0, 200)}"` : ''}`;
        })
        .join('; ');
    });
  } catch (error) {
    return `could not read the page: ${firstLine(error)}`;
  }
}

/** Waits until the section `name` is data-state="ready"; fails saying what is there instead. */
async function waitReady(page, name) {
  const selector = `main#main section[data-page="${name}"][data-state="ready"]`;
  try {
    await page.waitForSelector(selector, { timeout: STEP_TIMEOUT_MS });
  } catch (error) {
    throw new Failure(`${selector} did not appear within ${STEP_TIMEOUT_MS / 1000} s (${await describeSection(page)})`);
  }
  return page.locator(`main#main section[data-page="${name}"]`);
}

async function screenshot(page, file) {
  await page.screenshot({ path: join(shotsDir, file), fullPage: true });
}

/** The rows of a table as arrays of cell texts (th and td), header rows left out. */
async function tableRows(locator) {
  return locator.evaluate((table) => {
    const rows = table.tBodies.length > 0 ? [...table.tBodies].flatMap((body) => [...body.rows]) : [...table.rows].slice(1);
    return rows.map((row) => [...row.cells].map((cell) => cell.textContent.trim()));
  });
}

/** Letters and digits only, lower case: "Panel selected" and "panel-selected" compare equal. */
const normalise = (text) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The integers in a row's cells (a cell that is a whole number, thousands separators allowed). */
function rowNumbers(cells) {
  return cells
    .map((text) => text.replace(/[\s,\u202f\u00a0]/g, ''))
    .filter((text) => /^\d+$/.test(text))
    .map(Number);
}

// The stored shape of a demo report, for the submit tests: the public
// example of README.md's walkthrough, with a fresh id and this run's party.
function validReport() {
  const now = Date.now();
  const iso = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return {
    schema: 'accord.incident-report/1',
    id: `incident-report--${randomUUID()}`,
    title: `Browser suite: ransomware disrupts dispatch at a hospital (${randomUUID().slice(0, 8)})`,
    reporter: { kind: 'state', state: STATE },
    reported_at: iso(now - 3600_000),
    times: { start: iso(now - 2 * 86400_000), detected: iso(now - 86400_000), precision: 'second' },
    affected_states: [STATE],
    affected_entities: [
      {
        sector: 'health.healthcare-providers',
        entity_type: 'hospital',
        state: STATE,
        civilian_status: 'civilian',
        name: 'Example Regional Hospital Group',
        population_served: 120000,
      },
    ],
    effects: {
      confidentiality: false,
      integrity: true,
      availability: true,
      effect_location: 'it',
      disruption_hours: 14,
      people_affected: 3000,
      physical_damage: 'none',
      injuries: 0,
      deaths: 0,
      recoverability: 'supplemented',
      services_affected: ['ambulance dispatch'],
    },
    techniques: ['T1486'],
    narrative: 'Exercise inject written by the browser suite: dispatch ran on paper for 14 hours.',
    tlp: 'GREEN',
    exercise: true,
  };
}

/** The value at a JSON Pointer (RFC 6901); a leading "/report" (the request's wrapper) is skipped. */
function resolvePointer(document, pointer) {
  let parts = pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (parts[0] === 'report') parts = parts.slice(1);
  let value = document;
  for (const part of parts) {
    if (value === null || typeof value !== 'object' || !(part in value)) return undefined;
    value = value[part];
  }
  return value;
}

/**
 * Fills every control with a data-pointer from `report`: text and number
 * inputs, textareas, selects (single or multiple), checkboxes and radios,
 * date and datetime-local inputs. Controls whose pointer the report does not
 * hold keep their default. Returns the pointers filled.
 */
async function fillForm(page, report) {
  const controls = page.locator('section[data-page="submit"] [data-pointer]');
  const filled = [];
  for (const control of await controls.all()) {
    const pointer = await control.getAttribute('data-pointer');
    const value = resolvePointer(report, pointer);
    if (value === undefined || (typeof value === 'object' && !Array.isArray(value))) continue;
    const info = await control.evaluate((element) => ({
      tag: element.tagName.toLowerCase(),
      type: element.getAttribute('type') ?? '',
      multiple: element.multiple === true,
      value: element.value,
      options: element.tagName === 'SELECT' ? [...element.options].map((option) => option.value) : [],
      disabled: element.disabled === true,
      readOnly: element.readOnly === true,
    }));
    if (info.disabled || info.readOnly) continue;
    if (!['input', 'select', 'textarea'].includes(info.tag)) continue;
    if (info.tag === 'select') {
      const wanted = Array.isArray(value) ? value.map(String) : [String(value)];
      for (const option of wanted) {
        check(info.options.includes(option), `the select for ${pointer} has no option "${option}" (options: ${info.options.join(', ')})`);
      }
      await control.selectOption(info.multiple ? wanted : wanted[0]);
    } else if (info.type === 'checkbox') {
      if (Array.isArray(value)) await control.setChecked(value.map(String).includes(info.value));
      else await control.setChecked(Boolean(value));
    } else if (info.type === 'radio') {
      if (info.value === String(value)) await control.check();
      else continue;
    } else if (info.type === 'datetime-local') {
      await control.fill(String(value).replace(/Z$/, '').slice(0, 19));
    } else if (info.type === 'date') {
      await control.fill(String(value).slice(0, 10));
    } else {
      await control.fill(Array.isArray(value) ? value.join(', ') : String(value));
    }
    filled.push(pointer);
  }
  return filled;
}

async function signIn(t) {
  check(TOKEN !== '', 'ACCORD_E2E_TOKEN is not set: run the suite through web/e2e/run-browser-suite');
  const page = await t.open('#/submit');
  const section = await waitReady(page, 'submit');
  await section.getByLabel('Access token', { exact: true }).fill(TOKEN);
  await section.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForSelector('section[data-page="submit"] [data-pointer]', { state: 'visible' });
  return { page, section };
}

/** The [data-error-for] element of a pointer, whichever form ("/x" or "/report/x") the page uses. */
function errorFor(section, pointer) {
  const bare = pointer.replace(/^\/report(?=\/)/, '');
  return section.locator(`[data-error-for="${bare}"], [data-error-for="/report${bare}"]`).first();
}

// ---------------------------------------------------------------- the tests

const tests = [];
const test = (name, fn, timeout = TEST_TIMEOUT_MS) => tests.push({ name, fn, timeout });

// Facts read from the API before the browser starts.
const facts = {};

for (const { name, route, nav } of PAGES) {
  test(`page ${name}: loads, is ready, one h1, nav and screenshot`, async (t) => {
    const target = route ?? `#/registry/${facts.report.id}`;
    const page = await t.open(target);
    const section = await waitReady(page, name);
    check((await page.locator('main#main section[data-page]').count()) === 1, 'main#main should hold exactly one section[data-page]');
    const h1 = section.locator('h1');
    check((await h1.count()) === 1, `section ${name} has ${await h1.count()} h1 elements, expected 1`);
    check((await h1.innerText()).trim() !== '', 'the h1 is empty');
    const navigation = page.getByRole('navigation', { name: 'Sections', exact: true });
    for (const link of NAV_NAMES) {
      const count = await navigation.getByRole('link', { name: link, exact: true }).count();
      check(count === 1, `nav "Sections" has ${count} links named "${link}", expected 1`);
    }
    if (nav) {
      const current = await navigation.locator('[aria-current="page"]').allInnerTexts();
      check(current.length === 1 && current[0].trim() === nav, `aria-current="page" is on [${current.join(', ')}], expected "${nav}"`);
    }
    await screenshot(page, `${name}.png`);
  });
}

test('health: the node health panel says "ok" (as e2e/smoke.mjs checks)', async (t) => {
  const page = await t.open('#/');
  await page.waitForSelector('[data-health-status="ok"]').catch(async () => {
    const state = await page.locator('[data-health-status]').first().getAttribute('data-health-status').catch(() => null);
    throw new Failure(`no [data-health-status="ok"] (the panel says ${state === null ? 'nothing' : `"${state}"`})`);
  });
});

test('page not-found: an unknown route shows the not-found section', async (t) => {
  const page = await t.open('#/no-such-page');
  await page.waitForSelector('main#main section[data-page="not-found"]').catch(async () => {
    throw new Failure(`no section[data-page="not-found"] for #/no-such-page (${await describeSection(page)})`);
  });
  check((await page.locator('section[data-page="not-found"] h1').count()) === 1, 'the not-found section has no h1');
  await screenshot(page, 'not-found.png');
});

test('overview: three charts drawn, their tables and the by-state table match /v1/statistics', async (t) => {
  const page = await t.open('#/');
  const section = await waitReady(page, 'overview');
  for (const chart of ['incidents-over-time', 'by-sector', 'by-severity']) {
    const figure = section.locator(`figure[data-chart="${chart}"]`);
    check((await figure.count()) === 1, `no figure[data-chart="${chart}"]`);
    check((await figure.locator('figcaption').innerText()).trim() !== '', `figure ${chart} has no figcaption text`);
    check((await figure.locator('canvas').count()) >= 1, `figure ${chart} has no canvas`);
    // Drawn: a good share of the canvas's pixels are painted (chart.js animates, so poll).
    const drawn = await page
      .waitForFunction((selector) => {
        const canvas = document.querySelector(selector);
        if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
        return painted > (canvas.width * canvas.height) / 100;
      }, `figure[data-chart="${chart}"] canvas`, { timeout: STEP_TIMEOUT_MS })
      .then(() => true, () => false);
    check(drawn, `the canvas of ${chart} stays blank (under 1% of its pixels painted)`);
    check((await figure.locator('table').count()) === 1, `figure ${chart} has no table`);
    check((await tableRows(figure.locator('table'))).length > 0, `the table of ${chart} has no rows`);
  }

  // By severity: one row per level, with the API's count.
  const levels = await apiJson('/v1/statistics?group_by=level');
  const severityRows = await tableRows(section.locator('figure[data-chart="by-severity"] table'));
  for (const { key, count } of levels.groups) {
    const row = severityRows.find((cells) => cells[0]?.toLowerCase().includes(key));
    check(row, `the by-severity table has no row for "${key}" (rows: ${JSON.stringify(severityRows)})`);
    check(rowNumbers(row).includes(count), `by-severity "${key}": the API counts ${count}, the row says ${JSON.stringify(row)}`);
  }

  // Incidents over time: the months add up to the API's total.
  const months = await apiJson('/v1/statistics?group_by=month');
  const monthRows = await tableRows(section.locator('figure[data-chart="incidents-over-time"] table'));
  const monthCounts = monthRows.map((cells) => rowNumbers(cells.slice(1)).at(-1) ?? 0);
  const monthTotal = monthCounts.reduce((sum, count) => sum + count, 0);
  check(monthTotal === months.total, `incidents over time: the table's months add up to ${monthTotal}, the API's total is ${months.total}`);
  // By the incidents' own months (which the demo spreads over 2012-2024), not
  // by submission (all today): the non-zero rows are the API's months, or
  // those months summed per year when the page counts by year.
  const perYear = new Map();
  for (const { key, count } of months.groups) perYear.set(key.slice(0, 4), (perYear.get(key.slice(0, 4)) ?? 0) + count);
  const shownCounts = JSON.stringify(monthCounts.filter((count) => count > 0).sort((a, b) => a - b));
  const byMonth = JSON.stringify(months.groups.map((group) => group.count).sort((a, b) => a - b));
  const byYear = JSON.stringify([...perYear.values()].sort((a, b) => a - b));
  check(shownCounts === byMonth || shownCounts === byYear, `incidents over time: the non-zero counts ${shownCounts} are neither the API's months ${byMonth} nor its years ${byYear}`);

  // By sector: the table's counts add up to the API's groups, and where its
  // rows name their sector code (data-key) each has the API's count.
  const sectors = await apiJson('/v1/statistics?group_by=sector');
  const sectorTable = section.locator('figure[data-chart="by-sector"] table');
  const sectorRows = await tableRows(sectorTable);
  const sectorTotal = sectorRows.reduce((sum, cells) => sum + (rowNumbers(cells.slice(1)).at(-1) ?? 0), 0);
  const apiSectorTotal = sectors.groups.reduce((sum, group) => sum + group.count, 0);
  check(sectorTotal === apiSectorTotal, `by sector: the table adds up to ${sectorTotal}, the API's groups to ${apiSectorTotal}`);
  const keyed = await sectorTable.locator('tr[data-key]').evaluateAll((rows) =>
    rows.map((row) => [row.dataset.key, [...row.cells].map((cell) => cell.textContent.trim())]),
  );
  if (keyed.length > 0) {
    for (const { key, count } of sectors.groups) {
      const row = keyed.find(([rowKey]) => rowKey === key);
      check(row && rowNumbers(row[1].slice(1)).at(-1) === count, `by sector "${key}": the API counts ${count}, the row says ${JSON.stringify(row?.[1])}`);
    }
  }

  // By state: one row per state the API counts, with its count.
  const states = await apiJson('/v1/statistics?group_by=state');
  const stateTable = section.locator('table[data-table="by-state"]');
  check((await stateTable.count()) === 1, 'no table[data-table="by-state"]');
  const codes = await stateTable.locator('tr[data-state-code]').evaluateAll((rows) => rows.map((row) => row.dataset.stateCode));
  const expectedCodes = states.groups.map((group) => group.key).sort();
  check(JSON.stringify([...codes].sort()) === JSON.stringify(expectedCodes), `by-state rows are [${codes.join(' ')}], the API counts [${expectedCodes.join(' ')}]`);
  for (const { key, count } of states.groups) {
    const cells = await stateTable.locator(`tr[data-state-code="${key}"]`).locator('th, td').allInnerTexts();
    check(rowNumbers(cells).includes(count), `by-state ${key}: the API counts ${count}, the row says ${JSON.stringify(cells)}`);
  }
});

/** The registry's result rows and count line agree with `expected` reports. */
async function expectRegistryRows(page, section, expected, what) {
  const ok = await page
    .waitForFunction((n) => document.querySelectorAll('table[data-table="reports"] tr[data-report-id]').length === n, expected.length, { timeout: STEP_TIMEOUT_MS })
    .then(() => true, () => false);
  const shown = await section.locator('table[data-table="reports"] tr[data-report-id]').evaluateAll((rows) => rows.map((row) => row.dataset.reportId));
  check(ok, `${what}: the registry shows ${shown.length} rows, the API returns ${expected.length}`);
  check(JSON.stringify([...shown].sort()) === JSON.stringify(expected.map((item) => item.id).sort()), `${what}: the rows are not the reports the API returns`);
  const count = (await section.locator('[data-count]').first().innerText()).trim();
  const word = expected.length === 1 ? 'report' : 'reports';
  check(new RegExp(`(^|\\D)${expected.length} ${word}\\b`).test(count), `${what}: [data-count] says "${count}", expected "${expected.length} ${word}"`);
}

/** Picks `preferred` among a select's option values if it is there, else the first non-empty one. */
async function pickOption(select, preferred) {
  const values = (await select.locator('option').evaluateAll((options) => options.map((option) => option.value))).filter((value) => value !== '');
  check(values.length > 0, 'the select offers no choice');
  return values.includes(preferred) ? preferred : values[0];
}

test('registry: filters by sector, severity and state update the hash and match /v1/reports', async (t) => {
  const page = await t.open('#/registry');
  const section = await waitReady(page, 'registry');
  const form = section.locator('form[data-filters]');
  check((await form.count()) === 1, 'no form[data-filters]');
  await expectRegistryRows(page, section, await listReports(), 'no filter');
  await page.evaluate(() => {
    window.__accordE2eNoReload = true;
  });

  const sector = await pickOption(form.getByLabel('Sector', { exact: true }), 'energy');
  await form.getByLabel('Sector', { exact: true }).selectOption(sector);
  await page.waitForFunction((s) => new URLSearchParams(location.hash.split('?')[1] ?? '').get('sector') === s, sector).catch(async () => {
    throw new Failure(`choosing sector "${sector}" left the hash at "${await page.evaluate(() => location.hash)}"`);
  });
  await expectRegistryRows(page, section, await listReports(`sector=${sector}`), `sector=${sector}`);

  const level = await pickOption(form.getByLabel('Severity', { exact: true }), 'high');
  await form.getByLabel('Severity', { exact: true }).selectOption(level);
  await page.waitForFunction((s) => new URLSearchParams(location.hash.split('?')[1] ?? '').get('severity') === s, level).catch(async () => {
    throw new Failure(`choosing severity "${level}" left the hash at "${await page.evaluate(() => location.hash)}"`);
  });
  await expectRegistryRows(page, section, await listReports(`sector=${sector}&level=${level}`), `sector=${sector} severity=${level}`);

  await form.getByLabel('Severity', { exact: true }).selectOption('');
  const state = await pickOption(form.getByLabel('State', { exact: true }), 'UA');
  await form.getByLabel('State', { exact: true }).selectOption(state);
  await page.waitForFunction((s) => {
    const query = new URLSearchParams(location.hash.split('?')[1] ?? '');
    return query.get('state') === s && !query.get('severity');
  }, state).catch(async () => {
    throw new Failure(`choosing state "${state}" (severity cleared) left the hash at "${await page.evaluate(() => location.hash)}"`);
  });
  await expectRegistryRows(page, section, await listReports(`sector=${sector}&state=${state}`), `sector=${sector} state=${state}`);
  check(await page.evaluate(() => window.__accordE2eNoReload === true), 'changing a filter reloaded the page');
  await screenshot(page, 'registry-filtered.png');
});

test('registry: a deep link with filters in the hash shows them chosen and the matching rows', async (t) => {
  const page = await t.open('#/registry?sector=energy&state=UA');
  const section = await waitReady(page, 'registry');
  const form = section.locator('form[data-filters]');
  check((await form.getByLabel('Sector', { exact: true }).inputValue()) === 'energy', 'the Sector select does not show "energy"');
  check((await form.getByLabel('State', { exact: true }).inputValue()) === 'UA', 'the State select does not show "UA"');
  await expectRegistryRows(page, section, await listReports('sector=energy&state=UA'), 'deep link sector=energy state=UA');
});

test('registry: the title link opens the report with its severity and verdicts', async (t) => {
  const page = await t.open('#/registry');
  const section = await waitReady(page, 'registry');
  const { id, title } = facts.report;
  const link = section.locator(`tr[data-report-id="${id}"] a[href$="#/registry/${id}"]`);
  check((await link.count()) === 1, `the row of ${id} has no link to #/registry/${id}`);
  check((await link.innerText()).trim() === title, `the row's link says "${(await link.innerText()).trim()}", the API's title is "${title}"`);
  await link.click();
  await page.waitForFunction((target) => location.hash === target, `#/registry/${id}`);
  const report = await waitReady(page, 'report');
  check((await report.locator('h1').innerText()).includes(title), 'the report page\'s h1 does not hold the report\'s title');
  const severityRows = await tableRows(report.locator('table[data-table="severity"]'));
  check(severityRows.length > 0, 'table[data-table="severity"] has no rows');
  const level = facts.report.envelope.severity_level;
  check((await report.locator('table[data-table="severity"]').innerText()).toLowerCase().includes(level), `the severity table does not name the level "${level}"`);
  check((await report.locator('[data-verdicts]').innerText()).trim() !== '', '[data-verdicts] is empty');
  check((await report.getByRole('button', { name: 'Verify inclusion proof', exact: true }).count()) === 1, 'no button "Verify inclusion proof"');
});

/** Opens the report, clicks "Verify inclusion proof" and returns the outcome: [state, sentence]. */
async function verifyProof(t, tamper) {
  const tab = await t.open('about:blank');
  if (tamper) await tamper(tab);
  await tab.goto(new URL(`#/registry/${facts.report.id}`, base).href);
  const report = await waitReady(tab, 'report');
  await report.getByRole('button', { name: 'Verify inclusion proof', exact: true }).click();
  const proof = report.locator('[data-proof]');
  const settled = await tab
    .waitForFunction(() => ['verified', 'failed'].includes(document.querySelector('[data-proof]')?.getAttribute('data-proof')), null, { timeout: STEP_TIMEOUT_MS })
    .then(() => true, () => false);
  const state = (await proof.count()) > 0 ? await proof.getAttribute('data-proof') : '(no [data-proof] element)';
  const sentence = (await proof.count()) > 0 ? (await proof.innerText()).trim() : '';
  check(settled, `[data-proof] stayed "${state}" for ${STEP_TIMEOUT_MS / 1000} s`);
  return { tab, state, sentence };
}

test('proof: "Verify inclusion proof" verifies the report against the signed checkpoint', async (t) => {
  const before = await treeSize();
  const { tab, state, sentence } = await verifyProof(t);
  const after = await treeSize();
  check(state === 'verified', `[data-proof] is "${state}": ${sentence}`);
  const named = (number) => new RegExp(`(^|\\D)${number}(\\D|$)`).test(sentence);
  check(named(facts.report.log_index), `the sentence does not name the entry index ${facts.report.log_index}: "${sentence}"`);
  // The node may append meanwhile: any size it had during the check will do.
  const sizes = Array.from({ length: after - before + 1 }, (_, i) => String(before + i));
  check(sizes.some(named), `the sentence does not name the tree size ${before === after ? before : `${before}..${after}`}: "${sentence}"`);
  await screenshot(tab, 'report-verified.png');
});

/** Routes the requests whose path starts with `prefix` through `alter(body bytes) -> bytes`. */
function tamperWith(prefix, alter) {
  return (tab) =>
    tab.route(
      (url) => new URL(url).pathname.startsWith(prefix),
      async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, body: alter(await response.body()) });
      },
    );
}

test('proof: an altered log entry fails verification', async (t) => {
  // One digit of the entry's "at" time changed: still JSON, no longer the logged bytes.
  const { tab, state, sentence } = await verifyProof(
    t,
    tamperWith('/v1/log/entries/', (body) => {
      const found = body.toString('latin1').indexOf('"at":"');
      const at = found >= 0 ? found + 9 : Math.floor(body.length / 2);
      const bytes = Buffer.from(body);
      bytes[at] = bytes[at] === 0x30 ? 0x31 : 0x30;
      return bytes;
    }),
  );
  check(state === 'failed', `an altered entry gave [data-proof="${state}"]: ${sentence}`);
  check(sentence !== '', 'no sentence says what failed');
  await screenshot(tab, 'report-tampered-entry.png');
});

test('proof: an altered inclusion proof fails verification', async (t) => {
  const { state, sentence } = await verifyProof(
    t,
    tamperWith('/v1/log/proofs/inclusion', (body) => {
      const proof = JSON.parse(body.toString('utf8'));
      check(Array.isArray(proof.proof) && proof.proof.length > 0, 'the inclusion proof has no hashes to alter');
      const hash = Buffer.from(proof.proof[0], 'base64');
      hash[0] ^= 0x01;
      proof.proof[0] = hash.toString('base64');
      return Buffer.from(JSON.stringify(proof));
    }),
  );
  check(state === 'failed', `an altered proof gave [data-proof="${state}"]: ${sentence}`);
  check(sentence !== '', 'no sentence says what failed');
});

test('proof: a checkpoint with an altered root fails verification (bad signature)', async (t) => {
  const { state, sentence } = await verifyProof(
    t,
    tamperWith('/log/checkpoint', (body) => {
      const lines = body.toString('utf8').split('\n');
      const root = Buffer.from(lines[2], 'base64');
      root[0] ^= 0x01;
      lines[2] = root.toString('base64');
      return Buffer.from(lines.join('\n'));
    }),
  );
  check(state === 'failed', `a checkpoint with an altered root gave [data-proof="${state}"]: ${sentence}`);
  check(sentence !== '', 'no sentence says what failed');
});

test('errors: an API failure puts the section in data-state="error" with the problem in role="alert"', async (t) => {
  t.allow(/HTTP 503 for GET .*\/v1\/norms/);
  t.allow(/console error: Failed to load resource: the server responded with a status of 503/);
  const tab = await t.open('about:blank');
  await tab.route(
    (url) => new URL(url).pathname === '/v1/norms',
    (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: '/problems/unavailable', title: 'Service Unavailable', status: 503, detail: 'the browser suite says no' }),
      }),
  );
  await tab.goto(new URL('#/norms', base).href);
  await tab.waitForSelector('main#main section[data-page="norms"][data-state="error"]').catch(async () => {
    throw new Failure(`a 503 from /v1/norms did not give data-state="error" (${await describeSection(tab)})`);
  });
  const alert = (await tab.locator('section[data-page="norms"] [role="alert"]').allInnerTexts()).join(' ');
  check(alert.includes('the browser suite says no') || alert.includes('Service Unavailable'), `the role="alert" does not carry the problem's title or detail: "${alert}"`);
  await screenshot(tab, 'norms-error.png');
});

test('norms: the table lists every norm of /v1/norms', async (t) => {
  const page = await t.open('#/norms');
  const section = await waitReady(page, 'norms');
  const norms = await apiJson('/v1/norms');
  const ids = await section.locator('table[data-table="norms"] tr[data-norm-id]').evaluateAll((rows) => rows.map((row) => row.dataset.normId));
  const expected = norms.norms.map((norm) => norm.id).sort();
  check(JSON.stringify([...ids].sort()) === JSON.stringify(expected), `norm rows [${ids.join(' ')}], the API lists [${expected.join(' ')}]`);
  const text = (await section.locator('table[data-table="norms"]').innerText()).toLowerCase();
  check(text.includes('binding'), 'the norms table does not name the "binding" layer');
});

test('contacts: the directory shows the public point of contact set through the CLI', async (t) => {
  const page = await t.open('#/contacts');
  const section = await waitReady(page, 'contacts');
  const contacts = await apiJson('/v1/contacts');
  check(contacts.items.length > 0, 'the API lists no point of contact (run-browser-suite sets one)');
  const rows = await tableRows(section.locator('table[data-table="contacts"]'));
  check(rows.length === contacts.items.length, `the contacts table has ${rows.length} rows, the API lists ${contacts.items.length}`);
  const text = await section.locator('table[data-table="contacts"]').innerText();
  for (const item of contacts.items) {
    check(text.includes(item.public.organisation), `the contacts table does not show "${item.public.organisation}"`);
  }
  // The restricted part (names, e-mail) never reaches the public page.
  check(!text.includes('duty@example.ee'), 'the contacts table shows a restricted e-mail address');
});

test('cases: the stage counts and the case list match /v1/cases', async (t) => {
  const page = await t.open('#/cases');
  const section = await waitReady(page, 'cases');
  const cases = await apiJson('/v1/cases');
  check(cases.items.length > 0, 'the API lists no case (run-browser-suite files one)');
  const caseTable = section.locator('table[data-table="cases"]');
  const caseRows = await tableRows(caseTable);
  check(caseRows.length === cases.items.length, `the cases table has ${caseRows.length} rows, the API lists ${cases.items.length}`);
  const caseText = await caseTable.innerText();
  for (const item of cases.items) check(caseText.includes(item.id), `the cases table does not show ${item.id}`);
  // Each case is at one stage now; the stage table counts it there.
  const atStage = new Map();
  for (const item of cases.items) atStage.set(item.stage, (atStage.get(item.stage) ?? 0) + 1);
  const stageRows = await tableRows(section.locator('table[data-table="cases-by-stage"]'));
  check(stageRows.length > 0, 'the cases-by-stage table has no rows');
  for (const [stage, count] of atStage) {
    const row = stageRows.find((cells) => normalise(cells[0] ?? '') === normalise(stage));
    check(row, `the cases-by-stage table has no row for stage "${stage}" (rows: ${stageRows.map((cells) => cells[0]).join(', ')})`);
    check(rowNumbers(row.slice(1))[0] === count, `cases-by-stage "${stage}": ${count} case(s) are there, the row says ${JSON.stringify(row)}`);
  }
});

test('transparency: years, global and per-state figures, and the HTML/JSON/CSV links of the node', async (t) => {
  const page = await t.open('#/transparency');
  const section = await waitReady(page, 'transparency');
  const index = await apiJson('/v1/transparency/reports');
  check(index.years.length > 0, 'GET /v1/transparency/reports lists no year');
  const year = section.getByLabel('Year', { exact: true });
  const years = (await year.locator('option').evaluateAll((options) => options.map((option) => option.value))).filter((value) => value !== '');
  check(JSON.stringify([...years].sort()) === JSON.stringify(index.years.map(String).sort()), `the Year select offers [${years.join(' ')}], the API covers [${index.years.join(' ')}]`);
  const chosen = await year.inputValue();
  const report = await apiJson(`/v1/transparency/reports/${chosen}?format=json`);
  const globalRows = await tableRows(section.locator('table[data-table="transparency-global"]'));
  check(globalRows.length > 0, 'table[data-table="transparency-global"] has no rows');
  const reported = report.figures.global['incidents.reported'];
  check(reported !== undefined, 'the JSON report has no global incidents.reported');
  const reportedRow = globalRows.find((cells) => normalise(cells[0] ?? '') === 'incidentsreported');
  check(reportedRow, 'the global table has no row "Incidents reported"');
  check(rowNumbers(reportedRow.slice(1)).includes(reported), `global "Incidents reported": the report says ${reported}, the row ${JSON.stringify(reportedRow)}`);
  // A per-state table: one row per state the report has figures for.
  const stateCodes = Object.keys(report.figures.states).sort();
  let perState = false;
  for (const candidate of await section.locator('table:not([data-table="transparency-global"])').all()) {
    const firsts = (await tableRows(candidate)).map((cells) => cells[0]).sort();
    if (JSON.stringify(firsts) === JSON.stringify(stateCodes)) perState = true;
  }
  check(perState, `no table has exactly one row per state of the report ([${stateCodes.join(' ')}])`);
  for (const [name, type] of [['HTML', 'text/html'], ['JSON', 'application/json'], ['CSV', 'text/csv']]) {
    const link = section.getByRole('link', { name, exact: true });
    check((await link.count()) === 1, `no link named "${name}"`);
    const href = new URL(await link.getAttribute('href'), page.url());
    check(href.origin === ORIGIN && href.pathname === `/v1/transparency/reports/${chosen}`, `the ${name} link points to ${href.href}`);
    check(href.searchParams.get('format') === name.toLowerCase(), `the ${name} link asks for format=${href.searchParams.get('format')}`);
    const response = await api(href.pathname + href.search);
    check((response.headers.get('content-type') ?? '').startsWith(type), `${name}: the node answers ${response.headers.get('content-type')}`);
  }
});

test('submit: a signed-in party submits a valid report; the node then returns it', async (t) => {
  const before = (await listReports('include_exercise=true')).length;
  const { page, section } = await signIn(t);
  const report = validReport();
  const filled = await fillForm(page, report);
  check(filled.some((pointer) => pointer.endsWith('/title')), `no control for the title among the filled [${filled.join(' ')}]`);
  await screenshot(page, 'submit-filled.png');
  await section.getByRole('button', { name: 'Submit report', exact: true }).click();
  const result = section.locator('[data-submit-result]');
  await page.waitForFunction(() => /incident-report--/.test(document.querySelector('[data-submit-result]')?.textContent ?? '')).catch(async () => {
    const errors = await section.locator('[data-error-for]').evaluateAll((elements) => elements.filter((e) => e.textContent.trim()).map((e) => `${e.dataset.errorFor}: ${e.textContent.trim()}`));
    const alert = await section.locator('[role="alert"]').allInnerTexts();
    const shown = (await result.count()) > 0 ? (await result.innerText()).trim() : '(no element)';
    throw new Failure(`[data-submit-result] shows no report id ("${shown}"); field errors [${errors.join('; ')}] alert [${alert.join(' ').trim()}]`);
  });
  const text = await result.innerText();
  const id = /incident-report--[0-9a-f-]{36}/.exec(text)?.[0];
  check(id, `[data-submit-result] shows no report id: "${text}"`);
  check((await result.locator(`a[href$="#/registry/${id}"]`).count()) === 1, `[data-submit-result] has no link to #/registry/${id}`);
  const stored = await apiJson(`/v1/reports/${id}`);
  check(stored.id === id, `GET /v1/reports/${id} returned ${stored.id}`);
  check(text.includes(String(stored.log_index)), `[data-submit-result] does not show the log index ${stored.log_index}: "${text}"`);
  // The public form of a TLP:GREEN report holds commitments; its reporter reads the full form.
  const full = await (await api(`/v1/reports/${id}`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json();
  const storedTitle = full.report?.title ?? full.public_form?.title;
  check(storedTitle === report.title, `the stored title is ${JSON.stringify(storedTitle)}, the form sent "${report.title}"`);
  const after = (await listReports('include_exercise=true')).length;
  check(after === before + 1, `the registry went from ${before} to ${after} reports, expected one more`);
  await screenshot(page, 'submit-done.png');
});

test('submit: an invalid report shows errors beside the named fields and creates nothing', async (t) => {
  const before = (await listReports('include_exercise=true&include_withdrawn=true')).length;
  const size = await treeSize();
  const { page, section } = await signIn(t);
  const posts = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(request.url());
  });
  const report = validReport();
  report.title = '';
  await fillForm(page, report);
  await section.getByRole('button', { name: 'Submit report', exact: true }).click();
  const titleControl = section.locator('[data-pointer="/title"], [data-pointer="/report/title"]').first();
  check((await titleControl.count()) === 1, 'no control with data-pointer="/title"');
  const titleError = errorFor(section, '/title');
  await titleError.waitFor({ state: 'visible' }).catch(() => {
    throw new Failure('no visible [data-error-for="/title"] after submitting an empty title');
  });
  check((await titleError.innerText()).trim() !== '', '[data-error-for="/title"] is empty');
  const errorId = await titleError.getAttribute('id');
  const describedBy = (await titleControl.getAttribute('aria-describedby')) ?? '';
  check(errorId && describedBy.split(/\s+/).includes(errorId), `the title control's aria-describedby ("${describedBy}") does not name its error element (id "${errorId}")`);
  check((await section.locator('[data-submit-result]').filter({ hasText: /incident-report--/ }).count()) === 0, 'a [data-submit-result] with an id appeared');
  check(posts.length === 0, `the form sent ${posts.join(', ')} although its own checks should have stopped it`);
  const after = (await listReports('include_exercise=true&include_withdrawn=true')).length;
  check(after === before, `the registry went from ${before} to ${after} reports`);
  check((await treeSize()) === size, 'the log grew');
  await screenshot(page, 'submit-invalid.png');
});

test('submit: an error only the node can find (reporter state not the token\'s) is shown beside its field', async (t) => {
  t.allow(/HTTP 422 for POST .*\/v1\/reports$/);
  t.allow(/console error: Failed to load resource: the server responded with a status of 422/);
  const before = (await listReports('include_exercise=true&include_withdrawn=true')).length;
  const { page, section } = await signIn(t);
  const report = validReport();
  const other = STATE === 'LV' ? 'EE' : 'LV';
  report.reporter.state = other;
  const filled = await fillForm(page, report);
  check(filled.some((pointer) => pointer.endsWith('/reporter/state')), `the form has no control for /reporter/state (filled: ${filled.join(' ')})`);
  const response = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/reports');
  await section.getByRole('button', { name: 'Submit report', exact: true }).click();
  const answer = await response;
  check(answer.status() === 422, `the node answered ${answer.status()}, expected 422`);
  const error = errorFor(section, '/reporter/state');
  await error.waitFor({ state: 'visible' }).catch(() => {
    throw new Failure('the node\'s error for /report/reporter/state is not shown in [data-error-for="/reporter/state"]');
  });
  check((await error.innerText()).includes('token'), `[data-error-for="/reporter/state"] says "${await error.innerText()}", not the node's detail`);
  const after = (await listReports('include_exercise=true&include_withdrawn=true')).length;
  check(after === before, `the registry went from ${before} to ${after} reports`);
});

test('keyboard: the first Tab reaches the skip link, which moves focus to main; Tab then reaches the nav', async (t) => {
  const page = await t.open('#/norms');
  await waitReady(page, 'norms');
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const element = document.activeElement;
    const style = element ? getComputedStyle(element) : null;
    return {
      tag: element?.tagName.toLowerCase(),
      text: element?.textContent?.trim() ?? '',
      href: element?.getAttribute('href') ?? '',
      visible: element ? element.getBoundingClientRect().width > 0 && element.getBoundingClientRect().height > 0 : false,
      focusRing: style ? style.outlineStyle !== 'none' || style.boxShadow !== 'none' : false,
    };
  });
  check(first.tag === 'a' && /skip/i.test(first.text), `the first Tab focuses <${first.tag}> "${first.text}", not the skip link`);
  check(first.visible, 'the skip link stays invisible when focused');
  check(first.focusRing, 'the focused skip link has no visible focus ring (outline or box-shadow)');
  // Onward: the nav's links come within a few Tabs, in their order.
  const reached = [];
  for (let i = 0; i < 12 && reached.length < NAV_NAMES.length; i++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => (document.activeElement?.closest('nav[aria-label="Sections"]') ? document.activeElement.textContent.trim() : null));
    if (name !== null) reached.push(name);
  }
  check(JSON.stringify(reached) === JSON.stringify(NAV_NAMES), `Tab reached the nav links [${reached.join(', ')}], expected [${NAV_NAMES.join(', ')}]`);
  // Back to the skip link: Enter moves focus into main and keeps the page.
  await page.keyboard.press('Shift+Tab');
  for (let i = 0; i < 12; i++) {
    if (await page.evaluate(() => /skip/i.test(document.activeElement?.textContent ?? ''))) break;
    await page.keyboard.press('Shift+Tab');
  }
  await page.keyboard.press('Enter');
  const after = await page.evaluate(() => ({
    inMain: Boolean(document.activeElement?.closest('main#main')) || document.activeElement?.id === 'main',
    page: document.querySelector('main#main section[data-page]')?.getAttribute('data-page'),
  }));
  check(after.inMain, 'the skip link did not move focus into main#main');
  check(after.page === 'norms', `the skip link changed the page to "${after.page}" (a hash link on a hash router?)`);
});

test('phone: every page at 390x844 has no horizontal scroll', async (t) => {
  const wide = [];
  for (const { name, route } of PAGES) {
    const page = await t.open(route ?? `#/registry/${facts.report.id}`, PHONE);
    await waitReady(page, name);
    // The page's width, and the innermost element that sticks out or whose
    // content overflows it (a long unbroken word), to say what to fix.
    const widths = await page.evaluate(() => {
      const client = document.documentElement.clientWidth;
      const inScroller = (element) => {
        for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
          if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(parent).overflowX)) return true;
        }
        return false;
      };
      const candidates = [...document.querySelectorAll('body *')].filter((element) => {
        const box = element.getBoundingClientRect();
        const overflows = element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX === 'visible';
        return box.width > 0 && (box.right > client + 1 || overflows) && !inScroller(element);
      });
      const culprit = candidates.find((element) => !candidates.some((other) => other !== element && element.contains(other)));
      const describe = (element) => {
        const label = element.getAttribute('data-table') ?? element.getAttribute('data-chart') ?? element.className;
        const text = element.textContent.trim().slice(0, 40);
        return `<${element.tagName.toLowerCase()}${label ? ` ${label}` : ''}> "${text}" is ${element.scrollWidth} px wide`;
      };
      return { scroll: document.documentElement.scrollWidth, client, culprit: culprit ? describe(culprit) : '' };
    });
    if (widths.scroll > widths.client) wide.push(`${name} is ${widths.scroll} px wide (${widths.culprit || 'no single element found'})`);
    if (name === 'overview') await screenshot(page, 'overview-phone.png');
    else if (widths.scroll > widths.client) await screenshot(page, `${name}-phone.png`);
    await page.close();
  }
  check(wide.length === 0, `in a ${PHONE.width} px viewport: ${wide.join('; ')}`);
});

// ---------------------------------------------------------------- the run

function withTimeout(promise, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Failure(`${what} took over ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

async function main() {
  let passed = 0;
  let failed = 0;
  const selected = tests.filter((entry) => !filter || entry.name.includes(filter));
  if (selected.length === 0) usage(`no test name contains "${filter}"`);
  let userDataDir;
  const watchdog = setTimeout(() => {
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    console.log(`dashboard: the suite ran over ${SUITE_TIMEOUT_MS / 1000} s; the tests not finished count as failed`);
    console.log(`browser suite: ${passed} passed, ${selected.length - passed} failed`);
    process.exit(1);
  }, SUITE_TIMEOUT_MS);
  watchdog.unref();

  // Facts the tests compare against.
  try {
    const reports = await listReports();
    check(reports.length > 0, 'the node lists no report: did `accord demo load` run?');
    facts.report = reports.reduce((latest, item) => (item.log_index > latest.log_index ? item : latest));
  } catch (error) {
    console.log(`dashboard: cannot read the node's API at ${base.href}: ${firstLine(error)}`);
    console.log(`browser suite: 0 passed, ${selected.length} failed`);
    return 1;
  }

  userDataDir = mkdtempSync(join(tmpdir(), 'accord-browser-profile-'));
  let context;
  try {
    try {
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: DESKTOP,
        timeout: LAUNCH_TIMEOUT_MS,
      });
    } catch (error) {
      console.log(`dashboard: could not start Chromium (${CHROMIUM_PATH}): ${firstLine(error)}`);
      console.log(`browser suite: 0 passed, ${selected.length} failed`);
      return 1;
    }
    for (const { name, fn, timeout } of selected) {
      const t = new TestContext(context);
      const started = Date.now();
      let failure;
      try {
        const running = fn(t);
        // After a timeout the test's pages close under it; its late rejection is moot.
        running.catch(() => {});
        await withTimeout(running, timeout, 'the test');
      } catch (error) {
        failure = error instanceof Failure || error instanceof ApiError ? error.message : `${error.name}: ${firstLine(error)}`;
      }
      const problems = t.problems();
      await t.close();
      if (problems.length > 0) {
        failure = failure ? `${failure}; also: ${problems.join('; ')}` : problems.join('; ');
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (failure === undefined) {
        passed++;
        console.log(`ok   ${name} (${seconds} s)`);
      } else {
        failed++;
        console.log(`FAIL ${name} (${seconds} s): ${failure}`);
      }
    }
  } finally {
    await context?.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  }
  console.log(`browser suite: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exit(await main());
