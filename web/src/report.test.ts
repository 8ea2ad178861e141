import { describe, expect, it } from 'vitest';
import { parseReportView, type ReportView } from './parse';
import { isCommitment, reportPageView, severityRows, showValue } from './report';
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
