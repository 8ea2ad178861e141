import { describe, expect, it } from 'vitest';
import { buildReport, FIELDS, isUserAssignedCode, newReportId, placeErrors, splitCodes, toUtc, type FormValues } from './submitForm';

const NOW = new Date('2026-11-27T12:00:00.500Z');
const ID = 'incident-report--a64df7d9-2964-4d3a-9ece-bf38e533c167';

// A complete form: the Oldsmar demo report's essential fields (data/demo/2021-02-oldsmar-water-treatment.json).
const VALID: FormValues = {
  '/title': 'Reported remote manipulation of sodium hydroxide set-point at the Oldsmar water treatment plant',
  '/tlp': 'CLEAR',
  '/reporter/kind': 'watchdog',
  '/reporter/state': '',
  '/reporter/name': 'accord demo data set (public sources)',
  '/times/start': '2021-02-05T00:00',
  '/times/precision': 'day',
  '/affected_states': 'us',
  '/affected_entities/0/sector': 'drinking-water',
  '/affected_entities/0/entity_type': 'water-treatment-plant',
  '/affected_entities/0/state': 'US',
  '/affected_entities/0/civilian_status': 'civilian',
  '/affected_entities/0/name': 'City of Oldsmar water treatment plant',
  '/effects/availability': false,
  '/effects/integrity': true,
  '/effects/confidentiality': false,
  '/effects/effect_location': 'ot',
  '/effects/physical_damage': 'none',
  '/effects/recoverability': 'regular',
  '/effects/disruption_hours': '',
  '/effects/people_affected': '',
  '/narrative': '',
};

describe('buildReport', () => {
  it('builds the demo report\'s essential fields from a complete form', () => {
    expect(buildReport(VALID, ID, NOW)).toEqual({
      errors: [],
      report: {
        schema: 'accord.incident-report/1',
        id: ID,
        title: VALID['/title'],
        reporter: { kind: 'watchdog', name: 'accord demo data set (public sources)' },
        reported_at: '2026-11-27T12:00:00Z',
        times: { start: '2021-02-05T00:00:00Z', precision: 'day' },
        affected_states: ['US'],
        affected_entities: [
          {
            sector: 'drinking-water',
            entity_type: 'water-treatment-plant',
            state: 'US',
            civilian_status: 'civilian',
            name: 'City of Oldsmar water treatment plant',
          },
        ],
        effects: {
          confidentiality: false,
          integrity: true,
          availability: false,
          effect_location: 'ot',
          physical_damage: 'none',
          recoverability: 'regular',
        },
        tlp: 'CLEAR',
      },
    });
  });

  it('names every missing required field by its pointer', () => {
    const pointers = buildReport({}, ID, NOW).errors.map((error) => error.pointer);
    expect(pointers).toEqual([
      '/title',
      '/tlp',
      '/reporter/kind',
      '/times/start',
      '/affected_states',
      '/affected_entities/0/sector',
      '/affected_entities/0/entity_type',
      '/affected_entities/0/state',
      '/affected_entities/0/civilian_status',
      '/effects/effect_location',
      '/effects/physical_damage',
      '/effects/recoverability',
    ]);
  });

  it('requires a state code from a state reporter and a name from the others', () => {
    const state = buildReport({ ...VALID, '/reporter/kind': 'state', '/reporter/name': '' }, ID, NOW);
    expect(state.errors).toEqual([{ pointer: '/reporter/state', detail: 'a state reporter needs its state code' }]);
    const operator = buildReport({ ...VALID, '/reporter/kind': 'operator', '/reporter/name': '' }, ID, NOW);
    expect(operator.errors).toEqual([{ pointer: '/reporter/name', detail: 'a operator reporter needs a name' }]);
    const ok = buildReport({ ...VALID, '/reporter/kind': 'state', '/reporter/state': 'ua', '/reporter/name': '' }, ID, NOW);
    expect(ok.report['reporter']).toEqual({ kind: 'state', state: 'UA' });
  });

  it('checks lengths in code points, as the schema counts', () => {
    const long = buildReport({ ...VALID, '/title': '€'.repeat(201) }, ID, NOW);
    expect(long.errors).toEqual([{ pointer: '/title', detail: 'at most 200 characters, found 201' }]);
    expect(buildReport({ ...VALID, '/title': '😀'.repeat(200) }, ID, NOW).errors).toEqual([]);
  });

  it('refuses codes that are not ISO 3166-1 alpha-2, user-assigned codes and repeats', () => {
    const result = buildReport({ ...VALID, '/affected_states': 'US, USA, XK, US' }, ID, NOW);
    expect(result.errors).toEqual([
      { pointer: '/affected_states', detail: '"USA" is not an ISO 3166-1 alpha-2 code (two capital letters, e.g. UA)' },
      { pointer: '/affected_states', detail: '"XK" is a user-assigned code, not part of ISO 3166-1' },
      { pointer: '/affected_states', detail: '"US" is listed twice' },
    ]);
  });

  it('requires the entity\'s state to be one of the affected states', () => {
    const result = buildReport({ ...VALID, '/affected_entities/0/state': 'DE' }, ID, NOW);
    expect(result.errors).toEqual([
      { pointer: '/affected_entities/0/state', detail: '"DE" is not one of the affected states' },
    ]);
  });

  it('refuses a start after the time of reporting and a malformed one', () => {
    expect(buildReport({ ...VALID, '/times/start': '2026-11-28T00:00' }, ID, NOW).errors).toEqual([
      {
        pointer: '/times/start',
        detail: 'is after the time of reporting (2026-11-27T12:00:00Z): an incident cannot start in the future',
      },
    ]);
    expect(buildReport({ ...VALID, '/times/start': '2021-02-30T00:00' }, ID, NOW).errors).toEqual([
      { pointer: '/times/start', detail: 'expected a date and time, e.g. 2024-02-21T09:30' },
    ]);
  });

  it('refuses a sector outside the taxonomy and counts out of range', () => {
    const result = buildReport(
      { ...VALID, '/affected_entities/0/sector': 'nope', '/effects/disruption_hours': '87601', '/effects/people_affected': '-3' },
      ID,
      NOW,
    );
    expect(result.errors).toEqual([
      { pointer: '/affected_entities/0/sector', detail: '"nope" is not a sector code of the taxonomy' },
      { pointer: '/effects/disruption_hours', detail: 'expected a whole number from 0 to 87600' },
      { pointer: '/effects/people_affected', detail: 'expected a whole number from 0 to 10000000000' },
    ]);
  });

  it('adds the optional counts, the exercise flag and the narrative when given', () => {
    const result = buildReport(
      { ...VALID, '/effects/disruption_hours': '6', '/narrative': ' What happened. ', '/exercise': true },
      ID,
      NOW,
    );
    expect(result.report['exercise']).toBe(true);
    expect((result.report['effects'] as Record<string, unknown>)['disruption_hours']).toBe(6);
    expect(result.report['narrative']).toBe('What happened.');
  });
});

