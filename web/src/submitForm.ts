// The report form's model, without a DOM: which fields it has (each with the
// JSON Pointer of the report member it fills), the checks the node makes on
// them (docs/schema/incident-report.schema.json and the decoder's cross-field
// rules), how the values become an incident report, and where the node's
// problem+json errors go. Tested in submitForm.test.ts.

import type { FieldError } from './api';
import { SECTOR_CODES, SECTOR_NAMES } from './sectors';

export type FieldKind = 'text' | 'select' | 'checkbox' | 'textarea' | 'number' | 'datetime';

export interface FieldSpec {
  /** RFC 6901 pointer of the report member the field fills ("/title", "/affected_entities/0/sector"). */
  pointer: string;
  label: string;
  kind: FieldKind;
  options?: { value: string; label: string }[];
  hint?: string;
  required?: boolean;
  /** The fieldset the field belongs to. */
  group: string;
}

const choose = { value: '', label: 'Choose…' };
const enumOptions = (values: string[]) => [choose, ...values.map((value) => ({ value, label: value }))];

export const TLP_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];
const REPORTER_KINDS = ['state', 'operator', 'watchdog', 'secretariat'];
const CIVILIAN_STATUS = ['civilian', 'military', 'dual-use', 'unknown'];
const EFFECT_LOCATIONS = ['it', 'ot', 'safety-systems', 'unknown'];
const PHYSICAL_DAMAGE = ['none', 'minor', 'significant', 'destroyed', 'unknown'];
const RECOVERABILITY = ['regular', 'supplemented', 'extended', 'not-recoverable', 'unknown'];
const PRECISIONS = ['second', 'day', 'month', 'year'];

/** The form's fields, in order. */
export const FIELDS: readonly FieldSpec[] = [
  { group: 'Report', pointer: '/title', label: 'Title', kind: 'text', required: true, hint: 'At most 200 characters.' },
  { group: 'Report', pointer: '/tlp', label: 'TLP marking', kind: 'select', required: true, options: TLP_LABELS.map((value) => ({ value, label: `TLP:${value}` })), hint: 'Above CLEAR, values are replaced by commitments in the public log.' },
  { group: 'Reporter', pointer: '/reporter/kind', label: 'Reporter kind', kind: 'select', required: true, options: enumOptions(REPORTER_KINDS), hint: 'Must be your own organisation\'s kind.' },
  { group: 'Reporter', pointer: '/reporter/state', label: 'Reporter state', kind: 'text', hint: 'ISO 3166-1 alpha-2 code, required for a state.' },
  { group: 'Reporter', pointer: '/reporter/name', label: 'Reporter name', kind: 'text', hint: 'Required unless the reporter is a state.' },
  { group: 'When', pointer: '/times/start', label: 'Incident start (UTC)', kind: 'datetime', required: true, hint: 'The earliest known moment of the incident.' },
  { group: 'When', pointer: '/times/precision', label: 'Precision of the start', kind: 'select', options: PRECISIONS.map((value) => ({ value, label: value })) },
  { group: 'Where', pointer: '/affected_states', label: 'Affected states', kind: 'text', required: true, hint: 'ISO 3166-1 alpha-2 codes separated by commas, e.g. "UA, PL".' },
  { group: 'Affected entity', pointer: '/affected_entities/0/sector', label: 'Sector', kind: 'select', required: true, options: [choose, ...SECTOR_CODES.map((code) => ({ value: code, label: `${SECTOR_NAMES[code] ?? code} (${code})` }))] },
  { group: 'Affected entity', pointer: '/affected_entities/0/entity_type', label: 'Entity type', kind: 'text', required: true, hint: 'For example hospital, water-utility, distribution-system-operator.' },
  { group: 'Affected entity', pointer: '/affected_entities/0/state', label: 'Entity state', kind: 'text', required: true, hint: 'One of the affected states.' },
  { group: 'Affected entity', pointer: '/affected_entities/0/civilian_status', label: 'Civilian status', kind: 'select', required: true, options: enumOptions(CIVILIAN_STATUS) },
  { group: 'Affected entity', pointer: '/affected_entities/0/name', label: 'Entity name', kind: 'text', hint: 'Optional, at most 200 characters.' },
  { group: 'Effects', pointer: '/effects/availability', label: 'Availability lost', kind: 'checkbox' },
  { group: 'Effects', pointer: '/effects/integrity', label: 'Integrity lost', kind: 'checkbox' },
  { group: 'Effects', pointer: '/effects/confidentiality', label: 'Confidentiality lost', kind: 'checkbox' },
  { group: 'Effects', pointer: '/effects/effect_location', label: 'Effect location', kind: 'select', required: true, options: enumOptions(EFFECT_LOCATIONS) },
  { group: 'Effects', pointer: '/effects/physical_damage', label: 'Physical damage', kind: 'select', required: true, options: enumOptions(PHYSICAL_DAMAGE) },
  { group: 'Effects', pointer: '/effects/recoverability', label: 'Recoverability', kind: 'select', required: true, options: enumOptions(RECOVERABILITY) },
  { group: 'Effects', pointer: '/effects/disruption_hours', label: 'Disruption (hours)', kind: 'number', hint: 'Optional, 0 to 87600.' },
  { group: 'Effects', pointer: '/effects/people_affected', label: 'People affected', kind: 'number', hint: 'Optional.' },
  { group: 'Report', pointer: '/exercise', label: 'This is an exercise', kind: 'checkbox', hint: 'Exercise reports are kept out of the statistics.' },
  { group: 'Narrative', pointer: '/narrative', label: 'Narrative', kind: 'textarea', hint: 'Optional, at most 20000 characters. Personal names are scrubbed from the public form only if you list them.' },
];

