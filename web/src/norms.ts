// The norms catalogue ("#/norms"): every norm of GET /v1/norms with its layer
// (binding prohibition, voluntary commitment, confidence-building measure),
// basis and text, and the red lines each binding norm names. The list answer
// holds no texts, so each norm's text comes from GET /v1/norms/{id}; red-line
// ids (RL-…) are read from those texts, since the API publishes no red-line
// list of its own. `normsView` is pure and tested.

import { fetchNorms, getJson, type ApiResult } from './api';
import { h, markReady, pageSection, showError, table } from './dom';
import { codeLabel, layerLabel } from './format';
import type { PageInstance } from './page';
import type { Norm, NormList } from './parse';

export interface NormRow {
  id: string;
  title: string;
  layer: string;
  basis: string;
  text: string;
  redLines: string[];
}

export interface NormsView {
  version: string;
  rows: NormRow[];
  /** Each red line with the norms whose text names it. */
  redLines: { id: string; norms: string[] }[];
  counts: string;
}

const LAYER_ORDER = ['binding', 'voluntary', 'cbm'];

/** The red-line ids a norm's text names ("RL-WATER"), in order, once each. */
export function redLinesIn(text: string): string[] {
  return [...new Set(text.match(/\bRL-[A-Z0-9]+(?:-[A-Z0-9]+)*\b/g) ?? [])];
}

/** The catalogue in layer order (binding, voluntary, cbm), each norm with its text where known. */
export function normsView(list: NormList, texts: Record<string, string> = {}): NormsView {
  const rank = (norm: Norm) => {
    const index = LAYER_ORDER.indexOf(norm.layer);
    return index < 0 ? LAYER_ORDER.length : index;
  };
  const sorted = list.norms
    .map((norm, position) => ({ norm, position }))
    .sort((a, b) => rank(a.norm) - rank(b.norm) || a.position - b.position)
    .map((item) => item.norm);
  const rows = sorted.map((norm): NormRow => {
    const text = texts[norm.id] ?? norm.text ?? '';
    return {
      id: norm.id,
      title: norm.title,
      layer: layerLabel(norm.layer),
      basis: norm.basis === undefined ? '—' : codeLabel(norm.basis),
      text: text === '' ? '(text not available)' : text,
      redLines: redLinesIn(text),
    };
  });
  const byRedLine = new Map<string, string[]>();
  for (const row of rows) for (const id of row.redLines) byRedLine.set(id, [...(byRedLine.get(id) ?? []), row.id]);
  const count = (layer: string) => list.norms.filter((norm) => norm.layer === layer).length;
  return {
    version: list.version,
    rows,
    redLines: [...byRedLine].map(([id, norms]) => ({ id, norms })),
    counts: `${list.norms.length} norms: ${count('binding')} binding prohibitions, ${count('voluntary')} voluntary commitments, ${count('cbm')} confidence-building measures.`,
  };
}

function parseNormText(body: unknown): ApiResult<string> {
  if (typeof body !== 'object' || body === null) return { ok: false, reason: 'norm: not a JSON object' };
  const text = (body as Record<string, unknown>)['text'];
  return { ok: true, value: typeof text === 'string' ? text : '' };
}

export function mountNorms(): PageInstance {
  const section = pageSection('norms', 'Norms', 'The machine-readable norms catalogue this node evaluates every report against.');
  let gone = false;
  void (async () => {
    const list = await fetchNorms();
    if (gone) return;
    if (!list.ok) {
      showError(section, 'The norms could not be loaded.', list.reason);
      return;
    }
    // The texts are a detail: a norm whose text does not come still shows its title and layer.
    const answers = await Promise.all(
      list.value.norms.map((norm) => getJson(`/v1/norms/${encodeURIComponent(norm.id)}`, parseNormText)),
    );
    if (gone) return;
    const texts: Record<string, string> = {};
    list.value.norms.forEach((norm, i) => {
      const answer = answers[i];
      if (answer?.ok) texts[norm.id] = answer.value;
    });
    const view = normsView(list.value, texts);
    section.append(
      h('p', { class: 'summary' }, `Catalogue version ${view.version}. ${view.counts}`),
      table({
        name: 'norms',
        caption: 'The norms of the catalogue',
        captionHidden: true,
        headers: ['Norm', 'Title', 'Layer', 'Basis', 'Red lines', 'Text'],
        rows: view.rows.map((row) => ({
          cells: [row.id, row.title, row.layer, row.basis, row.redLines.length === 0 ? '—' : row.redLines.join(', '), row.text],
          attributes: { 'data-norm-id': row.id, 'data-layer': row.layer },
        })),
      }),
      h('h2', {}, 'Red lines'),
      h('p', { class: 'note' }, 'Red lines are bright-line rules with no exception for any claimed objective. Each is given effect by the binding norm that names it.'),
      table({
        name: 'red-lines',
        caption: 'Red lines and the norms that name them',
        captionHidden: true,
        headers: ['Red line', 'Named by'],
        rows: view.redLines.map((line) => ({ cells: [line.id, line.norms.join(', ')], attributes: { 'data-red-line': line.id } })),
        empty: 'No norm text names a red line.',
      }),
    );
    markReady(section);
  })();
  return {
    section,
    destroy: () => {
      gone = true;
    },
  };
}

