// Typed access to an accord node's public HTTP API. The dashboard uses nothing
// else: it is served by the node itself, so every path here is same-origin
// (in development Vite proxies /healthz and /v1 to a local node, see
// vite.config.ts). Every call resolves to an `ApiResult` instead of throwing,
// so a view shows an unreachable node with its reason rather than breaking.
// Nothing here touches the DOM: it runs as is under vitest in Node.

import {
  parseAssessment,
  parseCaseList,
  parseCaseStatistics,
  parseContactList,
  parseInclusionProof,
  parseNormList,
  parsePartyList,
  parseReportList,
  parseReportView,
  parseStandingList,
  parseStatistics,
  parseSubmitReceipt,
  parseTransparencyIndex,
  parseTransparencyReport,
  type Assessment,
  type Case,
  type CaseStatistics,
  type Contact,
  type InclusionProof,
  type NormList,
  type Party,
  type ReportList,
  type ReportView,
  type StandingList,
  type Statistics,
  type SubmitReceipt,
  type TransparencyIndex,
  type TransparencyReport,
} from './parse';

/** A value, or the reason there is none, in words a reader can act on. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Checks a decoded JSON body and returns the typed value or what is wrong with it. */
export type Parser<T> = (body: unknown) => ApiResult<T>;

/** The slice of `fetch` the client uses; tests pass a fake. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface RequestOptions {
  fetch?: FetchLike;
  /** Abandon the request after this long; defaults to REQUEST_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Extra request headers (e.g. Authorization for a signed-in reader). */
  headers?: Record<string, string>;
}

/**
 * A request that takes longer than this counts as "unreachable". It stays
 * well under the dashboard's 10 s refresh so that checks never pile up.
 */
export const REQUEST_TIMEOUT_MS = 5000;

/** GET /healthz. Only `status` is required; the server may add or omit the rest. */
export interface Health {
  status: string;
  version?: string;
  node?: string;
  uptime_seconds?: number;
  started_at?: string;
  log_origin?: string;
  public_key?: string;
}

const OPTIONAL_STRING_FIELDS = ['version', 'node', 'started_at', 'log_origin', 'public_key'] as const;

/**
 * Validates a /healthz body. Fails if the body is not a JSON object or
 * `status` is not a non-empty string. An optional field of the wrong type is
 * dropped rather than failing the whole answer: a node that answers is up,
 * and the page should say so even if one detail is malformed.
 */
export function parseHealth(body: unknown): ApiResult<Health> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, reason: 'health: body is not a JSON object' };
  }
  const fields = body as Record<string, unknown>;
  const status = fields['status'];
  if (typeof status !== 'string' || status.trim() === '') {
    const why = status === undefined ? 'missing' : 'not a non-empty string';
    return { ok: false, reason: `health: field "status": ${why}` };
  }
  const health: Health = { status };
  for (const name of OPTIONAL_STRING_FIELDS) {
    const value = fields[name];
    if (typeof value === 'string' && value !== '') health[name] = value;
  }
  const uptime = fields['uptime_seconds'];
  if (typeof uptime === 'number' && Number.isFinite(uptime) && uptime >= 0) {
    health.uptime_seconds = Math.floor(uptime);
  }
  return { ok: true, value: health };
}

/** GET /healthz on the node that served the page. */
export function fetchHealth(options: RequestOptions = {}): Promise<ApiResult<Health>> {
  return getJson('/healthz', parseHealth, options);
}

/**
 * GETs `path` and parses its JSON body with `parse`. Fails, with a reason
 * naming the path, on a network error, a timeout, a status other than 200,
 * a body that is not JSON, or a body `parse` rejects. For a non-200 answer in
 * RFC 9457 problem+json form the problem's `detail` (or `title`) is added.
 */
export async function getJson<T>(
  path: string,
  parse: Parser<T>,
  options: RequestOptions = {},
): Promise<ApiResult<T>> {
  const answer = await request(path, { headers: { Accept: 'application/json' } }, options);
  if (!answer.ok) return answer;
  if (answer.value.status !== 200) return { ok: false, reason: statusReason(path, answer.value) };
  let body: unknown;
  try {
    body = JSON.parse(answer.value.text);
  } catch {
    return { ok: false, reason: `${path}: answer is not JSON` };
  }
  const parsed = parse(body);
  return parsed.ok ? parsed : { ok: false, reason: `${path}: ${parsed.reason}` };
}

