// Entry point of the dashboard: the hash router that shows one page section in
// <main> (see router.ts and README "Page contract"), and the node health panel,
// checked on load and then every REFRESH_INTERVAL_MS.

// The base sheet, then the area sheets: later sheets win ties, so keep this order.
import './style.css';
import './styles/health.css';
import './styles/tables.css';
import './styles/forms.css';
import './styles/report.css';
import './styles/print.css';
import { fetchHealth } from './api';
import { mountCases } from './cases';
import { mountContacts } from './contacts';
import { h } from './dom';
import { CHECKING_VIEW, findHealthElements, healthView, renderHealth } from './health';
import { mountNorms } from './norms';
import { mountOverview } from './overview';
import type { PageInstance } from './page';
import { mountRegistry } from './registry';
import { mountReport } from './report';
import { navPageOf, parseRoute, type Route } from './router';
import { mountSubmit } from './submit';
import { mountTransparency } from './transparency';

/** How often the health panel asks the node again. */
const REFRESH_INTERVAL_MS = 10_000;

function startHealthPanel(): void {
  const elements = findHealthElements(document);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight = false;
  let lastAnnouncement = '';

  // The next check is scheduled when this one ends, not on a fixed interval,
  // so a slow node never has two checks from one page waiting on it.
  async function check(): Promise<void> {
    if (inFlight) return;
    inFlight = true;
    clearTimeout(timer);
    try {
      const view = healthView(await fetchHealth());
      renderHealth(elements, view, new Date());
      // Speak only on a change of state: a screen reader that repeated
      // "status ok" every 10 s would drown everything else out.
      if (view.announcement !== lastAnnouncement) {
        elements.announcer.textContent = view.announcement;
        lastAnnouncement = view.announcement;
      }
    } finally {
      inFlight = false;
      timer = setTimeout(() => void check(), REFRESH_INTERVAL_MS);
    }
  }

  renderHealth(elements, CHECKING_VIEW, null);
  elements.checkNow.addEventListener('click', () => void check());
  void check();
}

function mountNotFound(route: Route): PageInstance {
  const section = h(
    'section',
    { 'data-page': 'not-found', 'data-state': 'ready', class: 'page', 'aria-labelledby': 'not-found-title' },
    h('h1', { id: 'not-found-title', tabindex: -1 }, 'Page not found'),
    h('p', {}, `There is no page at “#${route.path}”. `, h('a', { href: '#/' }, 'Go to the overview'), '.'),
  );
  return { section };
}

function mount(route: Route): PageInstance {
  switch (route.page) {
    case 'overview':
      return mountOverview();
    case 'registry':
      return mountRegistry(route);
    case 'report':
      return mountReport(route.id ?? '');
    case 'norms':
      return mountNorms();
    case 'contacts':
      return mountContacts();
    case 'cases':
      return mountCases();
    case 'transparency':
      return mountTransparency(route);
    case 'submit':
      return mountSubmit();
    case 'not-found':
      return mountNotFound(route);
  }
}

function startRouter(): void {
  const main = document.getElementById('main');
  const announcer = document.getElementById('route-announcer');
  if (main === null || announcer === null) throw new Error('index.html: #main or #route-announcer missing');
  let current: { page: string; instance: PageInstance } | undefined;

  function show(first: boolean): void {
    const route = parseRoute(location.hash);
    if (current !== undefined && current.page === route.page && current.instance.update?.(route)) return;
    current?.instance.destroy?.();
    const instance = mount(route);
    main?.querySelectorAll('section[data-page]').forEach((section) => section.remove());
    main?.append(instance.section);
    current = { page: route.page, instance };

    const navPage = navPageOf(route.page);
    for (const anchor of document.querySelectorAll<HTMLAnchorElement>('nav a[data-nav]')) {
      if (anchor.dataset['nav'] === navPage) anchor.setAttribute('aria-current', 'page');
      else anchor.removeAttribute('aria-current');
    }
    const title = instance.section.querySelector('h1')?.textContent ?? 'accord';
    document.title = `${title} — accord public dashboard`;
    // On a change of page (not the first load), move focus to the new heading so
    // keyboard and screen reader users start at the top of what they asked for.
    if (!first) {
      instance.section.querySelector<HTMLElement>('h1')?.focus();
      announcer!.textContent = title;
      window.scrollTo(0, 0);
    }
  }

  // The skip link must not change the hash: that would be read as a route.
  document.querySelector('[data-skip-link]')?.addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
    main.scrollIntoView();
  });
  window.addEventListener('hashchange', () => show(false));
  show(true);
}

startRouter();
startHealthPanel();
