// Browser smoke test of the dashboard in Debian's Chromium, through
// playwright-core (no test runner, no browser download).
//
//   node web/e2e/smoke.mjs <url> <screenshot.png> [--viewport=WIDTHxHEIGHT]
//
// Opens <url> in headless Chromium with a fresh profile and passes when the
// health panel shows status "ok" ([data-health-status="ok"]) within
// READY_TIMEOUT_MS, while the page logged no console error, threw no uncaught
// exception, had no failed request, no HTTP error answer and no request to
// another origin (the dashboard must load from the node alone). It saves a
// full-page screenshot either way (when the page got that far), prints one
// closing line "browser-smoke: N passed, N failed" and exits 0 or 1.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './lib/chromium.mjs';

/** How long the page has to show status "ok" once navigation starts. */
const READY_TIMEOUT_MS = 15_000;
/** Starting Chromium on a busy 2-core machine can take a while; past this it is broken. */
const LAUNCH_TIMEOUT_MS = 30_000;
const READY_SELECTOR = '[data-health-status="ok"]';
const DEFAULT_VIEWPORT = { width: 1280, height: 800 };

function usage(message) {
  console.error(`smoke: ${message}`);
  console.error('usage: node web/e2e/smoke.mjs <url> <screenshot.png> [--viewport=WIDTHxHEIGHT]');
  process.exit(2);
}

function parseArgs(argv) {
  const positional = [];
  let viewport = DEFAULT_VIEWPORT;
  for (const arg of argv) {
    if (arg.startsWith('--viewport=')) {
      const match = /^(\d+)x(\d+)$/.exec(arg.slice('--viewport='.length));
      if (!match) usage(`--viewport: expected WIDTHxHEIGHT, got "${arg}"`);
      viewport = { width: Number(match[1]), height: Number(match[2]) };
    } else if (arg.startsWith('--')) {
      usage(`unknown option "${arg}"`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 2) usage('expected a URL and a screenshot path');
  let url;
  try {
    url = new URL(positional[0]);
  } catch {
    usage(`not a URL: "${positional[0]}"`);
  }
  return { url, screenshotPath: positional[1], viewport };
}

// Everything the page did wrong, in the order it happened.
function watchPage(page, origin) {
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught exception: ${error.message}`));
  page.on('requestfailed', (request) => {
    problems.push(`request failed: ${request.method()} ${request.url()}: ${request.failure()?.errorText ?? 'unknown error'}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  page.on('request', (request) => {
    const target = new URL(request.url());
    if (target.protocol !== 'data:' && target.origin !== origin) {
      problems.push(`request to another origin: ${request.url()}`);
    }
  });
  return problems;
}

// What the panel says when it is not "ok", so a failure explains itself.
async function describeHealthPanel(page) {
  try {
    return await page.evaluate(() => {
      const panel = document.querySelector('[data-health-status]');
      if (!panel) return 'no element with data-health-status on the page';
      const state = panel.getAttribute('data-health-status');
      const reason = document.getElementById('health-reason')?.textContent?.trim();
      return `health panel shows "${state}"${reason ? ` (${reason})` : ''}`;
    });
  } catch (error) {
    return `could not read the page: ${error.message}`;
  }
}

async function run({ url, screenshotPath, viewport }) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'accord-smoke-profile-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      timeout: LAUNCH_TIMEOUT_MS,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const problems = watchPage(page, url.origin);
    const deadline = Date.now() + READY_TIMEOUT_MS;

    let failure;
    try {
      await page.goto(url.href, { timeout: READY_TIMEOUT_MS });
    } catch (error) {
      failure = `open ${url.href}: ${error.message.split('\n')[0]}`;
    }
    if (failure === undefined) {
      try {
        await page.waitForSelector(READY_SELECTOR, { timeout: Math.max(1, deadline - Date.now()) });
      } catch (error) {
        const panel = await describeHealthPanel(page);
        failure = error.name === 'TimeoutError'
          ? `status "ok" did not appear within ${READY_TIMEOUT_MS / 1000} s: ${panel}`
          : `${error.message.split('\n')[0]}: ${panel}`;
      }
    }
    // Screenshot before judging, so a failure leaves a picture too.
    try {
      await page.screenshot({ path: screenshotPath, fullPage: true });
    } catch (error) {
      problems.push(`screenshot ${screenshotPath}: ${error.message.split('\n')[0]}`);
    }
    if (failure === undefined && problems.length > 0) failure = problems.join('; ');
    else if (failure !== undefined && problems.length > 0) failure += `; also: ${problems.join('; ')}`;
    return failure;
  } catch (error) {
    return `could not run Chromium (${CHROMIUM_PATH}): ${error.message.split('\n')[0]}`;
  } finally {
    await context?.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

const options = parseArgs(process.argv.slice(2));
const failure = await run(options);
if (failure === undefined) {
  console.log(`smoke: ${options.url.href} shows status "ok"; screenshot ${options.screenshotPath}`);
  console.log('browser-smoke: 1 passed, 0 failed');
  process.exit(0);
} else {
  console.log(`smoke: FAILED: ${failure}`);
  console.log('browser-smoke: 0 passed, 1 failed');
  process.exit(1);
}