/** GETs `path` as text (the log's checkpoint and verifier key are text/plain). */
export async function getText(path: string, options: RequestOptions = {}): Promise<ApiResult<string>> {
  const answer = await request(path, { headers: { Accept: 'text/plain' } }, options);
  if (!answer.ok) return answer;
  if (answer.value.status !== 200) return { ok: false, reason: statusReason(path, answer.value) };
  return { ok: true, value: answer.value.text };
}

/** GETs `path` as raw bytes (a log entry, exactly as it was hashed into the tree). */
export async function getBytes(path: string, options: RequestOptions = {}): Promise<ApiResult<Uint8Array>> {
  const answer = await request(path, { headers: { Accept: 'application/octet-stream' } }, options, true);
  if (!answer.ok) return answer;
  if (answer.value.status !== 200) return { ok: false, reason: statusReason(path, answer.value) };
  return { ok: true, value: answer.value.bytes ?? new Uint8Array() };
}

/** One `errors[]` item of a problem: which field (RFC 6901 pointer) and what is wrong with it. */
export interface FieldError {
  pointer: string;
  detail: string;
}

/** The parts of an RFC 9457 problem the dashboard shows. */
export interface Problem {
  status: number;
  title: string;
  detail?: string;
  errors: FieldError[];
}

/** The answer to a POST: the created thing, or why not (with the problem when the node sent one). */
export type PostResult<T> = { ok: true; value: T } | { ok: false; reason: string; problem?: Problem };

/**
 * POSTs `body` as JSON to `path` with `Authorization: Bearer token`, and
 * parses a 200 or 201 answer with `parse`. Any other status fails with the
 * problem the node sent (its field errors included), so a form can show each
 * error beside its field.
 */
export async function postJson<T>(
  path: string,
  body: unknown,
  token: string,
  parse: Parser<T>,
  options: RequestOptions = {},
): Promise<PostResult<T>> {
  const answer = await request(
    path,
    {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    },
    options,
  );
  if (!answer.ok) return answer;
  const { status, text } = answer.value;
  if (status !== 200 && status !== 201) {
    const problem = parseProblem(text, status);
    const result: PostResult<T> = { ok: false, reason: statusReason(path, answer.value) };
    if (problem !== undefined) result.problem = problem;
    return result;
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch {
    return { ok: false, reason: `${path}: answer is not JSON` };
  }
  const parsed = parse(decoded);
  return parsed.ok ? parsed : { ok: false, reason: `${path}: ${parsed.reason}` };
}

/** Reads a problem+json body; undefined when `text` is not one. */
export function parseProblem(text: string, status: number): Problem | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) return undefined;
  const fields = decoded as Record<string, unknown>;
  const title = typeof fields['title'] === 'string' ? fields['title'] : `HTTP ${status}`;
  const problem: Problem = { status, title, errors: [] };
  if (typeof fields['detail'] === 'string' && fields['detail'] !== '') problem.detail = fields['detail'];
  const errors = fields['errors'];
  if (Array.isArray(errors)) {
    for (const item of errors) {
      if (typeof item !== 'object' || item === null) continue;
      const { pointer, detail } = item as Record<string, unknown>;
      if (typeof pointer === 'string' && typeof detail === 'string') problem.errors.push({ pointer, detail });
    }
  }
  return problem;
}

interface Answer {
  status: number;
  statusText: string;
  text: string;
  bytes?: Uint8Array;
}

// The one place that calls fetch: timeout, network errors and reading the body.
async function request(
  path: string,
  init: RequestInit,
  options: RequestOptions,
  binary = false,
): Promise<ApiResult<Answer>> {
  const fetchImpl = options.fetch ?? ((input, requestInit) => fetch(input, requestInit));
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let response: Response;
    try {
      const headers = { ...(init.headers as Record<string, string> | undefined), ...options.headers };
      response = await fetchImpl(path, { ...init, headers, cache: 'no-store', signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) {
        return { ok: false, reason: `${path}: no answer within ${formatDuration(timeoutMs)}` };
      }
      return { ok: false, reason: `${path}: network error: ${describeError(error)}` };
    }
    try {
      if (binary && response.status === 200) {
        const bytes = new Uint8Array(await response.arrayBuffer());
        return { ok: true, value: { status: response.status, statusText: response.statusText, text: '', bytes } };
      }
      const text = await response.text();
      return { ok: true, value: { status: response.status, statusText: response.statusText, text } };
    } catch (error) {
      if (controller.signal.aborted) {
        return { ok: false, reason: `${path}: no answer within ${formatDuration(timeoutMs)}` };
      }
      return { ok: false, reason: `${path}: reading the answer failed: ${describeError(error)}` };
    }
  } finally {
    clearTimeout(timer);
  }
}

