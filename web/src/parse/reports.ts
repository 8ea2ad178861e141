// Parsers of the report answers: GET /v1/reports (the list and its envelopes),
// GET /v1/reports/{id} (the report view), the receipt of POST /v1/reports, and
// GET /v1/statistics (counts of reports by group).

import type { Parser } from '../api';
import { array, boolean, integer, nullableString, object, optionalString, parser, string, strings, type Json } from './shape';

export type SeverityLevel = 'baseline' | 'low' | 'medium' | 'high' | 'severe' | 'emergency';
export const SEVERITY_LEVELS: readonly SeverityLevel[] = ['baseline', 'low', 'medium', 'high', 'severe', 'emergency'];

/** The statistical envelope of a public form (schema Envelope). */
export interface Envelope {
  month?: string;
  year?: string;
  affected_states?: string[];
  sectors?: string[];
  reporter_kind?: string;
  exercise?: boolean;
  severity_level?: string;
  verdict_summary?: string;
}

function envelope(value: unknown, path: string): Envelope {
  const fields = object(value, path);
  const result: Envelope = {};
  const month = optionalString(fields['month'], `${path}.month`);
  if (month !== undefined) result.month = month;
  const year = optionalString(fields['year'], `${path}.year`);
  if (year !== undefined) result.year = year;
  if (fields['affected_states'] !== undefined) {
    result.affected_states = strings(fields['affected_states'], `${path}.affected_states`);
  }
  if (fields['sectors'] !== undefined) result.sectors = strings(fields['sectors'], `${path}.sectors`);
  const kind = optionalString(fields['reporter_kind'], `${path}.reporter_kind`);
  if (kind !== undefined) result.reporter_kind = kind;
  if (fields['exercise'] !== undefined) result.exercise = boolean(fields['exercise'], `${path}.exercise`);
  const level = optionalString(fields['severity_level'], `${path}.severity_level`);
  if (level !== undefined) result.severity_level = level;
  const verdict = optionalString(fields['verdict_summary'], `${path}.verdict_summary`);
  if (verdict !== undefined) result.verdict_summary = verdict;
  return result;
}

/** One item of GET /v1/reports (schema ReportSummary). */
export interface ReportSummary {
  id: string;
  version: number;
  withdrawn: boolean;
  submitted_at: string;
  log_index: number;
  envelope: Envelope;
  title?: string;
}

export interface ReportList {
  items: ReportSummary[];
  next_cursor: string | null;
}

export const parseReportList: Parser<ReportList> = parser('report list', (body) => {
  const fields = object(body, 'body');
  const items = array(fields['items'], 'items').map((raw, i): ReportSummary => {
    const path = `items[${i}]`;
    const item = object(raw, path);
    const summary: ReportSummary = {
      id: string(item['id'], `${path}.id`),
      version: integer(item['version'], `${path}.version`),
      withdrawn: boolean(item['withdrawn'], `${path}.withdrawn`),
      submitted_at: string(item['submitted_at'], `${path}.submitted_at`),
      log_index: integer(item['log_index'], `${path}.log_index`),
      envelope: envelope(item['envelope'], `${path}.envelope`),
    };
    const title = optionalString(item['title'], `${path}.title`);
    if (title !== undefined) summary.title = title;
    return summary;
  });
  const cursor = fields['next_cursor'];
  return { items, next_cursor: typeof cursor === 'string' ? cursor : null };
});

/** The severity a full reader gets (schema Severity). */
export interface Severity {
  methodology_version: string;
  score: number;
  level: string;
  confidence: string;
  range: { low: number; high: number };
}

export interface Verdict {
  norm: string;
  verdict: string;
}

export interface VerdictSummary {
  binding: string | null;
  voluntary: string | null;
  cbm: string | null;
}

/** GET /v1/reports/{id} (schema ReportView). `public_form` is kept as JSON: its members vary. */
export interface ReportView {
  id: string;
  version: number;
  withdrawn: boolean;
  submitted_at: string;
  updated_at: string;
  log_index: number;
  access: string;
  public_form: Json;
  severity?: Severity;
  verdicts?: Verdict[];
  verdict_summary?: VerdictSummary;
}



