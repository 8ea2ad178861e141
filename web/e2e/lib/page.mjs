// Reading the dashboard through its page contract (web/README.md, "Page
// contract"): the pages and their nav links, waiting for a section to be
// data-state="ready" (and saying what is there instead), screenshots into
// the suite's folder, and a table's rows and numbers.

import { join } from 'node:path';
import { shotsDir } from './args.mjs';
import { Failure, firstLine, STEP_TIMEOUT_MS } from './harness.mjs';

/** The pages of the contract: route, data-page name, the nav link that is current. */
export const PAGES = [
  { name: 'overview', route: '#/', nav: 'Overview' },
  { name: 'registry', route: '#/registry', nav: 'Registry' },
  { name: 'report', route: null, nav: null }, // #/registry/ID of a demo report, found at run time
  { name: 'norms', route: '#/norms', nav: 'Norms' },
  { name: 'contacts', route: '#/contacts', nav: 'Contacts' },
  { name: 'cases', route: '#/cases', nav: 'Cases' },
  { name: 'transparency', route: '#/transparency', nav: 'Transparency' },
  { name: 'submit', route: '#/submit', nav: 'Submit a report' },
];
export const NAV_NAMES = ['Overview', 'Registry', 'Norms', 'Contacts', 'Cases', 'Transparency', 'Submit a report'];

/** Says what the page shows instead, so a timeout explains itself. */
export async function describeSection(page) {
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
export async function waitReady(page, name) {
  const selector = `main#main section[data-page="${name}"][data-state="ready"]`;
  try {
    await page.waitForSelector(selector, { timeout: STEP_TIMEOUT_MS });
  } catch (error) {
    throw new Failure(`${selector} did not appear within ${STEP_TIMEOUT_MS / 1000} s (${await describeSection(page)})`);
  }
  return page.locator(`main#main section[data-page="${name}"]`);
}

export async function screenshot(page, file) {
  await page.screenshot({ path: join(shotsDir, file), fullPage: true });
}

/** The rows of a table as arrays of cell texts (th and td), header rows left out. */
export async function tableRows(locator) {
  return locator.evaluate((table) => {
    const rows = table.tBodies.length > 0 ? [...table.tBodies].flatMap((body) => [...body.rows]) : [...table.rows].slice(1);
    return rows.map((row) => [...row.cells].map((cell) => cell.textContent.trim()));
  });
}

/** Letters and digits only, lower case: "Panel selected" and "panel-selected" compare equal. */
export const normalise = (text) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The integers in a row's cells (a cell that is a whole number, thousands separators allowed). */
export function rowNumbers(cells) {
  return cells
    .map((text) => text.replace(/[\s,\u202f\u00a0]/g, ''))
    .filter((text) => /^\d+$/.test(text))
    .map(Number);
}
