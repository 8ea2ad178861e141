// Tests: the registry's filters and deep links against /v1/reports, the
// title link to a report, and the report's inclusion proof (verified, and
// failed when page.route() alters the entry, the proof or the checkpoint).

import { base } from '../lib/args.mjs';
import { listReports, treeSize } from '../lib/api.mjs';
import { check, facts, Failure, STEP_TIMEOUT_MS, test } from '../lib/harness.mjs';
import { screenshot, tableRows, waitReady } from '../lib/page.mjs';

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
