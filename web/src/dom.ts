// Small DOM helpers shared by the pages' render functions. Text always goes
// in with textContent (never innerHTML), so nothing the node sends can become
// markup. The page contract (README "Page contract") is built here: each page
// is one <section data-page> with one <h1>, a `data-state` of loading, ready
// or error, and on error the reason in a role="alert" element.

type Child = Node | string | null | undefined | false;

/** Creates `<tag>` with attributes (a `false`/undefined value is left out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(parent: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child);
  }
}

/** A table cell: text, a node, or either with attributes (e.g. data-*). */
export type Cell = string | Node;

export interface TableRow {
  cells: Cell[];
  attributes?: Record<string, string>;
}

export interface TableSpec {
  /** `data-table` of the table: the browser tests find it by this name. */
  name: string;
  caption: string;
  headers: string[];
  rows: TableRow[];
  /** Shown in one row when there are no rows. */
  empty?: string;
  /** Columns holding numbers are right-aligned. */
  numeric?: number[];
  /** Hide the caption visually (when a heading already says it). */
  captionHidden?: boolean;
}

/**
 * A table whose first cell of each row is its header (`<th scope="row">`),
 * in a scroll box so a wide table scrolls on a phone instead of the page.
 */
export function table(spec: TableSpec): HTMLElement {
  const numeric = new Set(spec.numeric ?? []);
  const head = h('thead', {}, h('tr', {}, ...spec.headers.map((header, i) =>
    h('th', { scope: 'col', class: numeric.has(i) ? 'num' : undefined }, header))));
  const body = h('tbody');
  for (const row of spec.rows) {
    const tr = h('tr', row.attributes ?? {});
    row.cells.forEach((cell, i) => {
      const tag = i === 0 ? 'th' : 'td';
      const element = h(tag, { scope: i === 0 ? 'row' : undefined, class: numeric.has(i) ? 'num' : undefined }, cell);
      tr.append(element);
    });
    body.append(tr);
  }
  if (spec.rows.length === 0) {
    body.append(h('tr', { 'data-empty': true }, h('td', { colspan: spec.headers.length }, spec.empty ?? 'None.')));
  }
  const caption = h('caption', { class: spec.captionHidden ? 'visually-hidden' : undefined }, spec.caption);
  const element = h('table', { 'data-table': spec.name }, caption, head, body);
  return h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': spec.caption }, element);
}

/** A link to a dashboard route. */
export function link(href: string, text: string, attributes: Record<string, string> = {}): HTMLAnchorElement {
  return h('a', { href, ...attributes }, text);
}

/** Builds the page's section: `<section data-page=NAME data-state="loading">` with its `<h1>`. */
export function pageSection(name: string, title: string, intro?: string): HTMLElement {
  const section = h(
    'section',
    { 'data-page': name, 'data-state': 'loading', 'aria-labelledby': `${name}-title`, class: 'page' },
    h('h1', { id: `${name}-title`, tabindex: -1 }, title),
    intro === undefined ? null : h('p', { class: 'intro' }, intro),
    h('p', { class: 'loading', role: 'status', 'aria-live': 'polite', 'data-loading': true }, 'Loading…'),
  );
  return section;
}

/** Marks the section as loaded and removes the loading line. */
export function markReady(section: HTMLElement): void {
  section.querySelector('[data-loading]')?.remove();
  section.dataset['state'] = 'ready';
}

/** Shows an API failure: `data-state="error"` and the reason in a role="alert" box. */
export function showError(section: HTMLElement, title: string, reason: string): void {
  section.querySelector('[data-loading]')?.remove();
  section.querySelector(':scope > [role="alert"]')?.remove();
  section.dataset['state'] = 'error';
  const alert = h('div', { role: 'alert', class: 'alert' }, h('p', { class: 'alert-title' }, title), h('p', { class: 'reason' }, reason));
  const heading = section.querySelector('h1');
  const after = heading?.nextElementSibling?.classList.contains('intro') ? heading.nextElementSibling : heading;
  if (after) after.after(alert);
  else section.prepend(alert);
}

/** A `<dl>` of label/value pairs. */
export function definitionList(rows: { label: string; value: Cell }[], className = 'details'): HTMLDListElement {
  const list = h('dl', { class: className });
  for (const row of rows) list.append(h('dt', {}, row.label), h('dd', {}, row.value));
  return list;
}