/** The values of the form by pointer: strings, and booleans for checkboxes. */
export type FormValues = Record<string, string | boolean>;

const ALPHA2 = /^[A-Z]{2}$/;

/** ISO 3166-1 reserves these alpha-2 codes for users; the node refuses them (schema $defs/alpha2). */
export function isUserAssignedCode(code: string): boolean {
  return code === 'AA' || code === 'ZZ' || (code >= 'QM' && code <= 'QZ') || (code >= 'XA' && code <= 'XZ');
}

function checkAlpha2(code: string): string | undefined {
  if (!ALPHA2.test(code)) return `"${code}" is not an ISO 3166-1 alpha-2 code (two capital letters, e.g. UA)`;
  if (isUserAssignedCode(code)) return `"${code}" is a user-assigned code, not part of ISO 3166-1`;
  return undefined;
}

/** Length in Unicode code points, as the schema counts. */
function codePoints(text: string): number {
  return [...text].length;
}

/** A datetime-local value ("2024-02-21T09:30", seconds optional) read as UTC, in RFC 3339; undefined if malformed. */
export function toUtc(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '00'] = match;
  const text = `${year}-${month}-${day}T${hour}:${minute}:${second}Z`;
  const time = Date.parse(text);
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 19) !== text.slice(0, 19)) return undefined;
  return text;
}

/** "UA, pl ,DE" -> ["UA", "PL", "DE"] (upper-cased, empty items dropped). */
export function splitCodes(value: string): string[] {
  return value
    .split(/[\s,;]+/)
    .map((code) => code.trim().toUpperCase())
    .filter((code) => code !== '');
}

function text(values: FormValues, pointer: string): string {
  const value = values[pointer];
  return typeof value === 'string' ? value.trim() : '';
}

function integerField(values: FormValues, pointer: string, max: number, errors: FieldError[]): number | undefined {
  const raw = text(values, pointer);
  if (raw === '') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) > max) {
    errors.push({ pointer, detail: `expected a whole number from 0 to ${max}` });
    return undefined;
  }
  return Number(raw);
}

