// bench/results/latest.md: one table per workload (N x tool), ratios to the baseline tool.
import { seconds, megabytes, times } from './format.js';

const TARGETS = [
  ['ansible -m shell', '47'], ['ansible -m raw', '21'], ['parallel-ssh', '9.6'], ['OpenSSH loop', '8.0'], ['bare ssh2', '5.4'],
];

function workloadTable(rows, labels) {
  const out = [
    '| N | tool | ok/runs | wall s (min–max) | wall × | cpu s | cpu × | max RSS MB | tree RSS MB | tree RSS × |',
    '|---:|---|---:|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const spread = r.okRuns > 1 ? ` (${seconds(r.wallMinMs)}–${seconds(r.wallMaxMs)})` : '';
    out.push(`| ${r.n} | ${labels[r.tool] ?? r.tool} | ${r.okRuns}/${r.runs} | ${seconds(r.wallMs)}${spread} | ${times(r.ratio.wallMs)} | ${seconds(r.cpuMs)} | ${times(r.ratio.cpuMs)} | ${megabytes(r.maxRssKb)} | ${megabytes(r.treePeakRssKb)} | ${times(r.ratio.treePeakRssKb)} |`);
  }
  return out;
}

export function renderMarkdown(report) {
  const { machine, versions, options, summary, runs, workloads, labels } = report;
  const lines = [
    '# pkgfleet benchmark: latest results',
    '',
    `${report.complete ? 'Complete run' : '**Partial run** (interrupted or still running)'}, ${report.startedAt} → ${report.finishedAt ?? '…'}.`,
    `Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memTotalMb} MB RAM, kernel ${machine.kernel}, Debian ${machine.debian}; load average at start ${machine.loadavg.join(' / ')}${report.loadavgEnd ? `, at end ${report.loadavgEnd.join(' / ')}` : ''}.`,
    `Versions: ${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join('; ')}.`,
    `Options: N = ${options.ns.join(', ')}${Object.entries(options.maxN ?? {}).map(([id, n]) => `; workload ${id} only at N ≤ ${n}`).join('')}; ${options.runs} run(s) per cell${Object.entries(options.runsAt ?? {}).map(([n, r]) => ` (${r} at N = ${n})`).join('')}, interleaved; ${options.warmup} warm-up run(s) per tool; baseline for ratios: **${options.baseline}**.`,
    '',
    'wall = median wall-clock time of the runs that passed verification; cpu = median controller CPU (user+sys of the',
    "tool's process tree from /usr/bin/time, plus detached ssh ControlPersist masters); max RSS = largest single controller",
    'process (GNU time %M); tree RSS = peak of the summed RSS of the whole controller tree, sampled from /proc',
    `every ${options.sampleMs} ms (a page shared by several processes counts once for each). × = the tool's value divided by ${options.baseline}'s (above 1 = slower / more).`,
    'The hosts run on the same 2 cores as the controller: wall time includes the remote work. See docs/performance.md.',
  ];
  for (const w of workloads) {
    const rows = summary.filter((r) => r.workload === w.id).sort((a, b) => a.n - b.n || report.toolOrder.indexOf(a.tool) - report.toolOrder.indexOf(b.tool));
    if (rows.length === 0) continue;
    lines.push('', `## Workload ${w.id}: ${w.title}`, '', ...workloadTable(rows, labels));
  }
  const failed = runs.filter((r) => !r.ok);
  if (failed.length > 0) {
    lines.push('', '## Runs that failed verification (not in the medians)', '');
    for (const r of failed) lines.push(`- N=${r.n} w${r.workload} ${r.tool} run ${r.run}: ${r.answered}/${r.n} hosts answered correctly; ${r.problems.join('; ')}${r.problemCount > r.problems.length ? ` (+${r.problemCount - r.problems.length} more)` : ''}`);
  }
  if (report.skipped.length > 0) {
    lines.push('', '## Tools not run', '');
    for (const s of report.skipped) lines.push(`- ${s.tool}: ${s.reason}`);
  }
  lines.push('', '## Reference: targets from the issue (N = 50, workload 2, wall s)', '', '| tool | target s |', '|---|---:|');
  for (const [tool, s] of TARGETS) lines.push(`| ${tool} | ${s} |`);
  return `${lines.join('\n')}\n`;
}
