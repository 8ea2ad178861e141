// Test: the transparency page's years, global and per-state figures match
// the node's JSON report, and its HTML/JSON/CSV links answer with their types.

import { ORIGIN } from '../lib/args.mjs';
import { api, apiJson } from '../lib/api.mjs';
import { check, test } from '../lib/harness.mjs';
import { normalise, rowNumbers, tableRows, waitReady } from '../lib/page.mjs';

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
