// Tests: the submit form, signed in with the run's token: a valid report is
// stored and returned by the node; an invalid one shows its errors beside the
// named fields and sends nothing; an error only the node finds (a 422) is
// shown beside its field. With the helpers that build and fill the report.

import { randomUUID } from 'node:crypto';
import { STATE, TOKEN } from '../lib/args.mjs';
import { api, apiJson, listReports, treeSize } from '../lib/api.mjs';
import { check, Failure, test } from '../lib/harness.mjs';
import { screenshot, waitReady } from '../lib/page.mjs';

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
