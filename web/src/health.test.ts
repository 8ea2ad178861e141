import { describe, expect, it } from 'vitest';
import { parseHealth } from './api';
import { formatClockTime, formatTimestamp, formatUptime, healthView } from './health';

// The example answer the node's /healthz gives (the server's contract for this endpoint).
const FULL_ANSWER = {
  status: 'ok',
  version: '0.1.0',
  node: 'accord-local.example',
  uptime_seconds: 12,
  started_at: '2026-11-27T12:00:00Z',
  log_origin: 'accord-local.example',
  public_key: 'accord-local.example+1234abcd+AbCdEf0123456789',
};

describe('parseHealth', () => {
  it('accepts the full answer and keeps every field', () => {
    expect(parseHealth(FULL_ANSWER)).toEqual({ ok: true, value: FULL_ANSWER });
  });

  it('accepts an answer with only status', () => {
    expect(parseHealth({ status: 'ok' })).toEqual({ ok: true, value: { status: 'ok' } });
  });

  it('ignores fields it does not know', () => {
    expect(parseHealth({ status: 'ok', tree_size: 7 })).toEqual({ ok: true, value: { status: 'ok' } });
  });

  it('drops optional fields of the wrong type instead of failing', () => {
    const result = parseHealth({ status: 'ok', version: 1, uptime_seconds: '12', node: null, public_key: '' });
    expect(result).toEqual({ ok: true, value: { status: 'ok' } });
  });

  it('drops a negative or non-finite uptime and floors a fractional one', () => {
    expect(parseHealth({ status: 'ok', uptime_seconds: -1 })).toEqual({ ok: true, value: { status: 'ok' } });
    expect(parseHealth({ status: 'ok', uptime_seconds: 12.9 })).toEqual({
      ok: true,
      value: { status: 'ok', uptime_seconds: 12 },
    });
  });

  it('rejects an answer without status, naming the field', () => {
    expect(parseHealth({ version: '0.1.0' })).toEqual({ ok: false, reason: 'health: field "status": missing' });
  });

  it('rejects a status that is not a non-empty string', () => {
    for (const status of [1, '', '  ', null, true]) {
      expect(parseHealth({ status })).toEqual({
        ok: false,
        reason: 'health: field "status": not a non-empty string',
      });
    }
  });

  it('rejects a body that is not a JSON object', () => {
    for (const body of [null, 'ok', 42, ['ok']]) {
      expect(parseHealth(body)).toEqual({ ok: false, reason: 'health: body is not a JSON object' });
    }
  });
});

describe('formatUptime', () => {
  it.each([
    [0, '0 s'],
    [59, '59 s'],
    [60, '1 min 0 s'],
    [303, '5 min 3 s'],
    [3599, '59 min 59 s'],
    [3600, '1 h 0 min'],
    [7260, '2 h 1 min'],
    [86399, '23 h 59 min'],
    [86400, '1 d 0 h'],
    [3 * 86400 + 4 * 3600 + 59, '3 d 4 h'],
    [400 * 86400, '400 d 0 h'],
  ])('shows %d seconds as "%s"', (seconds, expected) => {
    expect(formatUptime(seconds)).toBe(expected);
  });

  it('drops fractions and reads a negative or non-finite input as 0 s', () => {
    expect(formatUptime(61.99)).toBe('1 min 1 s');
    expect(formatUptime(-5)).toBe('0 s');
    expect(formatUptime(Number.NaN)).toBe('0 s');
    expect(formatUptime(Number.POSITIVE_INFINITY)).toBe('0 s');
  });
});

describe('formatTimestamp', () => {
  it('shows an RFC 3339 UTC timestamp with a space and "UTC"', () => {
    expect(formatTimestamp('2026-11-27T12:00:00Z')).toBe('2026-11-27 12:00:00 UTC');
    expect(formatTimestamp('2026-11-27T12:00:00.123456Z')).toBe('2026-11-27 12:00:00 UTC');
  });

  it('leaves any other string as the node wrote it', () => {
    expect(formatTimestamp('2026-11-27T12:00:00+01:00')).toBe('2026-11-27T12:00:00+01:00');
    expect(formatTimestamp('yesterday')).toBe('yesterday');
  });
});

describe('formatClockTime', () => {
  it('pads each part to two digits in 24-hour form', () => {
    expect(formatClockTime(new Date(2026, 10, 27, 9, 5, 3))).toBe('09:05:03');
    expect(formatClockTime(new Date(2026, 10, 27, 23, 59, 59))).toBe('23:59:59');
  });
});

describe('healthView', () => {
  it('shows a node reporting "ok" as ok, with its details in order', () => {
    const view = healthView({ ok: true, value: FULL_ANSWER });
    expect(view.state).toBe('ok');
    expect(view.label).toBe('ok');
    expect(view.reason).toBeUndefined();
    expect(view.announcement).toBe('Node status: ok');
    expect(view.details).toEqual([
      { label: 'Node', value: 'accord-local.example' },
      { label: 'Version', value: '0.1.0' },
      { label: 'Uptime', value: '12 s' },
      { label: 'Started', value: '2026-11-27 12:00:00 UTC', datetime: '2026-11-27T12:00:00Z' },
      { label: 'Log origin', value: 'accord-local.example', monospace: true },
      { label: 'Public key', value: FULL_ANSWER.public_key, monospace: true },
    ]);
  });

  it('shows only the details the node sent', () => {
    expect(healthView({ ok: true, value: { status: 'ok' } }).details).toEqual([]);
  });

  it('shows any other status as degraded, with the node\'s own word', () => {
    const view = healthView({ ok: true, value: { status: 'starting' } });
    expect(view.state).toBe('degraded');
    expect(view.label).toBe('starting');
    expect(view.summary).toContain('“starting”');
    expect(view.announcement).toBe('Node status: starting');
  });

  it('shows a failed request as unreachable, with the reason', () => {
    const view = healthView({ ok: false, reason: '/healthz: HTTP 503 Service Unavailable' });
    expect(view.state).toBe('unreachable');
    expect(view.label).toBe('unreachable');
    expect(view.reason).toBe('/healthz: HTTP 503 Service Unavailable');
    expect(view.details).toEqual([]);
    expect(view.announcement).toBe('Node unreachable: /healthz: HTTP 503 Service Unavailable');
  });

  it('announces the same words on every refresh of an unchanged state', () => {
    const first = healthView({ ok: true, value: { ...FULL_ANSWER, uptime_seconds: 12 } });
    const later = healthView({ ok: true, value: { ...FULL_ANSWER, uptime_seconds: 22 } });
    expect(later.announcement).toBe(first.announcement);
  });
});
