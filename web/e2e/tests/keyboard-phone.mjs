// Tests: keyboard use (the skip link, then the nav in order) and every page
// at a phone's 390x844 without horizontal scroll.

import { check, facts, PHONE, test } from '../lib/harness.mjs';
import { NAV_NAMES, PAGES, screenshot, waitReady } from '../lib/page.mjs';

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
