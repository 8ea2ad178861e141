import { describe, expect, it } from 'vitest';
import { navPageOf, parseRoute, reportHash, routeHash } from './router';

describe('parseRoute', () => {
  it.each([
    ['', 'overview'],
    ['#', 'overview'],
    ['#/', 'overview'],
    ['#/registry', 'registry'],
    ['#/registry/', 'registry'],
    ['#/norms', 'norms'],
    ['#/contacts', 'contacts'],
    ['#/cases', 'cases'],
    ['#/transparency', 'transparency'],
    ['#/submit', 'submit'],
  ])('reads "%s" as the %s page', (hash, page) => {
    expect(parseRoute(hash).page).toBe(page);
  });

  it('reads the registry\'s filters from the query', () => {
    expect(parseRoute('#/registry?sector=energy&severity=high&state=UA')).toEqual({
      page: 'registry',
      query: { sector: 'energy', severity: 'high', state: 'UA' },
      path: '/registry',
    });
  });

  it('drops empty query values', () => {
    expect(parseRoute('#/registry?sector=&state=UA').query).toEqual({ state: 'UA' });
  });

  it('reads a report id, decoded', () => {
    const id = 'incident-report--c0b7cf32-36aa-4cd2-84a7-9ec7542c6157';
    expect(parseRoute(`#/registry/${id}`)).toEqual({ page: 'report', id, query: {}, path: `/registry/${id}` });
    expect(parseRoute('#/registry/a%20b').id).toBe('a b');
  });

  it('reads anything else as not found', () => {
    for (const hash of ['#/nope', '#/registry/a/b', '#/norms/ACN-B1', '#/%E0%A4%A', '#main']) {
      expect(parseRoute(hash).page).toBe('not-found');
    }
  });
});

describe('routeHash and reportHash', () => {
  it('writes the query in the given order, leaving out empty values', () => {
    expect(routeHash('#/registry', { sector: 'energy.oil', severity: '', state: 'UA' })).toBe(
      '#/registry?sector=energy.oil&state=UA',
    );
    expect(routeHash('#/registry', {})).toBe('#/registry');
  });

  it('round-trips through parseRoute', () => {
    const hash = routeHash('#/registry', { sector: 'a&b', state: 'UA' });
    expect(parseRoute(hash).query).toEqual({ sector: 'a&b', state: 'UA' });
    expect(reportHash('x/y')).toBe('#/registry/x%2Fy');
  });
});

describe('navPageOf', () => {
  it('marks the registry for a report and nothing for an unknown page', () => {
    expect(navPageOf('report')).toBe('registry');
    expect(navPageOf('norms')).toBe('norms');
    expect(navPageOf('not-found')).toBeUndefined();
  });
});
