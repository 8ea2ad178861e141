// Words and numbers as the pages show them. Pure: tested without a DOM.

import { SECTOR_NAMES } from './sectors';

/** "1 report", "3 reports". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];

/** "2024-02" -> "February 2024"; anything else as it is. */
export function formatMonth(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const name = match ? MONTHS[Number(match[2]) - 1] : undefined;
  return match && name ? `${name} ${match[1]}` : month;
}

/** An RFC 3339 UTC time as "2026-11-27 23:10 UTC" (seconds dropped); anything else as it is. */
export function formatDateTime(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z$/.exec(value);
  return match ? `${match[1]} ${match[2]} UTC` : value;
}

/** A sector code with its name from the taxonomy: "energy.oil" -> "Oil (energy.oil)". */
export function sectorLabel(code: string): string {
  const name = SECTOR_NAMES[code];
  return name === undefined ? code : `${name} (${code})`;
}

/** A sector's name alone ("Oil"), or its code when the taxonomy does not know it. */
export function sectorName(code: string): string {
  return SECTOR_NAMES[code] ?? code;
}

const LEVEL_LABELS: Record<string, string> = {
  baseline: 'Baseline',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  severe: 'Severe',
  emergency: 'Emergency',
  unknown: 'Unknown',
};

/** A severity level's name, capitalised. */
export function levelLabel(level: string): string {
  return LEVEL_LABELS[level] ?? level;
}

const VERDICT_LABELS: Record<string, string> = {
  'potential-violation': 'Potential violation',
  'no-violation': 'No violation',
  'insufficient-information': 'Insufficient information',
  'none-applied': 'No binding norm applied',
};

export function verdictLabel(verdict: string): string {
  return VERDICT_LABELS[verdict] ?? verdict;
}

const LAYER_LABELS: Record<string, string> = {
  binding: 'Binding prohibition',
  voluntary: 'Voluntary commitment',
  cbm: 'Confidence-building measure',
};

/** The catalogue layer of a norm in words (docs/norms.md). */
export function layerLabel(layer: string): string {
  return LAYER_LABELS[layer] ?? layer;
}

/** Integer with thousands separators that do not depend on the reader's locale: 192700000 -> "192 700 000". */
export function formatCount(value: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(value)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

/** A stage or reason code in words: "admissibility-review" -> "Admissibility review". */
export function codeLabel(code: string): string {
  const words = code.replace(/[-_.]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
