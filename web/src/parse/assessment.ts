// Parser of GET /v1/reports/{id}/assessment: the node's severity breakdown
// (each factor's weight, points and contribution, and how a missing factor was
// scored) and its norms evaluation (each norm's verdict with its trace, the
// norms that did not apply, the summary per layer).

import type { Parser } from '../api';
import { array, boolean, fail, integer, nullableString, object, parser, string } from './shape';

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
