// The node health panel. Split in two so the logic is tested without a DOM:
// `healthView` turns an API answer into plain data (what to say, in which
// state), and `renderHealth` only copies that data into the page's markup
// (index.html) with textContent, never innerHTML, so nothing the node sends
// can become markup.

import type { ApiResult, Health } from './api';

/** `data-health-status` on the panel: stable hooks for CSS and the browser smoke test. */
export type HealthState = 'checking' | 'ok' | 'degraded' | 'unreachable';

export interface DetailRow {
  label: string;
  value: string;
  /** Machine-readable time for a <time> element, when the value is one. */
  datetime?: string;
  /** Keys and identifiers read better, and wrap safely, in a monospace face. */
  monospace?: boolean;
}

export interface HealthView {
  state: HealthState;
  /** The badge: the node's own status word, or "unreachable". */
  label: string;
  /** One sentence saying what the state means. */
  summary: string;
  /** Why the node counts as unreachable; absent otherwise. */
  reason?: string;
  details: DetailRow[];
  /**
   * What the live region says. It holds no changing numbers, so the caller can
   * announce only when it differs from the last one, not on every refresh.
   */
  announcement: string;
}

export const CHECKING_VIEW: HealthView = {
  state: 'checking',
  label: 'checking',
  summary: 'Checking the node…',
  details: [],
  announcement: '',
};

/** Builds the panel's content from the answer to GET /healthz. */
export function healthView(result: ApiResult<Health>): HealthView {
  if (!result.ok) {
    return {
      state: 'unreachable',
      label: 'unreachable',
      summary: 'The dashboard could not get a valid answer from the node.',
      reason: result.reason,
      details: [],
      announcement: `Node unreachable: ${result.reason}`,
    };
  }
  const health = result.value;
  const healthy = health.status === 'ok';
  return {
    state: healthy ? 'ok' : 'degraded',
    label: health.status,
    summary: healthy
      ? 'The node answers and reports that it is healthy.'
      : `The node answers but reports status “${health.status}”.`,
    details: healthDetails(health),
    announcement: healthy ? 'Node status: ok' : `Node status: ${health.status}`,
  };
}

function healthDetails(health: Health): DetailRow[] {
  const rows: DetailRow[] = [];
  if (health.node !== undefined) rows.push({ label: 'Node', value: health.node });
  if (health.version !== undefined) rows.push({ label: 'Version', value: health.version });
  if (health.uptime_seconds !== undefined) {
    rows.push({ label: 'Uptime', value: formatUptime(health.uptime_seconds) });
  }
  if (health.started_at !== undefined) {
    rows.push({ label: 'Started', value: formatTimestamp(health.started_at), datetime: health.started_at });
  }
  if (health.log_origin !== undefined) {
    rows.push({ label: 'Log origin', value: health.log_origin, monospace: true });
  }
  if (health.public_key !== undefined) {
    rows.push({ label: 'Public key', value: health.public_key, monospace: true });
  }
  return rows;
}

const SECONDS_PER_MINUTE = 60;
const SECONDS_PER_HOUR = 60 * SECONDS_PER_MINUTE;
const SECONDS_PER_DAY = 24 * SECONDS_PER_HOUR;

/**
 * A duration in whole seconds as its two largest units, e.g. "42 s",
 * "5 min 3 s", "2 h 0 min", "3 d 4 h". Fractions are dropped; a negative or
 * non-finite input reads "0 s" (the parser never passes one).
 */
export function formatUptime(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const days = Math.floor(total / SECONDS_PER_DAY);
  const hours = Math.floor((total % SECONDS_PER_DAY) / SECONDS_PER_HOUR);
  const minutes = Math.floor((total % SECONDS_PER_HOUR) / SECONDS_PER_MINUTE);
  const secs = total % SECONDS_PER_MINUTE;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${secs} s`;
  return `${secs} s`;
}

// RFC 3339 in UTC, as the node writes it: 2026-11-27T12:00:00Z (with optional fraction).
const UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/;

/**
 * An RFC 3339 UTC timestamp as "2026-11-27 12:00:00 UTC". Any other string is
 * returned as it is: the node's word is shown rather than a guess.
 */
export function formatTimestamp(timestamp: string): string {
  const match = UTC_TIMESTAMP.exec(timestamp);
  return match ? `${match[1]} ${match[2]} UTC` : timestamp;
}

/** The local wall-clock time of `date` as HH:MM:SS (24-hour, any locale). */
export function formatClockTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The elements of the panel in index.html that `renderHealth` fills. */
export interface HealthElements {
  panel: HTMLElement;
  label: HTMLElement;
  summary: HTMLElement;
  reason: HTMLElement;
  details: HTMLDListElement;
  checkedAt: HTMLTimeElement;
  checkNow: HTMLButtonElement;
  announcer: HTMLElement;
}

/** Finds the panel's elements; throws if index.html lacks one (a build bug, not a runtime state). */
export function findHealthElements(root: Document): HealthElements {
  const get = <T extends HTMLElement>(id: string, type: new () => T): T => {
    const element = root.getElementById(id);
    if (!(element instanceof type)) throw new Error(`index.html: element #${id} missing or of the wrong kind`);
    return element;
  };
  return {
    panel: get('health', HTMLElement),
    label: get('health-label', HTMLElement),
    summary: get('health-summary', HTMLElement),
    reason: get('health-reason', HTMLElement),
    details: get('health-details', HTMLDListElement),
    checkedAt: get('health-checked-at', HTMLTimeElement),
    checkNow: get('health-check-now', HTMLButtonElement),
    announcer: get('health-announcer', HTMLElement),
  };
}

/**
 * Shows `view` in the panel, with `checkedAt` as the time of the check (null
 * while the first check is under way). The live region is left to the caller,
 * which knows what was announced before.
 */
export function renderHealth(elements: HealthElements, view: HealthView, checkedAt: Date | null): void {
  elements.panel.dataset['healthStatus'] = view.state;
  elements.label.textContent = view.label;
  elements.summary.textContent = view.summary;
  elements.reason.textContent = view.reason ?? '';
  elements.reason.hidden = view.reason === undefined;

  const document = elements.details.ownerDocument;
  const children: HTMLElement[] = [];
  for (const row of view.details) {
    const term = document.createElement('dt');
    term.textContent = row.label;
    const definition = document.createElement('dd');
    if (row.monospace) definition.classList.add('mono');
    if (row.datetime !== undefined) {
      const time = document.createElement('time');
      time.dateTime = row.datetime;
      time.textContent = row.value;
      definition.append(time);
    } else {
      definition.textContent = row.value;
    }
    children.push(term, definition);
  }
  elements.details.replaceChildren(...children);
  elements.details.hidden = children.length === 0;

  if (checkedAt !== null) {
    elements.checkedAt.dateTime = checkedAt.toISOString();
    elements.checkedAt.textContent = formatClockTime(checkedAt);
  }
}