function statusReason(path: string, answer: Answer): string {
  const statusLine = `HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}`;
  const problem = problemSummary(answer.text);
  return `${path}: ${statusLine}${problem ? `: ${problem}` : ''}`;
}

// Problem details (RFC 9457 section 3.1) are how the node explains an error;
// `detail` is specific to this occurrence, `title` only to its kind.
function problemSummary(text: string): string | undefined {
  try {
    const problem: unknown = JSON.parse(text);
    if (typeof problem !== 'object' || problem === null) return undefined;
    const { detail, title } = problem as Record<string, unknown>;
    if (typeof detail === 'string' && detail !== '') return detail;
    if (typeof title === 'string' && title !== '') return title;
  } catch {
    // Not JSON: the status line alone says enough.
  }
  return undefined;
}

function describeError(error: unknown): string {
  if (error instanceof Error && error.message !== '') return error.message;
  return String(error);
}

function formatDuration(milliseconds: number): string {
  return milliseconds < 1000 ? `${milliseconds} ms` : `${Math.round(milliseconds / 100) / 10} s`;
}

// ------------------------------------------------------------------------
// The typed reads and writes of each page. Parsers live in parse.ts.

/** A path with its query: `params` in insertion order, empty values left out. */
export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(name, String(value));
  }
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}

export interface ReportFilters {
  sector?: string;
  level?: string;
  state?: string;
}

/** GET /v1/reports with the registry's filters; `limit` at most 200 (the API's maximum). */
export function fetchReports(
  filters: ReportFilters,
  cursor?: string,
  options: RequestOptions = {},
): Promise<ApiResult<ReportList>> {
  const path = withQuery('/v1/reports', { ...filters, limit: 200, cursor });
  return getJson(path, parseReportList, options);
}

/** GET /v1/reports/{id}. With a token the node may give more than the public form (`access`). */
export function fetchReport(id: string, token?: string, options: RequestOptions = {}): Promise<ApiResult<ReportView>> {
  const path = `/v1/reports/${encodeURIComponent(id)}`;
  if (token === undefined) return getJson(path, parseReportView, options);
  return getJson(path, parseReportView, { ...options, headers: { Authorization: `Bearer ${token}` } });
}

export type StatisticsGroupBy = 'state' | 'sector' | 'level' | 'month' | 'verdict_summary' | 'reporter_kind';

/** GET /v1/statistics?group_by=... */
export function fetchStatistics(groupBy: StatisticsGroupBy, options: RequestOptions = {}): Promise<ApiResult<Statistics>> {
  return getJson(withQuery('/v1/statistics', { group_by: groupBy }), parseStatistics, options);
}

export function fetchNorms(options: RequestOptions = {}): Promise<ApiResult<NormList>> {
  return getJson('/v1/norms', parseNormList, options);
}

export function fetchContacts(options: RequestOptions = {}): Promise<ApiResult<Contact[]>> {
  return getJson('/v1/contacts', parseContactList, options);
}

export function fetchParties(options: RequestOptions = {}): Promise<ApiResult<Party[]>> {
  return getJson('/v1/parties', parsePartyList, options);
}

export function fetchCases(options: RequestOptions = {}): Promise<ApiResult<Case[]>> {
  return getJson(withQuery('/v1/cases', { limit: 1000 }), parseCaseList, options);
}

export function fetchCaseStatistics(options: RequestOptions = {}): Promise<ApiResult<CaseStatistics>> {
  return getJson('/v1/cases/statistics', parseCaseStatistics, options);
}

export function fetchStanding(options: RequestOptions = {}): Promise<ApiResult<StandingList>> {
  return getJson('/v1/standing', parseStandingList, options);
}

