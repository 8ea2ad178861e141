// The browser suite's command line and environment, read once when the
// suite starts: the node's URL (and so the one origin pages may talk to),
// the screenshot folder, the optional test name filter, and the state
// party's token and state code for the submit tests. A usage error exits
// with status 2.
//
//   node web/e2e/dashboard.mjs <node URL> <screenshot folder> [test name filter]

export function usage(message) {
  console.error(`dashboard: ${message}`);
  console.error('usage: node web/e2e/dashboard.mjs <node URL> <screenshot folder> [test name filter]');
  process.exit(2);
}

const [baseArg, shotsDir, filter] = process.argv.slice(2);
if (!baseArg || !shotsDir) usage('expected the node URL and a screenshot folder');
let base;
try {
  base = new URL(baseArg);
} catch {
  usage(`not a URL: "${baseArg}"`);
}
export const ORIGIN = base.origin;
export const TOKEN = process.env.ACCORD_E2E_TOKEN ?? '';
export const STATE = process.env.ACCORD_E2E_STATE ?? 'EE';

export { base, shotsDir, filter };
