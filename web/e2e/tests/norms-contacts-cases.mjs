// Tests: an API failure shown as data-state="error" (a 503 from /v1/norms
// through page.route()), then the norms, contacts and cases pages against
// /v1/norms, /v1/contacts and /v1/cases.

import { base } from '../lib/args.mjs';
import { apiJson } from '../lib/api.mjs';
import { check, Failure, test } from '../lib/harness.mjs';
import { describeSection, normalise, rowNumbers, screenshot, tableRows, waitReady } from '../lib/page.mjs';

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
