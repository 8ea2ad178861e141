// Tests: every page of the contract loads and is ready with one h1, the nav
// and a screenshot; the health panel; the not-found page.

import { check, facts, Failure, test } from '../lib/harness.mjs';
import { describeSection, NAV_NAMES, PAGES, screenshot, waitReady } from '../lib/page.mjs';

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
