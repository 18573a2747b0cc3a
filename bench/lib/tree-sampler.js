// Samples the total RSS of a process tree every `intervalMs` from /proc (a fair "total controller
// memory" for tools that fork hundreds of processes, where /usr/bin/time only sees the largest one).
// Optionally also follows processes that left the tree (ssh ControlPersist masters daemonize) but
// carry a marker in their command line: ansible's per-run ControlPath directory.
import { processTree, readStat, findByCmdline } from './proc.js';

const MARKER_SCAN_EVERY = 10; // marker scans walk all of /proc: once a second at 100 ms

export function startTreeSampler(rootPid, { intervalMs = 100, marker = null, enabled = true } = {}) {
  const detached = new Set();
  let peakBytes = 0;
  let peakProcs = 0;
  let samples = 0;
  let ticks = 0;
  const cpuBefore = process.cpuUsage();

  function sample() {
    if (marker && ticks % MARKER_SCAN_EVERY === 0) for (const pid of findByCmdline(marker)) detached.add(pid);
    ticks++;
    // The root is /usr/bin/time itself: leave it out, count the tool and everything under it.
    const pids = new Set(processTree(rootPid).slice(1));
    for (const pid of detached) pids.add(pid);
    let bytes = 0;
    let procs = 0;
    for (const pid of pids) {
      const st = readStat(pid);
      if (st === null || st.state === 'Z') continue;
      bytes += st.rssBytes;
      procs++;
    }
    samples++;
    if (bytes > peakBytes) peakBytes = bytes;
    if (procs > peakProcs) peakProcs = procs;
  }

  const timer = enabled ? setInterval(sample, intervalMs) : null;
  if (enabled) sample();

  return {
    /** Stops sampling; returns the peaks and what the sampling itself cost this process. */
    stop() {
      if (timer) clearInterval(timer);
      const cpu = process.cpuUsage(cpuBefore);
      return {
        treePeakRssKb: enabled ? Math.round(peakBytes / 1024) : null,
        treePeakProcs: enabled ? peakProcs : null,
        samples,
        samplerCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      };
    },
  };
}