export interface Built {
  report: Record<string, unknown>;
  errors: FieldError[];
}

/**
 * Checks the values as the node would and builds the report. `id` is the new
 * report's STIX id and `now` the time of reporting (`reported_at`). Errors
 * name the field's pointer; the report is only meant to be sent when there is
 * none.
 */
export function buildReport(values: FormValues, id: string, now: Date): Built {
  const errors: FieldError[] = [];
  const required = (pointer: string, label: string) => {
    const value = text(values, pointer);
    if (value === '') errors.push({ pointer, detail: `${label} is required` });
    return value;
  };
  const oneOf = (pointer: string, label: string, allowed: string[]) => {
    const value = required(pointer, label);
    if (value !== '' && !allowed.includes(value)) errors.push({ pointer, detail: `expected one of ${allowed.join(', ')}` });
    return value;
  };
  const maxLength = (pointer: string, value: string, max: number) => {
    if (codePoints(value) > max) errors.push({ pointer, detail: `at most ${max} characters, found ${codePoints(value)}` });
  };

  const title = required('/title', 'a title');
  maxLength('/title', title, 200);
  const tlp = oneOf('/tlp', 'a TLP marking', TLP_LABELS);

  const kind = oneOf('/reporter/kind', 'the reporter kind', REPORTER_KINDS);
  const reporter: Record<string, string> = { kind };
  const reporterState = text(values, '/reporter/state').toUpperCase();
  const reporterName = text(values, '/reporter/name');
  if (kind === 'state') {
    if (reporterState === '') errors.push({ pointer: '/reporter/state', detail: 'a state reporter needs its state code' });
  } else if (kind !== '' && reporterName === '') {
    errors.push({ pointer: '/reporter/name', detail: `a ${kind} reporter needs a name` });
  }
  if (reporterState !== '') {
    const problem = checkAlpha2(reporterState);
    if (problem) errors.push({ pointer: '/reporter/state', detail: problem });
    reporter['state'] = reporterState;
  }
  if (reporterName !== '') {
    maxLength('/reporter/name', reporterName, 200);
    reporter['name'] = reporterName;
  }

  const reportedAt = `${now.toISOString().slice(0, 19)}Z`;
  const startText = required('/times/start', 'the start of the incident');
  const start = startText === '' ? undefined : toUtc(startText);
  if (startText !== '' && start === undefined) {
    errors.push({ pointer: '/times/start', detail: 'expected a date and time, e.g. 2024-02-21T09:30' });
  } else if (start !== undefined && start > reportedAt) {
    errors.push({ pointer: '/times/start', detail: `is after the time of reporting (${reportedAt}): an incident cannot start in the future` });
  }
  const times: Record<string, string> = { start: start ?? startText };
  const precision = text(values, '/times/precision');
  if (precision !== '') {
    if (!PRECISIONS.includes(precision)) errors.push({ pointer: '/times/precision', detail: `expected one of ${PRECISIONS.join(', ')}` });
    times['precision'] = precision;
  }

  const states = splitCodes(text(values, '/affected_states'));
  if (states.length === 0) errors.push({ pointer: '/affected_states', detail: 'at least one affected state is required' });
  if (states.length > 50) errors.push({ pointer: '/affected_states', detail: `at most 50 states, found ${states.length}` });
  const seen = new Set<string>();
  for (const code of states) {
    const problem = checkAlpha2(code);
    if (problem) errors.push({ pointer: '/affected_states', detail: problem });
    if (seen.has(code)) errors.push({ pointer: '/affected_states', detail: `"${code}" is listed twice` });
    seen.add(code);
  }

  const sector = required('/affected_entities/0/sector', 'a sector');
  if (sector !== '' && !(sector in SECTOR_NAMES)) {
    errors.push({ pointer: '/affected_entities/0/sector', detail: `"${sector}" is not a sector code of the taxonomy` });
  }
  const entityType = required('/affected_entities/0/entity_type', 'an entity type');
  maxLength('/affected_entities/0/entity_type', entityType, 100);
  const entityState = required('/affected_entities/0/state', 'the entity\'s state').toUpperCase();
  if (entityState !== '') {
    const problem = checkAlpha2(entityState);
    if (problem) errors.push({ pointer: '/affected_entities/0/state', detail: problem });
    else if (states.length > 0 && !states.includes(entityState)) {
      errors.push({ pointer: '/affected_entities/0/state', detail: `"${entityState}" is not one of the affected states` });
    }
  }
  const civilianStatus = oneOf('/affected_entities/0/civilian_status', 'a civilian status', CIVILIAN_STATUS);
  const entity: Record<string, unknown> = { sector, entity_type: entityType, state: entityState, civilian_status: civilianStatus };
  const entityName = text(values, '/affected_entities/0/name');
  if (entityName !== '') {
    maxLength('/affected_entities/0/name', entityName, 200);
    entity['name'] = entityName;
  }

  const effects: Record<string, unknown> = {
    confidentiality: values['/effects/confidentiality'] === true,
    integrity: values['/effects/integrity'] === true,
    availability: values['/effects/availability'] === true,
    effect_location: oneOf('/effects/effect_location', 'the effect location', EFFECT_LOCATIONS),
    physical_damage: oneOf('/effects/physical_damage', 'the physical damage', PHYSICAL_DAMAGE),
    recoverability: oneOf('/effects/recoverability', 'the recoverability', RECOVERABILITY),
  };
  const hours = integerField(values, '/effects/disruption_hours', 87600, errors);
  if (hours !== undefined) effects['disruption_hours'] = hours;
  const people = integerField(values, '/effects/people_affected', 10_000_000_000, errors);
  if (people !== undefined) effects['people_affected'] = people;

  const report: Record<string, unknown> = {
    schema: 'accord.incident-report/1',
    id,
    title,
    reporter,
    reported_at: reportedAt,
    times,
    affected_states: states,
    affected_entities: [entity],
    effects,
    tlp,
  };
  if (values['/exercise'] === true) report['exercise'] = true;
  const narrative = text(values, '/narrative');
  if (narrative !== '') {
    maxLength('/narrative', narrative, 20000);
    report['narrative'] = narrative;
  }
  return { report, errors };
}

