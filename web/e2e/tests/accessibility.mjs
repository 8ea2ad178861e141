// Test: every page against the WCAG 2.1 A and AA rules that axe-core checks
// automatically (colour contrast, labels, names, landmarks, ARIA use). axe
// is read from node_modules and evaluated in the page, so nothing is fetched
// from elsewhere. Automated rules find a part of the problems only; the
// keyboard and phone tests cover more, and a person with a screen reader the
// rest.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { check, facts, test } from '../lib/harness.mjs';
import { PAGES, waitReady } from '../lib/page.mjs';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The violations axe finds on `page`, one line each: rule, impact, how many, where first. */
async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      count: v.nodes.length,
      first: v.nodes[0]?.target?.join(' ') ?? '',
      summary: (v.nodes[0]?.failureSummary ?? '').split('\n').slice(0, 2).join(' '),
    }));
  }, WCAG_TAGS);
  return violations.map((v) => `${v.id} (${v.impact}, ${v.count}x, first at ${v.first}: ${v.summary})`);
}

test('accessibility: no WCAG 2.1 A/AA violation axe-core can find, on every page, in light and dark schemes', async (t) => {
  const found = [];
  for (const scheme of ['light', 'dark']) {
    for (const { name, route } of PAGES) {
      const page = await t.open(route ?? `#/registry/${facts.report.id}`);
      await page.emulateMedia({ colorScheme: scheme });
      await waitReady(page, name);
      for (const line of await axeViolations(page)) found.push(`${name} (${scheme}): ${line}`);
      await page.close();
    }
  }
  // The control: axe runs and reports in this page (an unlabelled field and
  // grey-on-white text added by hand must be found), so a pass above means
  // something.
  const control = await t.open('#/norms');
  await waitReady(control, 'norms');
  await control.evaluate(() => {
    const main = document.querySelector('main#main');
    main.insertAdjacentHTML('beforeend', '<input type="text"><p style="color:#bbb;background:#fff">faint text</p>');
  });
  const caught = await axeViolations(control);
  await control.close();
  check(caught.some((line) => line.startsWith('label')) && caught.some((line) => line.startsWith('color-contrast')),
        `axe-core did not report an unlabelled input and faint text added on purpose: [${caught.join('; ')}]`);
  check(found.length === 0, `axe-core found ${found.length} violation(s):\n    ${found.join('\n    ')}`);
}, 90_000);
