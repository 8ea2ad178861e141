// Build and test configuration of the dashboard. `npm run build` writes
// dist/, which the node serves at "/". `npm run dev` serves the sources and
// passes the API paths to a node running locally (e.g. from `make run`).
import { defineConfig } from 'vitest/config';

/** Where `npm run dev` and `npm run preview` find the node's API. */
const NODE_URL = 'http://127.0.0.1:8080';

const apiProxy = {
  '/healthz': NODE_URL,
  '/v1': NODE_URL,
  '/log': NODE_URL,
};

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: { proxy: apiProxy },
  preview: { proxy: apiProxy },
  test: {
    // Only unit tests: e2e/ holds browser scripts run with real Chromium.
    include: ['src/**/*.test.ts'],
  },
});
