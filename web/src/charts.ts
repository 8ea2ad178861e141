// chart.js, registered with only the parts the dashboard draws (bar charts on
// category and linear scales, with tooltips), so the bundle leaves out the
// rest. Colours come from the page's CSS variables, so a chart follows the
// light or dark scheme; with prefers-reduced-motion nothing is animated.

import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface BarChartSpec {
  labels: string[];
  values: number[];
  /** What a bar counts, for the tooltip ("reports"). */
  label: string;
  /** Bars along the x axis (false) or the y axis (true, for long labels). */
  horizontal?: boolean;
}

function cssColour(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

/** Whether the reader asked for less motion. */
export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Draws a bar chart on `canvas`; the caller destroys it when the page goes. */
export function barChart(canvas: HTMLCanvasElement, spec: BarChartSpec): Chart<'bar'> {
  const text = cssColour('--text', '#1b1f24');
  const grid = cssColour('--border', '#c9d1d9');
  const bar = cssColour('--chart-bar', '#0a5bc4');
  const reduced = prefersReducedMotion();
  const valueAxis = { beginAtZero: true, ticks: { precision: 0, color: text }, grid: { color: grid } };
  const categoryAxis = { ticks: { color: text, autoSkip: true }, grid: { display: false } };
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: spec.labels,
      datasets: [{ label: spec.label, data: spec.values, backgroundColor: bar, borderWidth: 0 }],
    },
    options: {
      indexAxis: spec.horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: reduced ? false : { duration: 300 },
      plugins: { tooltip: { enabled: true } },
      scales: spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
    },
  });
}
