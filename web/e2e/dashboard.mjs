// The dashboard's browser suite: playwright-core driving Debian's Chromium
// (headless, a fresh profile, nothing downloaded) against a real accord node
// that web/e2e/run-browser-suite started and filled.
//
//   node web/e2e/dashboard.mjs <node URL> <screenshot folder> [test name filter]
//
// Environment: ACCORD_E2E_TOKEN, a state party's bearer token (for the submit
// tests); ACCORD_E2E_STATE, that party's state code (default EE).
//
// The tests rely only on the page contract (web/README.md, "Page contract"):
// data-page / data-state="ready" sections, data-chart figures, data-table
// tables, the registry's labelled filters, data-proof, data-pointer /
// data-error-for and data-submit-result. Expected values come from the node's
// API, read beside the browser, never from the page itself.
//
// Every page a test opens is watched: a console error, an uncaught exception,
// a failed request, an HTTP error answer or a request to another origin fails
// the test (unless the test expects that very answer). Each test has its own
// time limit. One line per test, then "browser suite: N passed, N failed";
// exit status 0 when all passed, 1 otherwise, 2 on a usage error.
//
// The suite is split by what it holds; this file is the entry point, and the
// order of the imports below is the order the tests run in:
//   lib/args.mjs      the command line and environment
//   lib/api.mjs       the node API helpers (expected values)
//   lib/harness.mjs   Chromium, the page guards, time limits, the runner
//   lib/page.mjs      the page contract: waiting, screenshots, tables
//   tests/*.mjs       the tests, by area (accessibility.mjs: axe-core, WCAG 2.1 AA)

import { main } from './lib/harness.mjs';
import './tests/pages.mjs';
import './tests/overview.mjs';
import './tests/registry.mjs';
import './tests/norms-contacts-cases.mjs';
import './tests/transparency.mjs';
import './tests/submit.mjs';
import './tests/keyboard-phone.mjs';
import './tests/accessibility.mjs';

process.exit(await main());
