// The JSON shape checks every parser of parse/ is built from, and `parser()`,
// which turns a throwing check into a `Parser` (api.ts). A check names what is
// wrong by its JSON path ("items[3].id: not a string"); members the dashboard
// does not read are not checked, so the node may add members freely.

import type { Parser } from '../api';

/** Thrown inside a parser only, caught by `parser()`: never escapes parse/. */
class ShapeError extends Error {}

export type Json = Record<string, unknown>;

export function fail(path: string, why: string): never {
  throw new ShapeError(`${path}: ${why}`);
}

export function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'not a JSON object');
  return value as Json;
}

export function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'not an array');
  return value;
}

export function string(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, value === undefined ? 'missing' : 'not a string');
  return value;
}

export function integer(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    fail(path, value === undefined ? 'missing' : 'not an integer');
  }
  return value;
}

export function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, value === undefined ? 'missing' : 'not a boolean');
  return value;
}

export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : string(value, path);
}

export function strings(value: unknown, path: string): string[] {
  return array(value, path).map((item, i) => string(item, `${path}[${i}]`));
}

export function nullableString(value: unknown, path: string): string | null {
  return value === null || value === undefined ? null : string(value, path);
}

/** Wraps a throwing shape check as a `Parser`; `what` prefixes the reason. */
export function parser<T>(what: string, check: (body: unknown) => T): Parser<T> {
  return (body) => {
    try {
      return { ok: true, value: check(body) };
    } catch (error) {
      if (error instanceof ShapeError) return { ok: false, reason: `${what}: ${error.message}` };
      throw error;
    }
  };
}
