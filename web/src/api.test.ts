import { describe, expect, it } from 'vitest';
import { fetchHealth, getJson, parseHealth, type FetchLike } from './api';

function answering(body: string, init: ResponseInit = {}): FetchLike {
  return () => Promise.resolve(new Response(body, init));
}

describe('getJson', () => {
  it('returns the parsed body of a 200 answer', async () => {
    const fetch = answering('{"status":"ok","version":"0.1.0"}', { status: 200 });
    expect(await fetchHealth({ fetch })).toEqual({ ok: true, value: { status: 'ok', version: '0.1.0' } });
  });

  it('asks for the path it was given, with an Accept header', async () => {
    let seen: { input: string; accept: string | null } | undefined;
    const fetch: FetchLike = (input, init) => {
      seen = { input, accept: new Headers(init?.headers).get('Accept') };
      return Promise.resolve(new Response('{"status":"ok"}'));
    };
    await fetchHealth({ fetch });
    expect(seen).toEqual({ input: '/healthz', accept: 'application/json' });
  });

  it('fails on a non-200 answer with the status line', async () => {
    const fetch = answering('down', { status: 503, statusText: 'Service Unavailable' });
    expect(await fetchHealth({ fetch })).toEqual({ ok: false, reason: '/healthz: HTTP 503 Service Unavailable' });
  });

  it('adds the detail of a problem+json answer', async () => {
    const problem = JSON.stringify({ title: 'Service Unavailable', detail: 'log: replaying tiles' });
    const fetch = answering(problem, { status: 503, headers: { 'Content-Type': 'application/problem+json' } });
    expect(await fetchHealth({ fetch })).toEqual({ ok: false, reason: '/healthz: HTTP 503: log: replaying tiles' });
  });

  it('fails on a network error with its message', async () => {
    const fetch: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await fetchHealth({ fetch })).toEqual({ ok: false, reason: '/healthz: network error: Failed to fetch' });
  });

  it('fails when no answer comes within the timeout', async () => {
    const fetch: FetchLike = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    expect(await fetchHealth({ fetch, timeoutMs: 20 })).toEqual({
      ok: false,
      reason: '/healthz: no answer within 20 ms',
    });
  });

  it('fails on a 200 answer that is not JSON', async () => {
    const fetch = answering('<html>proxy error</html>', { status: 200 });
    expect(await fetchHealth({ fetch })).toEqual({ ok: false, reason: '/healthz: answer is not JSON' });
  });

  it('passes on the parser\'s reason, prefixed with the path', async () => {
    const fetch = answering('{"version":"0.1.0"}', { status: 200 });
    expect(await getJson('/healthz', parseHealth, { fetch })).toEqual({
      ok: false,
      reason: '/healthz: health: field "status": missing',
    });
  });
});
