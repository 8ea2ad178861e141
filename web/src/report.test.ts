import { describe, expect, it } from 'vitest';
import { parseAssessment, parseReportView, type Assessment, type ReportView } from './parse';
import { fetchAssessment, type AssessmentResult } from './api';
import { isCommitment, showValue } from './publicForm';
import { reportPageView } from './report';
import { severityRows, traceView } from './reportAssessment';
import { ASSESSMENT, ASSESSMENT_FORBIDDEN } from './testdata/nodeAssessment';
import { FULL_REPORT, PUBLIC_REPORT } from './testdata/nodeReport';

function parsed(body: unknown): ReportView {
  const result = parseReportView(body);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

const COMMITMENT = { alg: 'sha256-salted-v1', commitment: 'ab'.repeat(32) };

describe('showValue', () => {
  it('shows a commitment as withheld, with the start of its hash', () => {
    expect(isCommitment(COMMITMENT)).toBe(true);
    expect(showValue(COMMITMENT)).toBe('withheld (commitment abababababab…)');
  });

  it('shows booleans, numbers, lists and missing values in words', () => {
    expect([showValue(true), showValue(false), showValue(192700000), showValue(['a', 'b']), showValue([]), showValue(undefined)]).toEqual(
      ['yes', 'no', '192\u202f700\u202f000', 'a, b', 'none', '—'],
    );
  });
});

describe('reportPageView of a real node\'s public answer', () => {
  const view = reportPageView(parsed(PUBLIC_REPORT));

  it('takes the title and the log entry', () => {
    expect(view.title).toBe(
      'ALPHV/BlackCat ransomware at Change Healthcare; nationwide disruption of U.S. claims and pharmacy processing',
    );
    expect(view.logIndex).toBe(27);
    expect(view.status).toContainEqual({ label: 'Log entry', value: 'index 27 (its latest event)' });
    expect(view.status).toContainEqual({ label: 'What you can read', value: 'the public form' });
  });

  it('shows the public form\'s fields', () => {
    const fields = Object.fromEntries(view.fields.map((field) => [field.label, field.value]));
    expect(fields['Reporter']).toBe('watchdog: accord demo data set (public sources)');
    expect(fields['Incident started']).toBe('2024-02-12 00:00 UTC');
    expect(fields['Incident month']).toBe('February 2024');
    expect(fields['Affected states']).toBe('US');
    expect(fields['Effects']).toBe('availability lost, integrity lost, confidentiality lost');
    expect(fields['Techniques (MITRE ATT&CK)']).toBe('T1078, T1133, T1486');
    expect(view.entities).toEqual([
      ['Change Healthcare (UnitedHealth Group)', 'Health (health)', 'health-claims-and-payment-clearinghouse', 'US', 'civilian', '—'],
    ]);
    expect(view.attributions[1]).toEqual(['ALPHV/BlackCat', 'ALPHV/BlackCat', 'non-state', 'settled', 'moderate', '2024-02-28']);
    expect(view.references[0]).toEqual({
      title: 'UnitedHealth Group Form 8-K, Item 1.05 Material Cybersecurity Incidents',
      detail: 'U.S. Securities and Exchange Commission (EDGAR), 2024-02-22',
      url: 'https://www.sec.gov/Archives/edgar/data/731766/000073176624000045/unh-20240221.htm',
    });
  });

  it('gives each severity factor the report\'s input, and the envelope\'s level', () => {
    expect(view.severity.map((row) => [row.dimension, row.weight, row.input])).toEqual([
      ['Functional impact', '16', 'availability lost, integrity lost, confidentiality lost'],
      ['Population', '20', '192\u202f700\u202f000 people affected'],
      ['Duration', '12', 'not reported'],
      ['Physical damage', '10', 'none'],
      ['Casualties', '18', 'not reported'],
      ['Recoverability', '8', 'extended'],
      ['Effect location', '7', 'it'],
      ['Cascade', '5', 'observed in: Healthcare providers (health.healthcare-providers)'],
      ['Actor', '4', 'most state-involved attribution: non-state'],
      ['Level', '', 'High'],
    ]);
  });

  it('shows the binding layer\'s verdict from the envelope, and no per-norm verdicts', () => {
    expect(view.verdictSummary).toEqual([{ label: 'Binding prohibition', value: 'No violation' }]);
    expect(view.verdicts).toEqual([]);
  });
});

describe('reportPageView of a full answer', () => {
  const view = reportPageView(parsed(FULL_REPORT), { 'ACN-B1': 'binding' });

  it('adds the score, its range and the methodology version', () => {
    expect(view.severity.slice(-3)).toEqual([
      { dimension: 'Level', weight: '', input: 'High' },
      { dimension: 'Score', weight: '', input: '517 of 1000 (range 445 to 745, low confidence)' },
      { dimension: 'Methodology', weight: '', input: 'version 1.0' },
    ]);
  });

  it('lists each layer\'s verdict and each norm\'s', () => {
    expect(view.verdictSummary).toEqual([
      { label: 'Binding prohibition', value: 'No violation' },
      { label: 'Voluntary commitment', value: 'No violation' },
      { label: 'Confidence-building measure', value: 'no norm of this layer applied' },
    ]);
    expect(view.verdicts[0]).toEqual({ norm: 'ACN-B1', layer: 'Binding prohibition', verdict: 'No violation' });
    expect(view.verdicts).toHaveLength(9);
  });
});

describe('withheld fields', () => {
  it('shows commitments as withheld in the fields and the severity inputs', () => {
    const base = parsed(PUBLIC_REPORT);
    const form = { ...base.public_form, effects: COMMITMENT, attributions: COMMITMENT, reported_at: COMMITMENT };
    const view = { ...base, public_form: form };
    const rows = Object.fromEntries(severityRows(view).map((row) => [row.dimension, row.input]));
    expect(rows['Functional impact']).toBe('withheld');
    expect(rows['Population']).toBe('withheld');
    expect(rows['Duration']).toBe('withheld');
    expect(rows['Casualties']).toBe('withheld');
    expect(rows['Cascade']).toBe('withheld');
    expect(rows['Actor']).toBe('withheld');
    expect(rows['Physical damage']).toBe('withheld (commitment abababababab…)');
    const fields = Object.fromEntries(reportPageView(view).fields.map((field) => [field.label, field.value]));
    expect(fields['Reported at']).toBe('withheld (commitment abababababab…)');
  });
});

describe('parseReportView', () => {
  it('rejects an answer without a log index, naming the field', () => {
    const body = { ...(PUBLIC_REPORT as Record<string, unknown>) };
    delete body['log_index'];
    expect(parseReportView(body)).toEqual({ ok: false, reason: 'report: log_index: missing' });
  });
});

function assessment(): Assessment {
  const result = parseAssessment(ASSESSMENT);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

// The 403 as fetchAssessment reads it from the node's problem+json.
async function forbidden(): Promise<AssessmentResult> {
  return fetchAssessment('x', { fetch: () => Promise.resolve(new Response(ASSESSMENT_FORBIDDEN, { status: 403 })) });
}

describe('reportPageView with the node\'s assessment (a report the public reads whole)', () => {
  const view = reportPageView(parsed(PUBLIC_REPORT), {}, { kind: 'ready', value: assessment() });

  it('gives each factor its weight, points, contribution and the report\'s input, in the breakdown\'s order', () => {
    expect(view.severityBreakdown).toBe(true);
    expect(view.severity.slice(0, 9).map((row) => [row.dimension, row.weight, row.points, row.contribution, row.input])).toEqual([
      ['Functional impact', '16', '1\u202f000', '160.0', 'availability lost, integrity lost, confidentiality lost'],
      ['Population', '20', '1\u202f000', '200.0', '192\u202f700\u202f000 people affected'],
      ['Duration', '12', '300', '36.0', 'not reported'],
      ['Physical damage', '10', '0', '0.0', 'none'],
      ['Casualties', '18', '200', '36.0', 'not reported'],
      ['Recoverability', '8', '650', '52.0', 'extended'],
      ['Effect location', '7', '300', '21.0', 'it'],
      ['Cascade', '5', '0', '0.0', 'observed in: Healthcare providers (health.healthcare-providers)'],
      ['Actor', '4', '300', '12.0', 'most state-involved attribution: non-state'],
    ]);
  });

  it('says which factors the report leaves out and how the methodology scored them', () => {
    const missing = view.severity.filter((row) => row.missing !== undefined).map((row) => [row.factor, row.missing]);
    expect(missing).toEqual([
      ['duration', 'missing (scored at default: scored at 300 points: scored as a short disruption (6-24 hours))'],
      ['casualties', 'missing (scored at default: scored at 200 points: no casualty figure: half-way between none and one injury)'],
    ]);
  });

  it('ends with the score, level, range, confidence and methodology version', () => {
    expect(view.severity.slice(9).map((row) => [row.dimension, row.input])).toEqual([
      ['Score', '517 of 1000 (the sum of the contributions)'],
      ['Level', 'High'],
      ['Range', '445 to 745'],
      ['Confidence', 'low'],
      ['Methodology', 'version 1.0'],
    ]);
  });

  it('no longer says the node keeps the points or the traces to itself', () => {
    expect(view.severityNote).not.toMatch(/does not publish/);
    expect(view.verdictNote).not.toMatch(/not published/);
    expect(view.severityNote).toMatch(/methodology version 1\.0/);
  });

  it('lists each norm\'s verdict with its trace, and the engine\'s notice', () => {
    expect(view.assessment).toBe('ready');
    expect(view.assessmentNotice).toBe(
      'This is an assessment by accord\'s norms engine, not a judgment. Only the arbitration of the agreement\'s grievance mechanism issues findings.',
    );
    expect(view.verdicts).toEqual([
      { norm: 'ACN-B1', layer: 'Binding prohibition', verdict: 'No violation' },
      { norm: 'ACN-B4', layer: 'Binding prohibition', verdict: 'No violation' },
      { norm: 'ACN-V1', layer: 'Voluntary commitment', verdict: 'No violation' },
    ]);
    expect(view.traces.map((trace) => [trace.norm, trace.title, trace.verdict, trace.lines.length])).toEqual([
      ['ACN-B1', 'No damage to or impairment of civilian critical infrastructure', 'No violation', 9],
      ['ACN-B4', expect.any(String), 'No violation', 5],
      ['ACN-V1', expect.any(String), 'No violation', 6],
    ]);
    expect(view.verdictSummary).toEqual([
      { label: 'Binding prohibition', value: 'No violation (6 no violation, 2 did not apply)' },
      { label: 'Voluntary commitment', value: 'No violation (3 no violation, 7 did not apply)' },
      { label: 'Confidence-building measure', value: 'no norm of this layer applied (5 did not apply)' },
    ]);
    expect(view.notApplied[0]?.slice(0, 3)).toEqual(['ACN-B3', 'Binding prohibition', 'No harm to emergency response teams']);
  });
});

describe('traceView', () => {
  const trace = traceView(assessment().evaluation.verdicts[0]!);

  it('keeps each step\'s depth and outcome, and pairs fields with their values', () => {
    expect(trace.stages).toBe('applies: true · attributed: false · bound: true · breached: true');
    expect(trace.lines[0]).toEqual({
      depth: 0,
      step: 'adherence: no state attribution: assessed as the norm would bind a party',
      outcome: 'true',
      detail: '/attributions = no state; /times/start = 2024-02-12; /times/precision = day',
    });
    expect(trace.lines.map((line) => line.depth)).toEqual([0, 0, 1, 2, 3, 4, 0, 1, 2]);
    expect(trace.lines[3]?.detail).toBe('field /affected_entities/0');
    expect(trace.lines[6]).toEqual({ depth: 0, step: 'attributed when', outcome: 'false', detail: '' });
  });

  it('lists fields and values apart when they do not pair', () => {
    const step = { depth: 0, step: 'conduct breaching a norm', outcome: 'true', fields: [], values: ['ACN-B1', 'ACN-B4'] };
    const norm = { ...assessment().evaluation.verdicts[0]!, trace: [step] };
    expect(traceView(norm).lines[0]?.detail).toBe('values ACN-B1, ACN-B4');
  });
});

describe('reportPageView when the node withholds the breakdown (403)', () => {
  it('keeps today\'s table and says why in the note', async () => {
    const state = await forbidden();
    expect(state.kind).toBe('withheld');
    const view = reportPageView(parsed(PUBLIC_REPORT), {}, state);
    expect(view.severityBreakdown).toBe(false);
    expect(view.severity.map((row) => [row.dimension, row.weight, row.input])).toEqual(
      reportPageView(parsed(PUBLIC_REPORT)).severity.map((row) => [row.dimension, row.weight, row.input]),
    );
    expect(view.severity.every((row) => row.points === undefined && row.contribution === undefined)).toBe(true);
    expect(view.severityNote).toMatch(/This report has fields above TLP:CLEAR, so only its level is public/);
    expect(view.severityNote).toMatch(/Signed-in parties who may read the report see its score in the report itself\.$/);
    expect(view.verdictNote).toMatch(/not public for this report: it has fields above TLP:CLEAR/);
    expect(view.traces).toEqual([]);
    expect(view.assessmentNotice).toBeUndefined();
    expect(view.assessment).toBe('withheld');
  });

  it('keeps the signed-in reader\'s score and per-norm verdicts', async () => {
    const view = reportPageView(parsed(FULL_REPORT), { 'ACN-B1': 'binding' }, await forbidden());
    expect(view.severity.map((row) => row.dimension).slice(-3)).toEqual(['Level', 'Score', 'Methodology']);
    expect(view.severityNote).toMatch(/see its score in the report itself \(as shown here\)\.$/);
    expect(view.verdicts).toHaveLength(9);
  });
});

describe('reportPageView before and without the assessment', () => {
  it('says it is loading until the node answers', () => {
    const view = reportPageView(parsed(PUBLIC_REPORT));
    expect(view.assessment).toBe('loading');
    expect(view.severityNote).toMatch(/Loading the node\'s breakdown/);
    expect(view.verdictNote).toMatch(/Loading the evaluation traces/);
  });

  it('shows why the breakdown could not be loaded', () => {
    const view = reportPageView(parsed(PUBLIC_REPORT), {}, { kind: 'failed', reason: '/v1/reports/x/assessment: HTTP 503' });
    expect(view.severityBreakdown).toBe(false);
    expect(view.severityNote).toMatch(/could not be loaded: \/v1\/reports\/x\/assessment: HTTP 503\.$/);
    expect(view.verdictNote).toMatch(/could not be loaded: \/v1\/reports\/x\/assessment: HTTP 503\.$/);
  });
});
