// Typed access to an accord node's public HTTP API. The dashboard uses nothing
// else: it is served by the node itself, so every path here is same-origin
// (in development Vite proxies /healthz and /v1 to a local node, see
// vite.config.ts). Every call resolves to an `ApiResult` instead of throwing,
// so a view shows an unreachable node with its reason rather than breaking.
// Nothing here touches the DOM: it runs as is under vitest in Node.

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
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let response: Response;
    try {
      response = await fetchImpl(path, {
        headers: { Accept: 'application/json' },
        cache: 'no-store',
        signal: controller.signal,
      });
    } catch (error) {
      if (controller.signal.aborted) {
        return { ok: false, reason: `${path}: no answer within ${formatDuration(timeoutMs)}` };
      }
      return { ok: false, reason: `${path}: network error: ${describeError(error)}` };
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (controller.signal.aborted) {
        return { ok: false, reason: `${path}: no answer within ${formatDuration(timeoutMs)}` };
      }
      return { ok: false, reason: `${path}: reading the answer failed: ${describeError(error)}` };
    }
    if (response.status !== 200) {
      const statusLine = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
      const problem = problemSummary(text);
      return { ok: false, reason: `${path}: ${statusLine}${problem ? `: ${problem}` : ''}` };
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, reason: `${path}: answer is not JSON` };
    }
    const parsed = parse(body);
    return parsed.ok ? parsed : { ok: false, reason: `${path}: ${parsed.reason}` };
  } finally {
    clearTimeout(timer);
  }
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
