// Parsers of the node's JSON answers (docs/api/openapi.yaml, components.schemas).
// Each checks what the dashboard reads and returns a typed value or the first
// thing that is wrong, named by its JSON path ("items[3].id: not a string"):
// a page then shows "the node's answer is malformed, here" instead of drawing
// nonsense. Members the dashboard does not read are not checked, so the node
// may add members without breaking the page. No DOM: tested under vitest.

import type { Parser } from './api';

/** Thrown inside a parser only, caught by `parser()`: never escapes this module. */
class ShapeError extends Error {}

type Json = Record<string, unknown>;

function fail(path: string, why: string): never {
  throw new ShapeError(`${path}: ${why}`);
}

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'not a JSON object');
  return value as Json;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'not an array');
  return value;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, value === undefined ? 'missing' : 'not a string');
  return value;
}

function integer(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    fail(path, value === undefined ? 'missing' : 'not an integer');
  }
  return value;
}

function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, value === undefined ? 'missing' : 'not a boolean');
  return value;
}

function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : string(value, path);
}

function strings(value: unknown, path: string): string[] {
  return array(value, path).map((item, i) => string(item, `${path}[${i}]`));
}

/** Wraps a throwing shape check as a `Parser`; `what` prefixes the reason. */
function parser<T>(what: string, check: (body: unknown) => T): Parser<T> {
  return (body) => {
    try {
      return { ok: true, value: check(body) };
    } catch (error) {
      if (error instanceof ShapeError) return { ok: false, reason: `${what}: ${error.message}` };
      throw error;
    }
  };
}

// ------------------------------------------------------------ reports

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

