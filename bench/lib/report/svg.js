// bench/results/wall-vs-n.svg: median wall time against N, one panel per workload, one line per tool,
// both axes logarithmic. Hand-written SVG, no plotting library.
import { colorFor } from './format.js';

const PANEL_W = 420;
const PANEL_H = 320;
const M = { left: 64, right: 16, top: 40, bottom: 48 };
const LEGEND_H = 28;

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** 1-2-5 ticks covering [lo, hi]. */
function logTicks(lo, hi) {
  const ticks = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** e;
      if (t >= lo * 0.999 && t <= hi * 1.001) ticks.push(t);
    }
  }
  return ticks;
}

/** Log scale mapping [lo, hi] onto [a, b]; a single value gets a padded range. */
function logScale(lo, hi, a, b) {
  const l = lo === hi ? lo / 2 : lo;
  const h = lo === hi ? hi * 2 : hi;
  const f = (v) => a + ((Math.log10(v) - Math.log10(l)) / (Math.log10(h) - Math.log10(l))) * (b - a);
  return { f, lo: l, hi: h };
}

const fmt = (v) => (v >= 1 ? String(Math.round(v * 100) / 100) : v.toPrecision(1));

function panel(x0, workload, rows, toolOrder, labels) {
  const pts = rows.filter((r) => r.wallMs !== null);
  const out = [`<g transform="translate(${x0},${LEGEND_H})">`];
  out.push(`<text x="${PANEL_W / 2}" y="20" text-anchor="middle" font-weight="bold">Workload ${esc(workload.id)}: ${esc(workload.title)}</text>`);
  const plotL = M.left;
  const plotR = PANEL_W - M.right;
  const plotT = M.top;
  const plotB = PANEL_H - M.bottom;
  out.push(`<rect x="${plotL}" y="${plotT}" width="${plotR - plotL}" height="${plotB - plotT}" fill="none" stroke="#999"/>`);
  if (pts.length === 0) {
    out.push(`<text x="${PANEL_W / 2}" y="${PANEL_H / 2}" text-anchor="middle" fill="#999">no data</text></g>`);
    return out.join('\n');
  }
  const ns = pts.map((r) => r.n);
  const ws = pts.map((r) => r.wallMs / 1000);
  const xs = logScale(Math.min(...ns), Math.max(...ns), plotL + 10, plotR - 10);
  const ys = logScale(Math.min(...ws) / 1.2, Math.max(...ws) * 1.2, plotB, plotT);
  for (const n of [...new Set(ns)]) {
    const x = xs.f(n);
    out.push(`<line x1="${x}" y1="${plotT}" x2="${x}" y2="${plotB}" stroke="#eee"/><text x="${x}" y="${plotB + 16}" text-anchor="middle" font-size="11">${n}</text>`);
  }
  for (const t of logTicks(ys.lo, ys.hi)) {
    const y = ys.f(t);
    out.push(`<line x1="${plotL}" y1="${y}" x2="${plotR}" y2="${y}" stroke="#eee"/><text x="${plotL - 6}" y="${y + 4}" text-anchor="end" font-size="11">${fmt(t)}</text>`);
  }
  out.push(`<text x="${(plotL + plotR) / 2}" y="${PANEL_H - 12}" text-anchor="middle" font-size="12">hosts (N, log scale)</text>`);
  out.push(`<text transform="translate(16,${(plotT + plotB) / 2}) rotate(-90)" text-anchor="middle" font-size="12">median wall time, s (log scale)</text>`);
  for (const tool of toolOrder) {
    const line = pts.filter((r) => r.tool === tool).sort((a, b) => a.n - b.n);
    if (line.length === 0) continue;
    const c = colorFor(tool);
    const coords = line.map((r) => `${xs.f(r.n).toFixed(1)},${ys.f(r.wallMs / 1000).toFixed(1)}`);
    if (coords.length > 1) out.push(`<polyline points="${coords.join(' ')}" fill="none" stroke="${c}" stroke-width="2"/>`);
    for (const [i, p] of coords.entries()) {
      const [cx, cy] = p.split(',');
      out.push(`<circle cx="${cx}" cy="${cy}" r="3.5" fill="${c}"><title>${esc(labels[tool] ?? tool)}, N=${line[i].n}: ${(line[i].wallMs / 1000).toFixed(2)} s</title></circle>`);
    }
  }
  out.push('</g>');
  return out.join('\n');
}

export function renderSvg(report) {
  const { summary, workloads, toolOrder, labels, machine } = report;
  const shown = workloads.filter((w) => summary.some((r) => r.workload === w.id));
  const width = Math.max(1, shown.length) * PANEL_W;
  const height = PANEL_H + LEGEND_H + 24;
  const tools = toolOrder.filter((t) => summary.some((r) => r.tool === t && r.wallMs !== null));
  const legend = tools.map((t, i) => {
    const x = 10 + i * 150;
    return `<rect x="${x}" y="8" width="14" height="4" fill="${colorFor(t)}"/><text x="${x + 20}" y="14" font-size="12">${esc(labels[t] ?? t)}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...legend,
    ...shown.map((w, i) => panel(i * PANEL_W, w, summary.filter((r) => r.workload === w.id), toolOrder, labels)),
    `<text x="10" y="${height - 8}" font-size="11" fill="#555">pkgfleet bench ${esc(report.startedAt)}: ${machine.cores} cores, medians of verified runs; hosts share the controller's cores</text>`,
    '</svg>',
    '',
  ].join('\n');
}
