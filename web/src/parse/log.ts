// Parsers of the log's public record: GET /v1/log/proofs/inclusion and the
// annual transparency reports (GET /v1/transparency/reports[/{year}]).

import type { Parser } from '../api';
import { array, fail, integer, nullableString, object, parser, string, strings } from './shape';

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
