// Hash routes of the dashboard (the node serves only index.html and its
// assets, so the page itself keeps the place): "#/", "#/registry?sector=…",
// "#/registry/{report id}", "#/norms", "#/contacts", "#/cases",
// "#/transparency", "#/submit". Pure: tested without a DOM.

export type PageName =
  | 'overview'
  | 'registry'
  | 'report'
  | 'norms'
  | 'contacts'
  | 'cases'
  | 'transparency'
  | 'submit'
  | 'not-found';

export interface Route {
  page: PageName;
  /** The report id of "#/registry/{id}". */
  id?: string;
  /** The hash's query ("#/registry?sector=energy"), decoded. */
  query: Record<string, string>;
  /** The path part as written, for the not-found page. */
  path: string;
}

/** The sections of the navigation, in order: link text and hash. */
export const NAV_ITEMS: readonly { page: PageName; label: string; hash: string }[] = [
  { page: 'overview', label: 'Overview', hash: '#/' },
  { page: 'registry', label: 'Registry', hash: '#/registry' },
  { page: 'norms', label: 'Norms', hash: '#/norms' },
  { page: 'contacts', label: 'Contacts', hash: '#/contacts' },
  { page: 'cases', label: 'Cases', hash: '#/cases' },
  { page: 'transparency', label: 'Transparency', hash: '#/transparency' },
  { page: 'submit', label: 'Submit a report', hash: '#/submit' },
];

const SIMPLE_PAGES: Record<string, PageName> = {
  '': 'overview',
  registry: 'registry',
  norms: 'norms',
  contacts: 'contacts',
  cases: 'cases',
  transparency: 'transparency',
  submit: 'submit',
};

/** Reads a location hash ("#/registry?state=UA", "", "#") as a route. */
export function parseRoute(hash: string): Route {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const questionMark = raw.indexOf('?');
  const pathPart = questionMark < 0 ? raw : raw.slice(0, questionMark);
  const query: Record<string, string> = {};
  if (questionMark >= 0) {
    for (const [name, value] of new URLSearchParams(raw.slice(questionMark + 1))) {
      if (value !== '') query[name] = value;
    }
  }
  let path: string;
  try {
    path = decodeURIComponent(pathPart);
  } catch {
    return { page: 'not-found', query, path: pathPart };
  }
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments.length === 0) return { page: 'overview', query, path };
  const first = segments[0] ?? '';
  if (segments.length === 1 && first in SIMPLE_PAGES) {
    return { page: SIMPLE_PAGES[first] ?? 'not-found', query, path };
  }
  if (segments.length === 2 && first === 'registry') {
    return { page: 'report', id: segments[1] ?? '', query, path };
  }
  return { page: 'not-found', query, path };
}

/** The hash of a route with a query; empty values are left out, names keep their order. */
export function routeHash(base: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, value);
  }
  const text = params.toString();
  return text === '' ? base : `${base}?${text}`;
}

/** The hash of one report's page. */
export function reportHash(id: string): string {
  return `#/registry/${encodeURIComponent(id)}`;
}

/** Which navigation item is current on a page (a report belongs to the registry). */
export function navPageOf(page: PageName): PageName | undefined {
  if (page === 'report') return 'registry';
  if (page === 'not-found') return undefined;
  return page;
}
