// What the router holds of the page on screen: its section, and how to update
// it in place (a registry filter change) or free it (charts) when the reader
// leaves. Each page module exports a `mount…` function returning one.

import type { Route } from './router';

export interface PageInstance {
  /** The `<section data-page>` the router puts in `<main>`. */
  section: HTMLElement;
  /** Takes a new route of the same page without rebuilding (keeps focus); false to rebuild. */
  update?(route: Route): boolean;
  /** Called when the page leaves the screen: stop timers, free charts, drop late answers. */
  destroy?(): void;
}
