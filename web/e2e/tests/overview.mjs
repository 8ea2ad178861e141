// Test: the overview's three charts are drawn, and their tables and the
// by-state table match /v1/statistics.

import { apiJson } from '../lib/api.mjs';
import { check, STEP_TIMEOUT_MS, test } from '../lib/harness.mjs';
import { rowNumbers, tableRows, waitReady } from '../lib/page.mjs';

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
