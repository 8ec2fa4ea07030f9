import { escapeHtml } from "./html";

export interface ChartDay {
  /** A label for the day, e.g. 2026-11-28. */
  day: string;
  count: number;
}

export interface ChartSize {
  width: number;
  height: number;
}

const PLOT_TOP = 16;
const PLOT_BOTTOM = 22;
const PLOT_LEFT = 40;

/**
 * Migrations per day as a bar chart in inline SVG: no script, no external asset, so it
 * passes the page's Content-Security-Policy and prints as is. Bars scale to the busiest day.
 */
export function migrationChart(days: readonly ChartDay[], size: ChartSize = { width: 640, height: 180 }): string {
  const plotHeight = size.height - PLOT_TOP - PLOT_BOTTOM;
  const plotWidth = size.width - PLOT_LEFT;
  const max = days.reduce((m, d) => Math.max(m, d.count), 0);
  const total = days.reduce((s, d) => s + d.count, 0);
  const label = `Migrations per day, ${days.length} days: ${total} in all`;
  const open = `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 ${size.width} ${size.height}" width="${size.width}" height="${size.height}" aria-label="${escapeHtml(label)}">`;
  const baseline = `<line x1="${PLOT_LEFT}" y1="${PLOT_TOP + plotHeight}" x2="${size.width}" y2="${PLOT_TOP + plotHeight}" stroke="#8a94a6"/>`;
  if (days.length === 0 || max === 0) {
    return `${open}${baseline}<text x="${PLOT_LEFT + plotWidth / 2}" y="${PLOT_TOP + plotHeight / 2}" text-anchor="middle" fill="#4b5565" font-size="13">No migrations in this period</text></svg>`;
  }
  const slot = plotWidth / days.length;
  const barWidth = Math.max(1, slot * 0.75);
  const bars = days
    .map((d, i) => {
      const h = round((Math.max(0, d.count) / max) * plotHeight);
      const x = round(PLOT_LEFT + i * slot + (slot - barWidth) / 2);
      const y = round(PLOT_TOP + plotHeight - h);
      return `<rect class="bar" x="${x}" y="${y}" width="${round(barWidth)}" height="${h}" fill="#1d4ed8" data-day="${escapeHtml(d.day)}" data-count="${d.count}"><title>${escapeHtml(d.day)}: ${d.count}</title></rect>`;
    })
    .join("");
  const axis =
    `<text x="${PLOT_LEFT - 6}" y="${PLOT_TOP + 4}" text-anchor="end" fill="#4b5565" font-size="11">${max}</text>` +
    `<text x="${PLOT_LEFT - 6}" y="${PLOT_TOP + plotHeight}" text-anchor="end" fill="#4b5565" font-size="11">0</text>` +
    `<text x="${PLOT_LEFT}" y="${size.height - 6}" fill="#4b5565" font-size="11">${escapeHtml(days[0]?.day)}</text>` +
    `<text x="${size.width}" y="${size.height - 6}" text-anchor="end" fill="#4b5565" font-size="11">${escapeHtml(days[days.length - 1]?.day)}</text>`;
  return `${open}${baseline}${bars}${axis}</svg>`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
