// Runs one tool invocation under GNU time and measures it:
//   wall      hrtime from spawn to exit, in this process;
//   cpu       user+sys of the tool and every descendant it waited for (RUSAGE_CHILDREN via /usr/bin/time),
//             plus the CPU of processes that detached from the tree (ssh ControlPersist masters), read
//             from /proc just before we stop them;
//   maxRss    the largest single process of the tree (%M of GNU time: ru_maxrss of RUSAGE_CHILDREN);
//   treeRss   peak of the summed RSS of the whole tree, sampled from /proc every 100 ms.
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTreeSampler } from './tree-sampler.js';
import { processTree, findByCmdline, readStat, stopPids, signalPids, CLK_TCK } from './proc.js';

const TIME = '/usr/bin/time';
// Raise the open-files limit to the hard limit, then become the tool (same PID).
const RAISE_NOFILE = 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"';

let current = null;

/** Kills the tool tree of the run in progress and its detached processes (SIGINT handler). */
export function abortCurrentRun() {
  if (!current) return;
  // Leave /usr/bin/time alive: it still reports on what it ran.
  signalPids(processTree(current.child.pid).slice(1), 'SIGKILL');
  if (current.marker) signalPids(findByCmdline(current.marker), 'SIGKILL');
}

/** GNU time writes "Command exited with non-zero status N" / "Command terminated by signal N" first. */
function readTimeFile(path) {
  let fields = [];
  try {
    fields = readFileSync(path, 'utf8').trim().split('\n').at(-1).trim().split(/\s+/).map(Number);
  } catch {
    // time itself was killed: no report
  }
  if (fields.length !== 4 || fields.some((x) => !Number.isFinite(x))) return { userMs: null, sysMs: null, maxRssKb: null };
  const [, user, sys, maxRssKb] = fields;
  return { userMs: Math.round(user * 1000), sysMs: Math.round(sys * 1000), maxRssKb };
}

/** CPU of the marker processes that outlived the tool, then stop them (they are ours: the marker is our run dir). */
async function collectDetached(marker) {
  if (!marker) return { detachedCpuMs: 0, detachedProcs: 0 };
  const pids = findByCmdline(marker);
  let ticks = 0;
  for (const pid of pids) {
    const st = readStat(pid);
    if (st) ticks += st.utime + st.stime + st.cutime + st.cstime;
  }
  await stopPids(pids);
  return { detachedCpuMs: Math.round((ticks * 1000) / CLK_TCK), detachedProcs: pids.length };
}

/**
 * @param {{argv: string[], env?: object, cwd?: string, runDir: string, timeoutMs: number,
 *          detachedMarker?: string|null, sampleMs?: number, sampleTree?: boolean}} spec
 */
export async function runMeasured(spec) {
  const timeFile = join(spec.runDir, 'time.txt');
  const out = openSync(join(spec.runDir, 'stdout'), 'w');
  const err = openSync(join(spec.runDir, 'stderr'), 'w');
  const started = process.hrtime.bigint();
  const child = spawn(TIME, ['-f', '%e %U %S %M', '-o', timeFile, '--', '/bin/sh', '-c', RAISE_NOFILE, 'sh', ...spec.argv], {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', out, err],
  });
  closeSync(out);
  closeSync(err);
  current = { child, marker: spec.detachedMarker ?? null };
  const sampler = startTreeSampler(child.pid, { intervalMs: spec.sampleMs ?? 100, marker: spec.detachedMarker, enabled: spec.sampleTree !== false });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    signalPids(processTree(child.pid).slice(1), 'SIGKILL');
  }, spec.timeoutMs);
  const [code, signal] = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (c, s) => resolve([c, s]));
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  clearTimeout(timer);
  current = null;
  const sampled = sampler.stop();
  const detached = await collectDetached(spec.detachedMarker);
  const time = readTimeFile(timeFile);
  return {
    exitCode: code,
    signal,
    timedOut,
    wallMs: Math.round(wallMs),
    userMs: time.userMs,
    sysMs: time.sysMs,
    cpuMs: time.userMs === null ? null : time.userMs + time.sysMs + detached.detachedCpuMs,
    maxRssKb: time.maxRssKb,
    ...detached,
    ...sampled,
  };
}
