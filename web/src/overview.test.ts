import { describe, expect, it } from 'vitest';
import { incidentsOverTime, overviewFromAnswers, overviewView } from './overview';
import type { Statistics } from './parse';

function stats(group_by: string, groups: [string, number][], withheld: [string, number][] = [], total?: number): Statistics {
  const counted = groups.map(([key, count]) => ({ key, count }));
  return {
    group_by,
    tree_size: 29,
    groups: counted,
    total: total ?? counted.reduce((sum, group) => sum + group.count, 0),
    withheld: withheld.map(([key, count]) => ({ key, count })),
  };
}

describe('incidentsOverTime', () => {
  it('counts by month, filling the months without reports, when the span is short', () => {
    const result = incidentsOverTime([
      { key: '2023-11', count: 2 },
      { key: '2024-02', count: 1 },
    ]);
    expect(result).toEqual({
      unit: 'month',
      rows: [
        { key: '2023-11', label: 'November 2023', count: 2 },
        { key: '2023-12', label: 'December 2023', count: 0 },
        { key: '2024-01', label: 'January 2024', count: 0 },
        { key: '2024-02', label: 'February 2024', count: 1 },
      ],
    });
  });

  it('counts by year when the months span more than three years', () => {
    const result = incidentsOverTime([
      { key: '2012-08', count: 1 },
      { key: '2015-12', count: 1 },
      { key: '2015-06', count: 2 },
    ]);
    expect(result.unit).toBe('year');
    expect(result.rows.map((row) => [row.key, row.count])).toEqual([
      ['2012', 1],
      ['2013', 0],
      ['2014', 0],
      ['2015', 3],
    ]);
  });

  it('adds reports whose envelope is withheld, and counts by year when one has only a year', () => {
    const result = incidentsOverTime([{ key: '2024-01', count: 1 }], [{ key: '2024', count: 2 }]);
    expect(result).toEqual({ unit: 'year', rows: [{ key: '2024', label: '2024', count: 3 }] });
  });

  it('has no rows without reports', () => {
    expect(incidentsOverTime([])).toEqual({ unit: 'month', rows: [] });
  });
});

describe('overviewView', () => {
  const month = stats('month', [['2024-01', 2], ['2024-03', 1]], [['2024-02', 1]]);
  const sector = stats('sector', [['health', 1], ['energy.electricity', 2], ['banking', 1]]);
  const level = stats('level', [['high', 2], ['low', 1]]);
  const state = stats('state', [['UA', 2], ['DE', 1]]);

  it('orders sectors by count then code, with their names', () => {
    const view = overviewView(month, sector, level, state);
    expect(view.bySector.map((row) => [row.label, row.count])).toEqual([
      ['Electricity (energy.electricity)', 2],
      ['Banking (banking)', 1],
      ['Health (health)', 1],
    ]);
  });

  it('lists every severity level in the methodology\'s order, zeros included', () => {
    const view = overviewView(month, sector, level, state);
    expect(view.bySeverity.map((row) => [row.key, row.count])).toEqual([
      ['baseline', 0],
      ['low', 1],
      ['medium', 0],
      ['high', 2],
      ['severe', 0],
      ['emergency', 0],
    ]);
  });

  it('lists states by code, with their standing when the node gives one', () => {
    const standing = {
      as_of: '2026-11-27',
      items: [{ state: 'UA', name: 'Ukraine', standing: 'good-standing', open_cases: 0, violation_findings: 0 }],
    };
    const view = overviewView(month, sector, level, state, standing);
    expect(view.byState).toEqual([
      { key: 'DE', label: 'DE', count: 1 },
      { key: 'UA', label: 'UA', count: 2, standing: 'good-standing' },
    ]);
  });

  it('says how many reports there are, including the withheld ones', () => {
    const view = overviewView(month, sector, level, state);
    expect(view.total).toBe(3);
    expect(view.withheld).toBe(1);
    expect(view.summary).toBe(
      '3 incident reports in the public log, and 1 more report whose details are withheld, as of log size 29. ' +
        'Exercises and withdrawn reports are not counted.',
    );
    expect(view.overTime.map((row) => row.count)).toEqual([2, 1, 1]);
  });

  it('says so when there is no report', () => {
    const empty = stats('month', []);
    expect(overviewView(empty, empty, empty, empty).summary).toBe('No incident reports are in the public log yet.');
  });
});

describe('overviewFromAnswers', () => {
  const ok = (value: Statistics) => ({ ok: true as const, value });
  const any = stats('month', [['2024-01', 1]]);

  it('fails with the first failed answer', () => {
    const failed = { ok: false as const, reason: '/v1/statistics?group_by=sector: HTTP 503 Service Unavailable' };
    expect(
      overviewFromAnswers({ month: ok(any), sector: failed, level: ok(any), state: ok(any), standing: { ok: true, value: { as_of: '', items: [] } } }),
    ).toEqual(failed);
  });

  it('works without the standing list', () => {
    const result = overviewFromAnswers({
      month: ok(any),
      sector: ok(any),
      level: ok(any),
      state: ok(stats('state', [['UA', 1]])),
      standing: { ok: false, reason: 'down' },
    });
    expect(result.ok && result.value.byState).toEqual([{ key: 'UA', label: 'UA', count: 1 }]);
  });
});
