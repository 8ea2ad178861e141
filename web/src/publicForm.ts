// Reading a report's public form as the log holds it: values above TLP:CLEAR
// are replaced by salted commitments (docs/visibility.md), shown as
// "withheld"; objects and lists may be missing or replaced whole. Used by the
// report page (report.ts) and its severity inputs (reportAssessment.ts). Pure.

import { formatCount } from './format';

export type Json = Record<string, unknown>;

/** A value the public form replaced by a salted commitment (docs/visibility.md). */
export function isCommitment(value: unknown): value is { alg: string; commitment: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Json)['alg'] === 'string' &&
    typeof (value as Json)['commitment'] === 'string'
  );
}

/** How a public-form value reads: commitments as "withheld", lists joined, numbers grouped. */
export function showValue(value: unknown, format: (item: string) => string = (item) => item): string {
  if (value === undefined || value === null) return '—';
  if (isCommitment(value)) return `withheld (commitment ${value.commitment.slice(0, 12)}…)`;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return formatCount(value);
  if (typeof value === 'string') return format(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((item) => showValue(item, format)).join(', ');
  return JSON.stringify(value);
}

// A member of a public-form object; a whole object replaced by a commitment
// answers the commitment for each member, so the member reads "withheld".
export function member(value: unknown, name: string): unknown {
  if (isCommitment(value)) return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return (value as Json)[name];
}

/** The objects of a public-form list; anything else (missing, a commitment) reads as none. */
export function objectList(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter((item): item is Json => typeof item === 'object' && item !== null) : [];
}
