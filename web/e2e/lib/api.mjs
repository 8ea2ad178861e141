// The node's HTTP API, read beside the browser: the expected values the
// tests compare the pages against come from here, never from the pages.
// An answer other than 2xx throws ApiError naming the request and status.

import { base } from './args.mjs';

export class ApiError extends Error {}

export async function api(path, init) {
  const target = new URL(path, base);
  const response = await fetch(target, init);
  if (!response.ok) {
    throw new ApiError(`GET ${target.pathname}${target.search}: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
  }
  return response;
}
export const apiJson = async (path) => (await api(path)).json();

/** Every report the list returns for `query` (all pages). */
export async function listReports(query = '') {
  const items = [];
  let cursor = '';
  for (let page = 0; page < 100; page++) {
    const sep = query ? '&' : '';
    const body = await apiJson(`/v1/reports?${query}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...body.items);
    if (!body.next_cursor) return items;
    cursor = body.next_cursor;
  }
  throw new Error(`GET /v1/reports?${query}: more than 100 pages`);
}

export async function treeSize() {
  const note = await (await api('/log/checkpoint')).text();
  return Number(note.split('\n')[1]);
}
