import { describe, expect, it } from 'vitest';
import { CASE_STAGES, casesView } from './cases';
import { parseCaseList, parseCaseStatistics } from './parse';

function caseItem(id: string, stage: string, exercise = false, filer: Record<string, string> = { filer_kind: 'state', filer_state: 'UA' }) {
  return {
    id,
    allegation_id: `allegation--${id.slice(6)}`,
    stage,
    parties: { ...filer, accused_state: 'RU' },
    history: [{ stage: 'filed', at: '2026-11-01T10:00:00Z', by: 'filer' }],
    non_cooperation: [],
    appeal_used: false,
    evidence: [],
    findings: stage === 'finding' ? ['finding--1'] : [],
    reports: ['incident-report--c0b7cf32-36aa-4cd2-84a7-9ec7542c6157'],
    filed_at: '2026-11-01T10:00:00Z',
    exercise,
  };
}

// GET /v1/cases and /v1/cases/statistics answers in their documented shapes (schemas CaseList, CaseStatistics).
const CASES = {
  items: [
    caseItem('case--00000000-0000-4000-8000-000000000001', 'admissibility-review'),
    caseItem('case--00000000-0000-4000-8000-000000000002', 'finding', false, { filer_kind: 'private-entity' }),
    caseItem('case--00000000-0000-4000-8000-000000000003', 'admissibility-review'),
    caseItem('case--00000000-0000-4000-8000-000000000004', 'filed', true),
  ],
};
const STATISTICS = { cases: 3, exercise: false, attrition: [{ stage: 'inadmissible', reason: 'inadmissible', cases: 1 }] };

describe('casesView', () => {
  const cases = parseCaseList(CASES);
  const statistics = parseCaseStatistics(STATISTICS);
  if (!cases.ok || !statistics.ok) throw new Error('fixture does not parse');
  const view = casesView(cases.value, statistics.value);

  it('counts real cases per current stage, every stage listed in order', () => {
    expect(view.byStage.map((row) => row.stage)).toEqual([...CASE_STAGES]);
    const counts = Object.fromEntries(view.byStage.map((row) => [row.stage, row.count]));
    expect(counts['admissibility-review']).toBe(2);
    expect(counts['finding']).toBe(1);
    expect(counts['filed']).toBe(0);
    expect(view.byStage[1]?.label).toBe('Admissibility review');
  });

  it('keeps exercise cases out of the counts but lists them', () => {
    expect(view.summary).toBe('3 cases and 1 exercise case (not counted by stage).');
    expect(view.rows).toHaveLength(4);
    expect(view.rows[3]?.stage).toBe('Filed (exercise)');
  });

  it('shows who filed without naming a private entity', () => {
    expect(view.rows.map((row) => row.filer)).toEqual(['state UA', 'private entity', 'state UA', 'state UA']);
    expect(view.rows[1]).toMatchObject({ accused: 'RU', reports: '1', findings: '1', filed: '2026-11-01 10:00 UTC' });
  });

  it('gives the attrition rows in words', () => {
    expect(view.attrition).toEqual([{ stage: 'Inadmissible', reason: 'Inadmissible', cases: 1 }]);
  });

  it('says so when there is no case', () => {
    expect(casesView([]).summary).toBe('0 cases.');
  });

  it('rejects a case without parties, naming the field', () => {
    const broken = { items: [{ ...CASES.items[0], parties: undefined }] };
    expect(parseCaseList(broken)).toEqual({ ok: false, reason: 'cases: items[0].parties: not a JSON object' });
  });
});
