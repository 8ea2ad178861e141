// The browser suite's harness: Chromium's launch (Debian's /usr/bin/chromium,
// headless, a fresh profile), the per-step, per-test and whole-run time
// limits, check() and Failure, the watch on every page a test opens (a
// console error, an uncaught exception, a failed request, an HTTP error
// answer or a request to another origin fails the test unless the test
// allows it), the test list that tests/*.mjs register into with test(), the
// facts read from the API before the browser starts, and main(): it runs the
// tests whose name contains the filter, one line per test, then
// "browser suite: N passed, N failed".

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { base, ORIGIN, filter, usage } from './args.mjs';
import { ApiError, listReports } from './api.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const LAUNCH_TIMEOUT_MS = 30_000;
/** How long one test may take in all; past it the test fails and its pages close. */
const TEST_TIMEOUT_MS = 30_000;
/** How long one wait inside a test (a selector, a navigation) may take. */
export const STEP_TIMEOUT_MS = 10_000;
/** The whole run; a guard against anything that escapes the per-test limits. */
const SUITE_TIMEOUT_MS = 170_000;
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export class Failure extends Error {}
export function check(condition, message) {
  if (!condition) throw new Failure(message);
}
export const firstLine = (error) => String(error?.message ?? error).split('\n')[0];

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

// Registered by tests/*.mjs in the order dashboard.mjs imports them.
const tests = [];
export const test = (name, fn, timeout = TEST_TIMEOUT_MS) => tests.push({ name, fn, timeout });

// Facts read from the API before the browser starts.
export const facts = {};

function withTimeout(promise, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Failure(`${what} took over ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

export async function main() {
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