describe('helpers', () => {
  it('reads a datetime-local value as UTC', () => {
    expect(toUtc('2024-02-21T09:30')).toBe('2024-02-21T09:30:00Z');
    expect(toUtc('2024-02-21T09:30:15')).toBe('2024-02-21T09:30:15Z');
    expect(toUtc('2024-13-01T00:00')).toBeUndefined();
    expect(toUtc('21/02/2024')).toBeUndefined();
  });

  it('splits a list of codes', () => {
    expect(splitCodes(' ua, pl;DE  ')).toEqual(['UA', 'PL', 'DE']);
    expect(splitCodes('')).toEqual([]);
  });

  it('knows the user-assigned ranges of ISO 3166-1 (AA, QM-QZ, XA-XZ, ZZ)', () => {
    expect(['AA', 'QM', 'QZ', 'XA', 'XK', 'XZ', 'ZZ'].every(isUserAssignedCode)).toBe(true);
    expect(['QA', 'UA', 'ZA', 'ZW'].some(isUserAssignedCode)).toBe(false);
  });

  it('makes a STIX id with a version 4, RFC 9562 variant UUID', () => {
    const id = newReportId(new Uint8Array(16).fill(0xff));
    expect(id).toBe('incident-report--ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(newReportId(new Uint8Array(16))).toBe('incident-report--00000000-0000-4000-8000-000000000000');
  });
});

describe('placeErrors', () => {
  const pointers = FIELDS.map((field) => field.pointer);

  it('places the node\'s errors (real 422 pointers) beside their fields', () => {
    const placed = placeErrors(
      [
        { pointer: '/report/title', detail: 'expected at least 1 character, found an empty string' },
        { pointer: '/report/affected_states/0', detail: 'alpha-2 code "XX": a user-assigned code' },
        { pointer: '/report/affected_entities/0/sector', detail: 'sector code "nope": unknown' },
        { pointer: '/report/reported_at', detail: 'is before /times/start' },
        { pointer: '', detail: 'the public form would not fit one log entry' },
      ],
      pointers,
    );
    expect(placed.byField).toEqual({
      '/title': ['expected at least 1 character, found an empty string'],
      '/affected_states': ['alpha-2 code "XX": a user-assigned code'],
      '/affected_entities/0/sector': ['sector code "nope": unknown'],
    });
    expect(placed.unplaced).toEqual([
      { pointer: '/report/reported_at', detail: 'is before /times/start' },
      { pointer: '', detail: 'the public form would not fit one log entry' },
    ]);
  });

  it('places local errors, whose pointers are into the report', () => {
    expect(placeErrors([{ pointer: '/reporter/state', detail: 'x' }], pointers, '').byField).toEqual({ '/reporter/state': ['x'] });
  });

  it('does not take a field for another that shares its start', () => {
    expect(placeErrors([{ pointer: '/titles', detail: 'x' }], ['/title'], '').unplaced).toHaveLength(1);
  });
});

describe('FIELDS', () => {
  it('has one field per pointer', () => {
    const pointers = FIELDS.map((field) => field.pointer);
    expect(new Set(pointers).size).toBe(pointers.length);
  });
});