/** GET /log/checkpoint: the signed note, as text. */
export function fetchCheckpoint(options: RequestOptions = {}): Promise<ApiResult<string>> {
  return getText('/log/checkpoint', options);
}

/** GET /log/vkey: the log's verifier key, as text. */
export function fetchVerifierKey(options: RequestOptions = {}): Promise<ApiResult<string>> {
  return getText('/log/vkey', options);
}

/** GET /v1/log/entries/{index}: the entry's exact bytes. */
export function fetchEntry(index: number, options: RequestOptions = {}): Promise<ApiResult<Uint8Array>> {
  return getBytes(`/v1/log/entries/${index}`, options);
}

/** GET /v1/log/proofs/inclusion?index=I&tree_size=N. */
export function fetchInclusionProof(
  index: number,
  treeSize: number,
  options: RequestOptions = {},
): Promise<ApiResult<InclusionProof>> {
  return getJson(withQuery('/v1/log/proofs/inclusion', { index, tree_size: treeSize }), parseInclusionProof, options);
}

export function fetchTransparencyIndex(options: RequestOptions = {}): Promise<ApiResult<TransparencyIndex>> {
  return getJson('/v1/transparency/reports', parseTransparencyIndex, options);
}

/** The node's URL of one year's transparency report in `format` (links and the JSON fetch share it). */
export function transparencyReportPath(year: number, format: 'json' | 'csv' | 'html', state?: string): string {
  return withQuery(`/v1/transparency/reports/${year}`, { format, state });
}

export function fetchTransparencyReport(
  year: number,
  state?: string,
  options: RequestOptions = {},
): Promise<ApiResult<TransparencyReport>> {
  return getJson(transparencyReportPath(year, 'json', state), parseTransparencyReport, options);
}

/** POST /v1/reports with `{"report": ...}`. */
export function submitReport(
  report: unknown,
  token: string,
  options: RequestOptions = {},
): Promise<PostResult<SubmitReceipt>> {
  return postJson('/v1/reports', { report }, token, parseSubmitReceipt, options);
}

// ------------------------------------------------------------------------
// GET /v1/reports/{id}/assessment: a report's severity breakdown and the norms
// engine's evaluation with its traces (docs/api/openapi.yaml, reportAssessment).
// Its parser is in parse.ts; the fetch is its own because the answer has three
// expected outcomes a page shows differently (200, 403, 404), not one.

/**
 * What GET /v1/reports/{id}/assessment gave: the breakdown; `withheld` (403:
 * the report holds fields above TLP:CLEAR, so the public may not read its
 * breakdown) with the node's detail; `not-found` (404); or `failed` with the
 * reason (network, timeout, another status, a malformed answer).
 */
export type AssessmentResult =
  | { kind: 'ready'; value: Assessment }
  | { kind: 'withheld'; detail: string }
  | { kind: 'not-found'; detail: string }
  | { kind: 'failed'; reason: string };

/**
 * The assessment answer is large (a real one is ~150 KB, mostly traces), so it
 * gets more time than the other reads.
 */
export const ASSESSMENT_TIMEOUT_MS = 15000;

/**
 * GET /v1/reports/{id}/assessment, without a token: the node serves the
 * breakdown only for a report the public reads whole, to anyone alike.
 * Never throws; see `AssessmentResult`.
 */
export async function fetchAssessment(id: string, options: RequestOptions = {}): Promise<AssessmentResult> {
  const path = `/v1/reports/${encodeURIComponent(id)}/assessment`;
  const answer = await request(path, { headers: { Accept: 'application/json' } },
    { timeoutMs: ASSESSMENT_TIMEOUT_MS, ...options });
  if (!answer.ok) return { kind: 'failed', reason: answer.reason };
  const { status, text } = answer.value;
  if (status === 403 || status === 404) {
    const problem = parseProblem(text, status);
    const detail = problem?.detail ?? problem?.title ?? `HTTP ${status}`;
    return status === 403 ? { kind: 'withheld', detail } : { kind: 'not-found', detail };
  }
  if (status !== 200) return { kind: 'failed', reason: statusReason(path, answer.value) };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { kind: 'failed', reason: `${path}: answer is not JSON` };
  }
  const parsed = parseAssessment(body);
  return parsed.ok ? { kind: 'ready', value: parsed.value } : { kind: 'failed', reason: `${path}: ${parsed.reason}` };
}
