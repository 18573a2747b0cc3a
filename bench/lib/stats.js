// Medians and ratios over the recorded runs.

export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 === 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export function ratio(value, base) {
  if (value === null || base === null || base === 0) return null;
  return Math.round((value / base) * 100) / 100;
}

const METRICS = ['wallMs', 'cpuMs', 'maxRssKb', 'treePeakRssKb'];

/** One summary row per N x workload x tool: medians over the runs that passed verification. */
export function summarize(runs, baseline) {
  const groups = new Map();
  for (const r of runs) {
    const key = `${r.n}|${r.workload}|${r.tool}`;
    if (!groups.has(key)) groups.set(key, { n: r.n, workload: r.workload, tool: r.tool, runs: [] });
    groups.get(key).runs.push(r);
  }
  const rows = [...groups.values()].map((g) => {
    const ok = g.runs.filter((r) => r.ok);
    const row = { n: g.n, workload: g.workload, tool: g.tool, runs: g.runs.length, okRuns: ok.length };
    for (const m of METRICS) row[m] = median(ok.map((r) => r[m]));
    const walls = ok.map((r) => r.wallMs);
    row.wallMinMs = walls.length ? Math.min(...walls) : null;
    row.wallMaxMs = walls.length ? Math.max(...walls) : null;
    return row;
  });
  for (const row of rows) {
    const base = rows.find((b) => b.n === row.n && b.workload === row.workload && b.tool === baseline);
    row.ratio = Object.fromEntries(METRICS.map((m) => [m, base ? ratio(row[m], base[m]) : null]));
  }
  return rows;
}