function nullableString(value: unknown, path: string): string | null {
  return value === null || value === undefined ? null : string(value, path);
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

// --------------------------------------------------------- assessment

/** One factor of the severity methodology as the node scored it (docs/methodology.md section 3). */
export interface SeverityFactor {
  factor: string;
  weight: number;
  /** 0..1000. */
  points: number;
  /** weight × points ÷ 100, as the node writes it ("160.0"); the score is their sum. */
  contribution: string;
  /** The report leaves this factor's field out: scored at the methodology's default. */
  missing: boolean;
}

/** A factor the report leaves out, the field it would read, and how it was scored instead. */
export interface MissingFactor {
  factor: string;
  field: string;
  treatment: string;
}

export interface SeverityBreakdown {
  methodology_version: string;
  score: number;
  level: string;
  score_min: number;
  score_max: number;
  confidence: string;
  factors: SeverityFactor[];
  missing: MissingFactor[];
}

/** One step of a norm's evaluation; `depth` nests it under the step before it of smaller depth. */
export interface TraceStep {
  depth: number;
  step: string;
  outcome: string;
  fields: string[];
  values: string[];
}

export interface NormVerdictTrace {
  norm: string;
  layer: string;
  title: string;
  verdict: string;
  /** The evaluation's stages (applies, attributed, bound, breached) and their outcomes. */
  steps: Record<string, string>;
  trace: TraceStep[];
}

export interface NormNotApplied {
  norm: string;
  layer: string;
  title: string;
  reason: string;
}

export interface LayerSummary {
  layer: string;
  verdict: string | null;
  no_violations: number;
  potential_violations: number;
  insufficient_information: number;
  not_applied: number;
}

export interface NormsEvaluation {
  verdicts: NormVerdictTrace[];
  not_applied: NormNotApplied[];
  summaries: LayerSummary[];
  /** The engine's own words that this is an assessment, not a finding. */
  assessment_notice?: string;
}

export interface Assessment {
  id: string;
  version: number;
  severity: SeverityBreakdown;
  evaluation: NormsEvaluation;
}

// Unlike array(), says "missing" for an absent list, as the assessment's
// messages always have ("assessment: evaluation.verdicts: missing").
function list(value: unknown, path: string): unknown[] {
  if (value === undefined) fail(path, 'missing');
  return array(value, path);
}

// Trace values are mostly strings; a number or boolean is shown as written.
function scalars(value: unknown, path: string): string[] {
  if (value === undefined) return [];
  return list(value, path).map((item, i) =>
    typeof item === 'string' ? item : typeof item === 'number' || typeof item === 'boolean' ? String(item) : fail(`${path}[${i}]`, 'not a string'));
}

function traceSteps(value: unknown, path: string): TraceStep[] {
  if (value === undefined) return [];
  return list(value, path).map((raw, i) => {
    const at = `${path}[${i}]`;
    const item = object(raw, at);
    const depth = integer(item['depth'], `${at}.depth`);
    if (depth < 0) fail(`${at}.depth`, 'negative');
    return {
      depth,
      step: string(item['step'], `${at}.step`),
      outcome: string(item['outcome'], `${at}.outcome`),
      fields: scalars(item['fields'], `${at}.fields`),
      values: scalars(item['values'], `${at}.values`),
    };
  });
}

/**
 * Checks a 200 answer of GET /v1/reports/{id}/assessment: the members the
 * report page shows. Fails naming the first wrong member
 * ("assessment: severity.factors[2].points: not an integer").
 */
export const parseAssessment: Parser<Assessment> = parser('assessment', (body) => {
  const fields = object(body, 'body');
  const severity = object(fields['severity'], 'severity');
  const evaluation = object(fields['evaluation'], 'evaluation');
  const breakdown: SeverityBreakdown = {
    methodology_version: string(severity['methodology_version'], 'severity.methodology_version'),
    score: integer(severity['score'], 'severity.score'),
    level: string(severity['level'], 'severity.level'),
    score_min: integer(severity['score_min'], 'severity.score_min'),
    score_max: integer(severity['score_max'], 'severity.score_max'),
    confidence: string(severity['confidence'], 'severity.confidence'),
    factors: list(severity['factors'], 'severity.factors').map((raw, i): SeverityFactor => {
      const at = `severity.factors[${i}]`;
      const item = object(raw, at);
      const contribution = item['contribution'];
      const missing = boolean(item['missing'], `${at}.missing`);
      return {
        factor: string(item['factor'], `${at}.factor`),
        weight: integer(item['weight'], `${at}.weight`),
        points: integer(item['points'], `${at}.points`),
        contribution: typeof contribution === 'number' ? String(contribution) : string(contribution, `${at}.contribution`),
        missing,
      };
    }),
    missing: list(severity['missing'], 'severity.missing').map((raw, i): MissingFactor => {
      const at = `severity.missing[${i}]`;
      const item = object(raw, at);
      return {
        factor: string(item['factor'], `${at}.factor`),
        field: string(item['field'], `${at}.field`),
        treatment: string(item['treatment'], `${at}.treatment`),
      };
    }),
  };
  const notice = evaluation['assessment_notice'];
  const normsEvaluation: NormsEvaluation = {
    verdicts: list(evaluation['verdicts'], 'evaluation.verdicts').map((raw, i): NormVerdictTrace => {
      const at = `evaluation.verdicts[${i}]`;
      const item = object(raw, at);
      const steps: Record<string, string> = {};
      if (item['steps'] !== undefined) {
        for (const [name, value] of Object.entries(object(item['steps'], `${at}.steps`))) steps[name] = String(value);
      }
      return {
        norm: string(item['norm'], `${at}.norm`),
        layer: string(item['layer'], `${at}.layer`),
        title: string(item['title'], `${at}.title`),
        verdict: string(item['verdict'], `${at}.verdict`),
        steps,
        trace: traceSteps(item['trace'], `${at}.trace`),
      };
    }),
    not_applied: (evaluation['not_applied'] === undefined ? [] : list(evaluation['not_applied'], 'evaluation.not_applied')).map(
      (raw, i): NormNotApplied => {
        const at = `evaluation.not_applied[${i}]`;
        const item = object(raw, at);
        return {
          norm: string(item['norm'], `${at}.norm`),
          layer: string(item['layer'], `${at}.layer`),
          title: string(item['title'], `${at}.title`),
          reason: string(item['reason'], `${at}.reason`),
        };
      },
    ),
    summaries: (evaluation['summaries'] === undefined ? [] : list(evaluation['summaries'], 'evaluation.summaries')).map(
      (raw, i): LayerSummary => {
        const at = `evaluation.summaries[${i}]`;
        const item = object(raw, at);
        return {
          layer: string(item['layer'], `${at}.layer`),
          verdict: nullableString(item['verdict'], `${at}.verdict`),
          no_violations: integer(item['no_violations'], `${at}.no_violations`),
          potential_violations: integer(item['potential_violations'], `${at}.potential_violations`),
          insufficient_information: integer(item['insufficient_information'], `${at}.insufficient_information`),
          not_applied: integer(item['not_applied'], `${at}.not_applied`),
        };
      },
    ),
  };
  if (typeof notice === 'string' && notice !== '') normsEvaluation.assessment_notice = notice;
  return {
    id: string(fields['id'], 'id'),
    version: integer(fields['version'], 'version'),
    severity: breakdown,
    evaluation: normsEvaluation,
  };
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

// -------------------------------------------------------------- norms

export interface Norm {
  id: string;
  layer: string;
  title: string;
  basis?: string;
  text?: string;
}

export interface NormList {
  version: string;
  norms: Norm[];
}

export const parseNormList: Parser<NormList> = parser('norms', (body) => {
  const fields = object(body, 'body');
  const norms = array(fields['norms'], 'norms').map((raw, i): Norm => {
    const path = `norms[${i}]`;
    const item = object(raw, path);
    const norm: Norm = {
      id: string(item['id'], `${path}.id`),
      layer: string(item['layer'], `${path}.layer`),
      title: string(item['title'], `${path}.title`),
    };
    const basis = optionalString(item['basis'], `${path}.basis`);
    if (basis !== undefined) norm.basis = basis;
    const text = optionalString(item['text'], `${path}.text`);
    if (text !== undefined) norm.text = text;
    return norm;
  });
  return { version: string(fields['version'], 'version'), norms };
});

// ----------------------------------------------------------- contacts

/** One point of contact's public part (schema PointOfContact). */
export interface Contact {
  party: string;
  organisation: string;
  role: string;
  languages: string[];
  hours: string;
  updated_at: string;
}

export const parseContactList: Parser<Contact[]> = parser('contacts', (body) => {
  const fields = object(body, 'body');
  return array(fields['items'], 'items').map((raw, i) => {
    const path = `items[${i}]`;
    const item = object(raw, path);
    const part = object(item['public'], `${path}.public`);
    return {
      party: string(item['party'], `${path}.party`),
      organisation: string(part['organisation'], `${path}.public.organisation`),
      role: string(part['role'], `${path}.public.role`),
      languages: strings(part['languages'], `${path}.public.languages`),
      hours: string(part['hours'], `${path}.public.hours`),
      updated_at: string(item['updated_at'], `${path}.updated_at`),
    };
  });
});

/** One party of the directory (schema Party), the public part. */
export interface Party {
  id: string;
  kind: string;
  name: string;
  state?: string;
  status: string;
}

export const parsePartyList: Parser<Party[]> = parser('parties', (body) => {
  const fields = object(body, 'body');
  return array(fields['items'], 'items').map((raw, i) => {
    const path = `items[${i}]`;
    const item = object(raw, path);
    const party: Party = {
      id: string(item['id'], `${path}.id`),
      kind: string(item['kind'], `${path}.kind`),
      name: string(item['name'], `${path}.name`),
      status: string(item['status'], `${path}.status`),
    };
    const state = optionalString(item['state'], `${path}.state`);
    if (state !== undefined) party.state = state;
    return party;
  });
});

// -------------------------------------------------------------- cases

/** A case's public form (schema Case), the parts the dashboard lists. */
export interface Case {
  id: string;
  stage: string;
  filer_kind: string;
  filer_state?: string;
  accused_state: string;
  filed_at: string;
  exercise: boolean;
  reports: string[];
  findings: number;
}

export const parseCaseList: Parser<Case[]> = parser('cases', (body) => {
  const fields = object(body, 'body');
  return array(fields['items'], 'items').map((raw, i) => {
    const path = `items[${i}]`;
    const item = object(raw, path);
    const parties = object(item['parties'], `${path}.parties`);
    const result: Case = {
      id: string(item['id'], `${path}.id`),
      stage: string(item['stage'], `${path}.stage`),
      filer_kind: string(parties['filer_kind'], `${path}.parties.filer_kind`),
      accused_state: string(parties['accused_state'], `${path}.parties.accused_state`),
      filed_at: string(item['filed_at'], `${path}.filed_at`),
      exercise: boolean(item['exercise'], `${path}.exercise`),
      reports: strings(item['reports'], `${path}.reports`),
      findings: array(item['findings'], `${path}.findings`).length,
    };
    const filerState = optionalString(parties['filer_state'], `${path}.parties.filer_state`);
    if (filerState !== undefined) result.filer_state = filerState;
    return result;
  });
});

/** GET /v1/cases/statistics (schema CaseStatistics). */
export interface CaseStatistics {
  cases: number;
  attrition: { stage: string; reason: string; cases: number }[];
}

export const parseCaseStatistics: Parser<CaseStatistics> = parser('case statistics', (body) => {
  const fields = object(body, 'body');
  return {
    cases: integer(fields['cases'], 'cases'),
    attrition: array(fields['attrition'], 'attrition').map((raw, i) => {
      const item = object(raw, `attrition[${i}]`);
      return {
        stage: string(item['stage'], `attrition[${i}].stage`),
        reason: string(item['reason'], `attrition[${i}].reason`),
        cases: integer(item['cases'], `attrition[${i}].cases`),
      };
    }),
  };
});

/** One state's standing (schema StandingItem), the parts shown. */
export interface Standing {
  state: string;
  name: string;
  standing: string;
  open_cases: number;
  violation_findings: number;
}

export interface StandingList {
  as_of: string;
  items: Standing[];
}

export const parseStandingList: Parser<StandingList> = parser('standing', (body) => {
  const fields = object(body, 'body');
  return {
    as_of: string(fields['as_of'], 'as_of'),
    items: array(fields['items'], 'items').map((raw, i) => {
      const path = `items[${i}]`;
      const item = object(raw, path);
      return {
        state: string(item['state'], `${path}.state`),
        name: string(item['name'], `${path}.name`),
        standing: string(item['standing'], `${path}.standing`),
        open_cases: integer(item['open_cases'], `${path}.open_cases`),
        violation_findings: integer(item['violation_findings'], `${path}.violation_findings`),
      };
    }),
  };
});

// ---------------------------------------------------------------- log

/** GET /v1/log/proofs/inclusion (schema InclusionProof). Hashes stay base64 here. */
export interface InclusionProof {
  index: number;
  tree_size: number;
  leaf_hash: string;
  root_hash: string;
  proof: string[];
}

export const parseInclusionProof: Parser<InclusionProof> = parser('inclusion proof', (body) => {
  const fields = object(body, 'body');
  if (fields['type'] !== 'inclusion') fail('type', 'not "inclusion"');
  return {
    index: integer(fields['index'], 'index'),
    tree_size: integer(fields['tree_size'], 'tree_size'),
    leaf_hash: string(fields['leaf_hash'], 'leaf_hash'),
    root_hash: string(fields['root_hash'], 'root_hash'),
    proof: strings(fields['proof'], 'proof'),
  };
});

// ------------------------------------------------------- transparency

/** GET /v1/transparency/reports. */
export interface TransparencyIndex {
  origin: string;
  tree_size: number;
  years: number[];
}

export const parseTransparencyIndex: Parser<TransparencyIndex> = parser('transparency index', (body) => {
  const fields = object(body, 'body');
  return {
    origin: string(fields['origin'], 'origin'),
    tree_size: integer(fields['tree_size'], 'tree_size'),
    years: array(fields['years'], 'years').map((year, i) => integer(year, `years[${i}]`)),
  };
});

/** A figure table: figure name -> integer (docs/transparency.md "The figures"). */
export type Figures = Record<string, number>;

/** GET /v1/transparency/reports/{year}?format=json (schema accord.transparency-report/1). */
export interface TransparencyReport {
  year: number;
  state: string | null;
  checkpoint: { origin: string; tree_size: number; root_hash: string };
  as_of: string;
  global: Figures;
  states: Record<string, Figures>;
}

function figures(value: unknown, path: string): Figures {
  const fields = object(value, path);
  const result: Figures = {};
  for (const [name, count] of Object.entries(fields)) result[name] = integer(count, `${path}.${name}`);
  return result;
}

export const parseTransparencyReport: Parser<TransparencyReport> = parser('transparency report', (body) => {
  const fields = object(body, 'body');
  const checkpoint = object(fields['checkpoint'], 'checkpoint');
  const figureTables = object(fields['figures'], 'figures');
  const states: Record<string, Figures> = {};
  for (const [code, table] of Object.entries(object(figureTables['states'] ?? {}, 'figures.states'))) {
    states[code] = figures(table, `figures.states.${code}`);
  }
  return {
    year: integer(fields['year'], 'year'),
    state: nullableString(fields['state'], 'state'),
    checkpoint: {
      origin: string(checkpoint['origin'], 'checkpoint.origin'),
      tree_size: integer(checkpoint['tree_size'], 'checkpoint.tree_size'),
      root_hash: string(checkpoint['root_hash'], 'checkpoint.root_hash'),
    },
    as_of: string(fields['as_of'], 'as_of'),
    global: figures(figureTables['global'], 'figures.global'),
    states,
  };
});
