import { describe, expect, it } from 'vitest';
import {
  fetchAssessment,
  fetchHealth,
  fetchInclusionProof,
  fetchReport,
  fetchStatistics,
  getBytes,
  getJson,
  getText,
  parseHealth,
  parseProblem,
  postJson,
  submitReport,
  withQuery,
  type FetchLike,
} from './api';
import { parseAssessment } from './parse';
import { ASSESSMENT, ASSESSMENT_FORBIDDEN } from './testdata/nodeAssessment';

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

describe('getText and getBytes', () => {
  it('returns the text of a 200 answer', async () => {
    const fetch = answering('origin\n1\nAAAA\n\n', { status: 200 });
    expect(await getText('/log/checkpoint', { fetch })).toEqual({ ok: true, value: 'origin\n1\nAAAA\n\n' });
  });

  it('returns the exact bytes of a 200 answer, not decoded as text', async () => {
    const bytes = Uint8Array.of(0x7b, 0xff, 0x00, 0x7d);
    const fetch: FetchLike = () => Promise.resolve(new Response(bytes, { status: 200 }));
    expect(await getBytes('/v1/log/entries/3', { fetch })).toEqual({ ok: true, value: bytes });
  });

  it('fails with the status and the problem\'s detail', async () => {
    const problem = JSON.stringify({ title: 'Not Found', detail: 'no entry 99: the log has 29' });
    const fetch = answering(problem, { status: 404, statusText: 'Not Found' });
    expect(await getBytes('/v1/log/entries/99', { fetch })).toEqual({
      ok: false,
      reason: '/v1/log/entries/99: HTTP 404 Not Found: no entry 99: the log has 29',
    });
  });
});

describe('postJson', () => {
  it('sends JSON with the bearer token and parses the 201 answer', async () => {
    let seen: { method?: string; body?: string; auth: string | null; type: string | null } | undefined;
    const fetch: FetchLike = (_input, init) => {
      const headers = new Headers(init?.headers);
      seen = { method: init?.method ?? '', body: String(init?.body), auth: headers.get('Authorization'), type: headers.get('Content-Type') };
      return Promise.resolve(new Response('{"id":"x","version":1,"log_index":7,"tree_size":8,"root_hash":"r"}', { status: 201 }));
    };
    const result = await submitReport({ title: 't' }, 'acc_tok', { fetch });
    expect(result).toEqual({ ok: true, value: { id: 'x', version: 1, log_index: 7, tree_size: 8, root_hash: 'r' } });
    expect(seen).toEqual({ method: 'POST', body: '{"report":{"title":"t"}}', auth: 'Bearer acc_tok', type: 'application/json' });
  });

  it('returns the node\'s field errors on a 422', async () => {
    const problem = {
      type: '/problems/validation_failed',
      title: 'The document does not follow its schema',
      status: 422,
      detail: '/report/title: expected at least 1 character, found an empty string',
      errors: [{ pointer: '/report/title', detail: 'expected at least 1 character, found an empty string' }],
    };
    const fetch = answering(JSON.stringify(problem), { status: 422, statusText: 'Unprocessable Content' });
    expect(await postJson('/v1/reports', {}, 't', () => ({ ok: true, value: 1 }), { fetch })).toEqual({
      ok: false,
      reason: '/v1/reports: HTTP 422 Unprocessable Content: /report/title: expected at least 1 character, found an empty string',
      problem: {
        status: 422,
        title: 'The document does not follow its schema',
        detail: '/report/title: expected at least 1 character, found an empty string',
        errors: [{ pointer: '/report/title', detail: 'expected at least 1 character, found an empty string' }],
      },
    });
  });

  it('has no problem when the error answer is not problem+json', () => {
    expect(parseProblem('<html>', 502)).toBeUndefined();
    expect(parseProblem('{"errors":[{"pointer":1}]}', 400)).toEqual({ status: 400, title: 'HTTP 400', errors: [] });
  });
});

