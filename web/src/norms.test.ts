import { describe, expect, it } from 'vitest';
import { normsView, redLinesIn } from './norms';
import type { NormList } from './parse';

// Ids, layers, bases and titles as GET /v1/norms of a real node gives them (catalogue 1.0, abridged).
const LIST: NormList = {
  version: '1.0',
  norms: [
    { id: 'ACN-C1', layer: 'cbm', basis: 'treaty', title: 'Points of contact' },
    { id: 'ACN-B1', layer: 'binding', basis: 'treaty', title: 'No damage to or impairment of civilian critical infrastructure' },
    { id: 'ACN-V1', layer: 'voluntary', basis: 'treaty', title: 'Due diligence over one\'s territory' },
    { id: 'ACN-B2', layer: 'binding', basis: 'treaty', title: 'Red lines' },
    { id: 'ACN-B4', layer: 'binding', basis: 'customary', title: 'Distinction' },
  ],
};

// The text of ACN-B2 from GET /v1/norms/ACN-B2.
const B2_TEXT =
  'A party shall not conduct or knowingly support an operation that crosses a red line of this catalogue ' +
  '(RL-ELECTRICITY, RL-WATER, RL-HOSPITALS, RL-EMERGENCY, RL-SAFETY), whatever military objective it claims.';

describe('redLinesIn', () => {
  it('finds the red-line ids a text names, once each, in order', () => {
    expect(redLinesIn(B2_TEXT)).toEqual(['RL-ELECTRICITY', 'RL-WATER', 'RL-HOSPITALS', 'RL-EMERGENCY', 'RL-SAFETY']);
    expect(redLinesIn('RL-WATER and again RL-WATER')).toEqual(['RL-WATER']);
    expect(redLinesIn('no red line here; CURL-X is not one')).toEqual([]);
  });
});

describe('normsView', () => {
  const view = normsView(LIST, { 'ACN-B2': B2_TEXT });

  it('orders the norms binding, voluntary, cbm, keeping the catalogue order within a layer', () => {
    expect(view.rows.map((row) => row.id)).toEqual(['ACN-B1', 'ACN-B2', 'ACN-B4', 'ACN-V1', 'ACN-C1']);
  });

  it('names each layer and basis in words', () => {
    expect(view.rows.map((row) => [row.layer, row.basis])).toEqual([
      ['Binding prohibition', 'Treaty'],
      ['Binding prohibition', 'Treaty'],
      ['Binding prohibition', 'Customary'],
      ['Voluntary commitment', 'Treaty'],
      ['Confidence-building measure', 'Treaty'],
    ]);
  });

  it('lists the red lines with the norm that names them', () => {
    expect(view.rows[1]?.redLines).toHaveLength(5);
    expect(view.redLines[0]).toEqual({ id: 'RL-ELECTRICITY', norms: ['ACN-B2'] });
    expect(view.rows[0]?.text).toBe('(text not available)');
  });

  it('counts the norms per layer', () => {
    expect(view.counts).toBe(
      '5 norms: 3 binding prohibitions, 1 voluntary commitments, 1 confidence-building measures.',
    );
    expect(view.version).toBe('1.0');
  });
});
