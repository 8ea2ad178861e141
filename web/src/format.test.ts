import { describe, expect, it } from 'vitest';
import { codeLabel, formatCount, formatDateTime, formatMonth, layerLabel, levelLabel, plural, sectorLabel, verdictLabel } from './format';
import { isTokenShaped } from './session';

describe('format', () => {
  it('counts in the singular and plural', () => {
    expect([plural(0, 'report'), plural(1, 'report'), plural(2, 'case'), plural(2, 'point of contact', 'points of contact')]).toEqual([
      '0 reports',
      '1 report',
      '2 cases',
      '2 points of contact',
    ]);
  });

  it('writes months and times, leaving anything else as it is', () => {
    expect(formatMonth('2024-02')).toBe('February 2024');
    expect(formatMonth('2024-13')).toBe('2024-13');
    expect(formatDateTime('2026-11-27T23:10:18.350233Z')).toBe('2026-11-27 23:10 UTC');
    expect(formatDateTime('2026-11-27T23:10:18+01:00')).toBe('2026-11-27T23:10:18+01:00');
  });

  it('names sectors from the taxonomy, and shows an unknown code as it is', () => {
    expect(sectorLabel('energy.district-heating')).toBe('District heating and cooling (energy.district-heating)');
    expect(sectorLabel('moon-base')).toBe('moon-base');
  });

  it('names levels, verdicts, layers and codes', () => {
    expect([levelLabel('severe'), verdictLabel('potential-violation'), verdictLabel('none-applied'), layerLabel('cbm')]).toEqual([
      'Severe',
      'Potential violation',
      'No binding norm applied',
      'Confidence-building measure',
    ]);
    expect(codeLabel('appeal-panel-selected')).toBe('Appeal panel selected');
  });

  it('groups digits with a narrow no-break space, whatever the locale', () => {
    expect([formatCount(0), formatCount(999), formatCount(1000), formatCount(192700000), formatCount(-12345)]).toEqual([
      '0',
      '999',
      '1\u202f000',
      '192\u202f700\u202f000',
      '-12\u202f345',
    ]);
  });
});

describe('isTokenShaped', () => {
  it('accepts the shape the node issues and nothing else', () => {
    const secret = 'A'.repeat(42) + '_';
    expect(isTokenShaped(`acc_0123456789abcdef_${secret}`)).toBe(true);
    expect(isTokenShaped(`acc_0123456789ABCDEF_${secret}`)).toBe(false);
    expect(isTokenShaped(`acc_0123456789abcdef_${secret}x`)).toBe(false);
    expect(isTokenShaped('Bearer acc_x')).toBe(false);
  });
});