/** A new report id: STIX `incident-report--` and a version 4 UUID from `random` (16 bytes). */
export function newReportId(random: Uint8Array): string {
  const bytes = Uint8Array.from(random.slice(0, 16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `incident-report--${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export interface PlacedErrors {
  /** Errors by the pointer of the field that shows them. */
  byField: Record<string, string[]>;
  /** Errors no field matches, with their pointer, for the summary. */
  unplaced: FieldError[];
}

/**
 * Places errors beside fields. The node's pointers are into the submission
 * (`/report/title`), the form's into the report (`/title`), so `/report` is
 * removed first. An error goes to the field whose pointer is the longest
 * prefix of it by whole segments (`/affected_states/1` -> `/affected_states`);
 * one no field matches goes to `unplaced`.
 */
export function placeErrors(errors: FieldError[], fieldPointers: readonly string[], prefix = '/report'): PlacedErrors {
  const byField: Record<string, string[]> = {};
  const unplaced: FieldError[] = [];
  for (const error of errors) {
    const pointer = error.pointer === prefix ? '' : error.pointer.startsWith(`${prefix}/`) ? error.pointer.slice(prefix.length) : error.pointer;
    let best: string | undefined;
    for (const field of fieldPointers) {
      if ((pointer === field || pointer.startsWith(`${field}/`)) && (best === undefined || field.length > best.length)) best = field;
    }
    if (best === undefined) unplaced.push(error);
    else (byField[best] ??= []).push(error.detail);
  }
  return { byField, unplaced };
}