export const parseReportView: Parser<ReportView> = parser('report', (body) => {
  const fields = object(body, 'body');
  const view: ReportView = {
    id: string(fields['id'], 'id'),
    version: integer(fields['version'], 'version'),
    withdrawn: boolean(fields['withdrawn'], 'withdrawn'),
    submitted_at: string(fields['submitted_at'], 'submitted_at'),
    updated_at: string(fields['updated_at'], 'updated_at'),
    log_index: integer(fields['log_index'], 'log_index'),
    access: string(fields['access'], 'access'),
    public_form: object(fields['public_form'], 'public_form'),
  };
  envelope(view.public_form['envelope'], 'public_form.envelope');
  if (fields['severity'] !== undefined) {
    const severity = object(fields['severity'], 'severity');
    const range = object(severity['range'], 'severity.range');
    view.severity = {
      methodology_version: string(severity['methodology_version'], 'severity.methodology_version'),
      score: integer(severity['score'], 'severity.score'),
      level: string(severity['level'], 'severity.level'),
      confidence: string(severity['confidence'], 'severity.confidence'),
      range: { low: integer(range['low'], 'severity.range.low'), high: integer(range['high'], 'severity.range.high') },
    };
  }
  if (fields['verdicts'] !== undefined) {
    view.verdicts = array(fields['verdicts'], 'verdicts').map((raw, i) => {
      const item = object(raw, `verdicts[${i}]`);
      return { norm: string(item['norm'], `verdicts[${i}].norm`), verdict: string(item['verdict'], `verdicts[${i}].verdict`) };
    });
  }
  if (fields['verdict_summary'] !== undefined) {
    const summary = object(fields['verdict_summary'], 'verdict_summary');
    view.verdict_summary = {
      binding: nullableString(summary['binding'], 'verdict_summary.binding'),
      voluntary: nullableString(summary['voluntary'], 'verdict_summary.voluntary'),
      cbm: nullableString(summary['cbm'], 'verdict_summary.cbm'),
    };
  }
  return view;
});

/** The envelope of a report view's public form (checked by parseReportView). */
export function reportEnvelope(view: ReportView): Envelope {
  return envelope(view.public_form['envelope'], 'public_form.envelope');
}

/** The answer to POST /v1/reports (schema SubmitReceipt), the parts the form shows. */
export interface SubmitReceipt {
  id: string;
  version: number;
  log_index: number;
  tree_size: number;
  root_hash: string;
  severity_level?: string;
}

export const parseSubmitReceipt: Parser<SubmitReceipt> = parser('receipt', (body) => {
  const fields = object(body, 'body');
  const receipt: SubmitReceipt = {
    id: string(fields['id'], 'id'),
    version: integer(fields['version'], 'version'),
    log_index: integer(fields['log_index'], 'log_index'),
    tree_size: integer(fields['tree_size'], 'tree_size'),
    root_hash: string(fields['root_hash'], 'root_hash'),
  };
  if (typeof fields['severity'] === 'object' && fields['severity'] !== null) {
    const level = (fields['severity'] as Json)['level'];
    if (typeof level === 'string') receipt.severity_level = level;
  }
  return receipt;
});

// --------------------------------------------------------- statistics

export interface StatisticsGroup {
  key: string;
  count: number;
}

/** GET /v1/statistics (schema Statistics). */
export interface Statistics {
  group_by: string;
  tree_size: number;
  groups: StatisticsGroup[];
  total: number;
  withheld: StatisticsGroup[];
}

export const parseStatistics: Parser<Statistics> = parser('statistics', (body) => {
  const fields = object(body, 'body');
  const groups = (name: string, key: string): StatisticsGroup[] =>
    array(fields[name], name).map((raw, i) => {
      const item = object(raw, `${name}[${i}]`);
      return { key: string(item[key], `${name}[${i}].${key}`), count: integer(item['count'], `${name}[${i}].count`) };
    });
  return {
    group_by: string(fields['group_by'], 'group_by'),
    tree_size: integer(fields['tree_size'], 'tree_size'),
    groups: groups('groups', 'key'),
    total: integer(fields['total'], 'total'),
    withheld: groups('withheld', 'month'),
  };
});
