import { describe, expect, it } from 'vitest';
import type { ReportSummary } from './parse';
import { apiFilters, filterOptions, registryFilters, registryView } from './registry';

describe('registryFilters', () => {
  it('keeps valid filters', () => {
    expect(registryFilters({ sector: 'energy.electricity', severity: 'high', state: 'UA' })).toEqual({
      filters: { sector: 'energy.electricity', severity: 'high', state: 'UA' },
      ignored: [],
    });
  });

  it('ignores values the API would refuse, naming them', () => {
    expect(registryFilters({ sector: 'Energy!', severity: 'huge', state: 'ua', other: 'x' })).toEqual({
      filters: {},
      ignored: ['sector “Energy!”', 'severity “huge”', 'state “ua”'],
    });
  });

  it('maps severity to the API\'s level parameter', () => {
    expect(apiFilters({ sector: 'health', severity: 'low' })).toEqual({ sector: 'health', level: 'low' });
  });
});

describe('filterOptions', () => {
  const sectors = { group_by: 'sector', tree_size: 3, total: 2, withheld: [], groups: [{ key: 'health', count: 1 }, { key: 'banking', count: 1 }] };
  const states = { group_by: 'state', tree_size: 3, total: 2, withheld: [], groups: [{ key: 'UA', count: 2 }] };

  it('offers "All" first, then the sectors and states that have reports, sorted', () => {
    const options = filterOptions(sectors, states, {});
    expect(options.sector).toEqual([
      { value: '', label: 'All sectors' },
      { value: 'banking', label: 'Banking (banking)' },
      { value: 'health', label: 'Health (health)' },
    ]);
    expect(options.state).toEqual([{ value: '', label: 'All states' }, { value: 'UA', label: 'UA' }]);
    expect(options.severity.map((option) => option.value)).toEqual(['', 'baseline', 'low', 'medium', 'high', 'severe', 'emergency']);
  });

  it('adds a chosen value that has no reports, so the select can show it', () => {
    const options = filterOptions(undefined, undefined, { state: 'FR', sector: 'space' });
    expect(options.state).toEqual([{ value: '', label: 'All states' }, { value: 'FR', label: 'FR' }]);
    expect(options.sector[1]).toEqual({ value: 'space', label: 'Space (space)' });
  });
});

describe('registryView', () => {
  const item: ReportSummary = {
    id: 'incident-report--c0b7cf32-36aa-4cd2-84a7-9ec7542c6157',
    version: 1,
    withdrawn: false,
    submitted_at: '2026-11-27T23:10:18.350233Z',
    log_index: 27,
    title: 'ALPHV/BlackCat ransomware at Change Healthcare',
    envelope: {
      affected_states: ['US'],
      exercise: false,
      month: '2024-02',
      reporter_kind: 'watchdog',
      sectors: ['health', 'health.healthcare-providers'],
      severity_level: 'high',
      verdict_summary: 'no-violation',
    },
  };

  it('shows each report\'s envelope in words', () => {
    expect(registryView([item], false)).toEqual({
      count: '1 report',
      rows: [
        {
          id: item.id,
          title: 'ALPHV/BlackCat ransomware at Change Healthcare',
          titlePublic: true,
          month: 'February 2024',
          states: 'US',
          sectors: 'Health (health), Healthcare providers (health.healthcare-providers)',
          severity: 'High',
          verdict: 'No violation',
          submitted: '2026-11-27 23:10 UTC',
          withdrawn: false,
        },
      ],
    });
  });

  it('stands the id in for a title the reader may not read, and marks a withheld envelope', () => {
    const hidden: ReportSummary = { ...item, envelope: { month: '2024-02' } };
    delete hidden.title;
    const [row] = registryView([hidden, hidden], true).rows;
    expect(row?.title).toBe(`${item.id} (title not public)`);
    expect(row?.titlePublic).toBe(false);
    expect([row?.states, row?.sectors, row?.severity]).toEqual(['withheld', 'withheld', '—']);
    expect(registryView([hidden, hidden], true).count).toBe('2 reports shown; more match');
    expect(registryView([], false).count).toBe('0 reports');
  });
});
