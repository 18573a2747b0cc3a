// Writes latest.json, latest.md and wall-vs-n.svg from the runs recorded so far.
import { writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { summarize } from '../stats.js';
import { renderMarkdown } from './markdown.js';
import { renderSvg } from './svg.js';

/** Write-then-rename, so a reader never sees half a file. */
function writeAtomic(path, text) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

export function buildReport(state, { complete }) {
  const { opts, tools, workloads } = state;
  return {
    schemaVersion: 1,
    complete,
    interrupted: state.interrupted,
    startedAt: state.startedAt,
    finishedAt: complete ? new Date().toISOString() : null,
    machine: state.machine,
    loadavgEnd: complete ? os.loadavg().map((x) => Math.round(x * 100) / 100) : null,
    versions: state.versions,
    options: { ns: opts.ns, maxN: opts.maxN, runs: opts.runs, runsAt: opts.runsAt, warmup: opts.warmup, baseline: opts.baseline, port: opts.port, sampleMs: opts.sampleMs, treeRss: opts.treeRss, pkgfleetBin: opts.pkgfleetBin, tools: tools.map((t) => t.id), workloads: workloads.map((w) => w.id) },
    toolOrder: tools.map((t) => t.id),
    labels: Object.fromEntries(tools.map((t) => [t.id, t.label])),
    workloads: workloads.map((w) => ({ id: w.id, key: w.key, title: w.title, script: w.script ?? null, pkgfleetArgs: w.pkgfleetArgs ?? null })),
    skipped: state.skipped,
    summary: summarize(state.runs, opts.baseline),
    runs: state.runs,
  };
}

export function writeReport(outDir, report) {
  mkdirSync(outDir, { recursive: true });
  writeAtomic(join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeAtomic(join(outDir, 'latest.md'), renderMarkdown(report));
  writeAtomic(join(outDir, 'wall-vs-n.svg'), renderSvg(report));
}
