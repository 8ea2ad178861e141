import { describe, expect, it } from 'vitest';
import { transparencyReportPath } from './api';
import { parseTransparencyIndex, parseTransparencyReport } from './parse';
import { TRANSPARENCY_2026 } from './testdata/transparency2026';
import { chooseYear, figureLabel, figureValue, transparencyView } from './transparency';

describe('figureLabel and figureValue', () => {
  it.each([
    ['incidents.reported', 'Incidents reported'],
    ['incidents.reported.sector.energy.electricity', 'Incidents reported, sector Electricity (energy.electricity)'],
    ['incidents.suffered.severity.high', 'Incidents suffered, severity high'],
    ['cases.stage.admissibility-review', 'Cases at stage: admissibility review'],
    ['standing.days.good-standing', 'Days in good standing'],
    ['something.new', 'something.new'],
  ])('names %s "%s"', (name, label) => {
    expect(figureLabel(name)).toBe(label);
  });

  it('shows per-mille rates as percentages and seconds as durations', () => {
    expect(figureValue('notifications.on_time_per_mille', 875)).toBe('87.5 %');
    expect(figureValue('notifications.median_ack_seconds', 90)).toBe('90 s');
    expect(figureValue('notifications.median_ack_seconds', 3000)).toBe('50 min');
    expect(figureValue('notifications.median_ack_seconds', 9000)).toBe('2 h 30 min');
    expect(figureValue('incidents.reported', 1234)).toBe('1\u202f234');
  });
});

describe('transparencyView of a real report (accord transparency report, demo data)', () => {
  const parsed = parseTransparencyReport(TRANSPARENCY_2026);
  if (!parsed.ok) throw new Error(parsed.reason);
  const view = transparencyView(parsed.value);

  it('cites the checkpoint', () => {
    expect(view.citation).toBe(
      'Computed from the public log of dev-90f205d1.accord.invalid at tree size 29 (root hash ' +
        'fdd4bb79b9f37c10b5b8436c9e17d5e8bf0903b71bdc9a8102f4679d6980900e); last entry 2026-11-27 23:10 UTC. ' +
        'Anyone holding the log can recompute every figure.',
    );
  });

  it('lists the global figures in name order with their values', () => {
    const figures = Object.fromEntries(view.global.map((row) => [row.name, row.value]));
    expect(figures['incidents.reported']).toBe('24');
    expect(figures['incidents.reported.severity.medium']).toBe('13');
    expect(figures['incidents.reported.sector.energy.electricity']).toBe('5');
    expect(view.global.map((row) => row.name)).toEqual([...view.global.map((row) => row.name)].sort());
  });

  it('gives one row per state with its key figures and last-day standing', () => {
    const ukraine = view.states.find((row) => row.code === 'UA');
    expect(ukraine).toEqual({ code: 'UA', cells: ['0', '8', '0', '—', '0', '0'], standing: 'good standing' });
    expect(view.states.map((row) => row.code)).toEqual([...view.states.map((row) => row.code)].sort());
  });

  it('rejects a report whose figures are not integers, naming the figure', () => {
    const broken = JSON.parse(JSON.stringify(TRANSPARENCY_2026));
    broken.figures.global['incidents.reported'] = '24';
    expect(parseTransparencyReport(broken)).toEqual({
      ok: false,
      reason: 'transparency report: figures.global.incidents.reported: not an integer',
    });
  });
});

describe('chooseYear and the report links', () => {
  const index = parseTransparencyIndex({ origin: 'o', tree_size: 3, years: [2025, 2026] });
  if (!index.ok) throw new Error(index.reason);

  it('takes the year in the address when the log covers it, else the latest', () => {
    expect(chooseYear(index.value, '2025')).toBe(2025);
    expect(chooseYear(index.value, '1999')).toBe(2026);
    expect(chooseYear(index.value, undefined)).toBe(2026);
    expect(chooseYear({ origin: 'o', tree_size: 0, years: [] }, undefined)).toBeUndefined();
  });

  it('links to the node\'s endpoint in each format', () => {
    expect(transparencyReportPath(2026, 'html')).toBe('/v1/transparency/reports/2026?format=html');
    expect(transparencyReportPath(2026, 'csv', 'UA')).toBe('/v1/transparency/reports/2026?format=csv&state=UA');
  });
});