describe('typed reads', () => {
  it('adds the query, leaving out empty values', () => {
    expect(withQuery('/v1/reports', { sector: 'energy', level: undefined, state: '', limit: 200 })).toBe(
      '/v1/reports?sector=energy&limit=200',
    );
  });

  it('sends the token when reading a report for a signed-in party', async () => {
    let auth: string | null = null;
    const fetch: FetchLike = (_input, init) => {
      auth = new Headers(init?.headers).get('Authorization');
      return Promise.resolve(new Response('{}', { status: 200 }));
    };
    await fetchReport('incident-report--x', 'acc_t', { fetch });
    expect(auth).toBe('Bearer acc_t');
  });

  it('asks for the proof at the checkpoint\'s size', async () => {
    let seen = '';
    const fetch: FetchLike = (input) => {
      seen = input;
      return Promise.resolve(new Response('{"type":"inclusion","index":3,"tree_size":9,"leaf_hash":"a","root_hash":"b","proof":[]}'));
    };
    const result = await fetchInclusionProof(3, 9, { fetch });
    expect(seen).toBe('/v1/log/proofs/inclusion?index=3&tree_size=9');
    expect(result).toEqual({ ok: true, value: { index: 3, tree_size: 9, leaf_hash: 'a', root_hash: 'b', proof: [] } });
  });

  it('names the path and the field when an answer has the wrong shape', async () => {
    const fetch = answering('{"group_by":"month","tree_size":1,"groups":[{"key":"2024-01"}],"total":1,"withheld":[]}');
    expect(await fetchStatistics('month', { fetch })).toEqual({
      ok: false,
      reason: '/v1/statistics?group_by=month: statistics: groups[0].count: missing',
    });
  });
});

describe('fetchAssessment', () => {
  const ID = 'incident-report--c0b7cf32-36aa-4cd2-84a7-9ec7542c6157';

  it('asks for the report\'s assessment without a token and reads a real answer', async () => {
    let asked = '';
    let headers: HeadersInit | undefined;
    const fetch: FetchLike = (input, init) => {
      asked = input;
      headers = init?.headers;
      return Promise.resolve(new Response(JSON.stringify(ASSESSMENT), { status: 200 }));
    };
    const result = await fetchAssessment(ID, { fetch });
    expect(asked).toBe(`/v1/reports/${ID}/assessment`);
    expect(headers).toEqual({ Accept: 'application/json' });
    if (result.kind !== 'ready') throw new Error(JSON.stringify(result));
    expect(result.value.severity.score).toBe(517);
    expect(result.value.severity.factors[2]).toEqual({ factor: 'duration', weight: 12, points: 300, contribution: '36.0', missing: true });
    expect(result.value.evaluation.verdicts.map((verdict) => verdict.norm)).toEqual(['ACN-B1', 'ACN-B4', 'ACN-V1']);
    expect(result.value.evaluation.verdicts[0]?.trace[5]).toEqual({
      depth: 4,
      step: expect.stringMatching(/^sector in-sector \[energy, /) as unknown as string,
      outcome: 'true',
      fields: ['/affected_entities/0/sector'],
      values: ['health'],
    });
  });

  it('tells a 403 (fields above TLP:CLEAR) apart, with the node\'s detail', async () => {
    const result = await fetchAssessment('x', { fetch: answering(ASSESSMENT_FORBIDDEN, { status: 403 }) });
    expect(result.kind).toBe('withheld');
    expect(result.kind === 'withheld' && result.detail).toMatch(/holds fields marked above TLP:CLEAR/);
  });

  it('tells a 404 apart', async () => {
    const body = '{"type":"/problems/not_found","title":"Not found","status":404,"detail":"report \\"x\\" does not exist"}';
    expect(await fetchAssessment('x', { fetch: answering(body, { status: 404 }) })).toEqual({ kind: 'not-found', detail: 'report "x" does not exist' });
  });

  it('fails on another status or a malformed answer, naming the path and the member', async () => {
    expect(await fetchAssessment('x', { fetch: answering('', { status: 503 }) })).toEqual({ kind: 'failed', reason: '/v1/reports/x/assessment: HTTP 503' });
    const body = structuredClone(ASSESSMENT) as { severity: { factors: { points: unknown }[] } };
    body.severity.factors[2]!.points = '300';
    expect(await fetchAssessment('x', { fetch: answering(JSON.stringify(body), { status: 200 }) })).toEqual({
      kind: 'failed',
      reason: '/v1/reports/x/assessment: assessment: severity.factors[2].points: not an integer',
    });
  });
});

describe('parseAssessment', () => {
  it('rejects an answer without verdicts, naming the member', () => {
    const body = structuredClone(ASSESSMENT) as { evaluation: Record<string, unknown> };
    delete body.evaluation['verdicts'];
    expect(parseAssessment(body)).toEqual({ ok: false, reason: 'assessment: evaluation.verdicts: missing' });
  });
});
