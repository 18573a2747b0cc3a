#!/usr/bin/env node
// `npm run bench`: pkgfleet against ansible, parallel-ssh, an OpenSSH loop and a bare ssh2 script on
// N loopback SSH hosts. How to run it and how to read the results: docs/performance.md.
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { parseOptions, USAGE } from './lib/options.js';
import { selectTools } from './lib/tools/registry.js';
import { selectWorkloads } from './lib/workloads/registry.js';
import { ensureInstalled } from './lib/install.js';
import { startFleet, stopFleet, stopFleetSync } from './lib/sshd-fleet.js';
import { abortCurrentRun } from './lib/measure.js';
import { machineFacts, toolVersions } from './lib/environment.js';
import { runMatrix } from './lib/matrix.js';
import { buildReport, writeReport } from './lib/report/write.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(benchDir, '..');
// Tools run with a plain system PATH (no pyenv shims or other per-user tweaks of the calling shell).
const TOOL_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

async function main(argv) {
  const opts = parseOptions(argv);
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const outDir = opts.out ? resolve(opts.out) : join(benchDir, 'results');
  let tools = selectTools(opts.tools);
  const workloads = selectWorkloads(opts.workloads);
  const stillMissing = ensureInstalled(tools.flatMap((t) => t.needs), opts);
  const state = { opts, tools, workloads, runs: [], skipped: [], interrupted: false, startedAt: new Date().toISOString(), machine: machineFacts(), versions: null };
  for (const t of tools) {
    const pkg = t.needs.find((n) => stillMissing.includes(n.package));
    if (pkg) state.skipped.push({ tool: t.id, reason: `${pkg.binary} missing (package ${pkg.package})` });
  }
  if (['openssh-server', 'openssh-client', 'time'].some((p) => stillMissing.includes(p))) throw new Error(`missing: ${stillMissing.join(' ')}`);

  console.log(`[bench] starting ${opts.ns.at(-1)} sshd hosts on 127.0.10.1… port ${opts.port}`);
  const fleet = await startFleet({ count: opts.ns.at(-1), port: opts.port, dir: join(benchDir, 'tmp', 'fleet') });
  const ctx = { opts, fleet, benchDir, repoRoot, tmpDir: join(benchDir, 'tmp'), toolPath: TOOL_PATH, interrupted: () => state.interrupted };
  process.on('exit', () => stopFleetSync(fleet));
  const onSignal = async (sig) => {
    console.error(`[bench] ${sig}: stopping the run in progress and the sshd fleet`);
    state.interrupted = true;
    abortCurrentRun();
    await stopFleet(fleet);
    writeReport(outDir, buildReport(state, { complete: false }));
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    for (const t of tools) {
      const reason = state.skipped.find((s) => s.tool === t.id)?.reason ?? t.unavailable(ctx);
      if (reason && !state.skipped.some((s) => s.tool === t.id)) state.skipped.push({ tool: t.id, reason });
      if (reason) console.log(`[bench] skipping ${t.id}: ${reason}`);
    }
    tools = tools.filter((t) => !state.skipped.some((s) => s.tool === t.id));
    state.versions = toolVersions(repoRoot, tools.map((t) => t.id));
    await runMatrix(ctx, {
      tools,
      workloads,
      onRun: (r) => {
        if (state.interrupted) return; // the run that was killed by the signal is not a measurement
        state.runs.push(r);
        writeReport(outDir, buildReport(state, { complete: false }));
      },
    });
    if (state.interrupted) return 130; // the signal handler writes the partial report
    const report = buildReport(state, { complete: true });
    writeReport(outDir, report);
    console.log(`[bench] wrote ${join(outDir, 'latest.md')}, latest.json, wall-vs-n.svg`);
    return state.runs.every((r) => r.ok) ? 0 : 1;
  } finally {
    await stopFleet(fleet);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`[bench] ${err.message}`);
    process.exitCode = 2;
  },
);
