// Runs the matrix: for each N, for each workload, `runs` rounds; each round runs every tool once in
// the same order (A B C A B C …), after the fleet has gone idle. Each run is measured, then verified.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { runMeasured } from './measure.js';
import { waitFleetIdle } from './sshd-fleet.js';
import { runsWorkload, selectWorkloads } from './workloads/registry.js';

const MAX_PROBLEMS = 5;
let runSeq = 0;

function newRunDir(ctx) {
  runSeq++;
  // Short on purpose: ansible's ControlPath sockets live under it (unix socket paths are <= 107 bytes).
  const dir = join(ctx.tmpDir, 'r', String(runSeq).padStart(4, '0'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** One measured, verified run of one tool; null when the benchmark was interrupted before it started. */
export async function runOnce(ctx, { tool, prepared, hosts, workload, expected }) {
  const idleWaitMs = await waitFleetIdle(ctx.fleet);
  if (ctx.interrupted()) return null;
  const runDir = newRunDir(ctx);
  const spec = await tool.command(ctx, prepared, workload, runDir);
  const loadavg1 = Math.round(os.loadavg()[0] * 100) / 100;
  const m = await runMeasured({
    ...spec,
    env: { PATH: ctx.toolPath, ...spec.env },
    cwd: spec.cwd ?? runDir,
    runDir,
    timeoutMs: ctx.opts.timeoutMs,
    sampleMs: ctx.opts.sampleMs,
    sampleTree: ctx.opts.treeRss,
  });
  const v = tool.verify(ctx, prepared, hosts, workload, runDir, expected);
  const problems = [...v.problems];
  if (m.timedOut) problems.unshift(`killed after the ${ctx.opts.timeoutMs / 1000} s timeout`);
  if (m.exitCode !== 0) problems.unshift(`exited with code ${m.exitCode}${m.signal ? ` (signal ${m.signal})` : ''}`);
  const ok = problems.length === 0 && v.answered === hosts.length;
  if (ok && !ctx.opts.keepRuns) rmSync(runDir, { recursive: true, force: true });
  return {
    n: hosts.length,
    workload: workload.id,
    tool: tool.id,
    ok,
    answered: v.answered,
    problemCount: problems.length,
    problems: problems.slice(0, MAX_PROBLEMS),
    runDir: ok && !ctx.opts.keepRuns ? null : runDir,
    loadavg1,
    idleWaitMs,
    ...m,
  };
}

function describe(r) {
  const s = (ms) => (ms === null ? '?' : (ms / 1000).toFixed(2));
  const mb = (kb) => (kb === null ? '?' : Math.round(kb / 1024));
  const tree = r.treePeakRssKb === null ? '' : ` tree ${mb(r.treePeakRssKb)} MB (${r.treePeakProcs} procs)`;
  const status = r.ok ? 'ok' : `FAILED: ${r.problems[0] ?? `${r.answered} answered`}`;
  return `wall ${s(r.wallMs)} s cpu ${s(r.cpuMs)} s maxrss ${mb(r.maxRssKb)} MB${tree} load ${r.loadavg1} ${status}`;
}

export async function runMatrix(ctx, { tools, workloads, onRun }) {
  const { opts, fleet } = ctx;
  if (opts.warmup > 0) {
    // Warm caches (page cache, Python bytecode, ansible's plugin cache) with the cheapest workload.
    const [warm] = selectWorkloads(['connect']);
    const hosts = fleet.hosts.slice(0, opts.ns[0]);
    for (const tool of tools) {
      const prepared = tool.prepare(ctx, hosts, toolDir(ctx, tool, hosts.length));
      for (let i = 0; i < opts.warmup; i++) {
        const r = await runOnce(ctx, { tool, prepared, hosts, workload: warm, expected: warm.expect() });
        if (r === null) return;
        console.log(`[bench] warm-up N=${hosts.length} w${warm.id} ${tool.id}: ${describe(r)}`);
      }
    }
  }
  for (const n of opts.ns) {
    const hosts = fleet.hosts.slice(0, n);
    const prepared = new Map(tools.map((t) => [t.id, t.prepare(ctx, hosts, toolDir(ctx, t, n))]));
    for (const workload of workloads) {
      const limit = opts.maxN?.[workload.id] ?? opts.maxN?.[workload.key];
      if (limit !== undefined && n > limit) continue;
      const eligible = tools.filter((t) => runsWorkload(t, workload));
      const runs = opts.runsAt?.[n] ?? opts.runs;
      for (let round = 1; round <= runs; round++) {
        const t0 = Date.now();
        const expected = workload.expect();
        if (round === 1) logEstimate(workload, n, Date.now() - t0, eligible.length * runs);
        for (const tool of eligible) {
          const r = await runOnce(ctx, { tool, prepared: prepared.get(tool.id), hosts, workload, expected });
          if (r === null) return;
          r.run = round;
          console.log(`[bench] N=${n} w${workload.id} run ${round}/${runs} ${tool.id}: ${describe(r)}`);
          onRun(r);
        }
      }
    }
  }
}

/** The hosts all run on this machine's cores: a lower bound for the cell from one local run of the script. */
function logEstimate(workload, n, localMs, runs) {
  const perRunS = (localMs * n) / 1000 / os.cpus().length;
  if (perRunS < 30) return;
  console.log(`[bench] N=${n} w${workload.id}: the script took ${(localMs / 1000).toFixed(1)} s here, so the hosts' own work alone is >= ${Math.round(perRunS)} s per run, >= ${Math.round((perRunS * runs) / 60)} min for ${runs} runs`);
}

function toolDir(ctx, tool, n) {
  const dir = join(ctx.tmpDir, 'tools', tool.id, `n${n}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}
