// Entry point of the dashboard. For now it has one panel, the node's health,
// checked on load and then every REFRESH_INTERVAL_MS. Later panels (overview
// charts, registry, norms, transparency reports) get a module each, like
// health.ts, and are started from here.

import './style.css';
import { fetchHealth } from './api';
import { CHECKING_VIEW, findHealthElements, healthView, renderHealth } from './health';

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

startHealthPanel();
