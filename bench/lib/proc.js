// Small, synchronous readers over /proc, used to sample process trees and to stop our own processes.
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

export const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
export const PAGE_SIZE = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim()) || 4096;

function readOrNull(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Fields of /proc/PID/stat we use, or null when the process is gone. `comm` may hold spaces: split after ')'. */
export function readStat(pid) {
  const text = readOrNull(`/proc/${pid}/stat`);
  if (text === null) return null;
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); field N is rest[N - 3].
  return {
    state: rest[0],
    ppid: Number(rest[1]),
    utime: Number(rest[11]),
    stime: Number(rest[12]),
    cutime: Number(rest[13]),
    cstime: Number(rest[14]),
    rssBytes: Number(rest[21]) * PAGE_SIZE,
  };
}

/** Alive = exists and is not a zombie. */
export function isAlive(pid) {
  const st = readStat(pid);
  return st !== null && st.state !== 'Z' && st.state !== 'X';
}

/** Direct children of every thread of PID (a child may be forked from any thread). */
export function childrenOf(pid) {
  let tids;
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out = [];
  for (const tid of tids) {
    const text = readOrNull(`/proc/${pid}/task/${tid}/children`);
    if (!text) continue;
    for (const p of text.trim().split(/\s+/)) if (p) out.push(Number(p));
  }
  return out;
}

/** PID and all its descendants, parents first. */
export function processTree(rootPid) {
  const seen = [];
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop();
    seen.push(pid);
    stack.push(...childrenOf(pid));
  }
  return seen;
}

export function cmdlineOf(pid) {
  const text = readOrNull(`/proc/${pid}/cmdline`);
  return text === null ? null : text.replace(/\0/g, ' ').trim();
}

/** Every live PID whose command line contains `marker` (a path unique to one of our runs). */
export function findByCmdline(marker) {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cmd = cmdlineOf(name);
    if (cmd !== null && cmd.includes(marker)) out.push(Number(name));
  }
  return out;
}

/** Sends `signal` to each PID that is still ours to signal; ignores ones that are gone. */
export function signalPids(pids, signal) {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, wait up to graceMs for them to exit, then SIGKILL what is left. */
export async function stopPids(pids, graceMs = 3000) {
  signalPids(pids, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(isAlive)) await sleep(50);
  signalPids(pids.filter(isAlive), 'SIGKILL');
}
