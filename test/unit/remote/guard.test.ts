// The guard (src/remote/guard.ts), run in real shells on this machine: dash and bash with
// util-linux's setsid, busybox alone (sh, setsid, sleep, cat, as on Alpine) when it is installed,
// and busybox without setsid. Every process a test starts is a `sleep` of a unique length.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  GUARD_SCRIPT,
  stoppedByRemoteDeadline,
  guardWords,
  killGroupCommand,
  readGuardPgid,
  remoteDeadlineS,
  stripGuardMarker,
} from '../../../src/remote/guard.js';
import { quote, renderCommand } from '../../../src/remote/quote.js';
import { prepareExec } from '../../../src/remote/become.js';
import type { Command } from '../../../src/managers/types.js';

const scratch = mkdtempSync(join(tmpdir(), 'pkgfleet-guard-'));
const BUSYBOX = ['/usr/bin/busybox', '/bin/busybox'].find((p) => existsSync(p));
/** For the commands under test (a stand-in for apt-get's own setsid), whatever the guard has. */
const SETSID = ['/usr/bin/setsid', '/bin/setsid'].find((p) => existsSync(p)) ?? 'setsid';
const bbDir = join(scratch, 'bb');
const bareDir = join(scratch, 'bb-no-setsid');
if (BUSYBOX) {
  spawnSync('mkdir', ['-p', bbDir, bareDir]);
  for (const applet of ['sh', 'setsid', 'sleep', 'kill', 'cat', 'cut', 'printf', 'env', 'true']) {
    symlinkSync(BUSYBOX, join(bbDir, applet));
    if (applet !== 'setsid') symlinkSync(BUSYBOX, join(bareDir, applet));
  }
}
afterAll(() => {
  // Whatever a failed test left behind: every test process sleeps 9xxx seconds.
  spawnSync('pkill', ['-KILL', '-f', '^sleep 9[0-9]{3}$']);
  rmSync(scratch, { recursive: true, force: true });
});

interface Toolset {
  name: string;
  shell: string;
  env: NodeJS.ProcessEnv;
  /** Without setsid the command shares the guard's group: only the tree walk finds it. */
  setsid: boolean;
}

const TOOLSETS: Toolset[] = [
  { name: 'dash + util-linux', shell: '/bin/dash', env: process.env, setsid: true },
  { name: 'bash + util-linux', shell: '/bin/bash', env: process.env, setsid: true },
  ...(BUSYBOX
    ? [
        { name: 'busybox', shell: join(bbDir, 'sh'), env: { ...process.env, PATH: bbDir }, setsid: true },
        { name: 'busybox without setsid', shell: join(bareDir, 'sh'), env: { ...process.env, PATH: bareDir }, setsid: false },
      ]
    : []),
].filter((t) => existsSync(t.shell));

const guarded = (argv: string[], deadlineS = 0): string => renderCommand({ argv, root: false }, { guard: { deadlineS, killAfterS: 2 } });

function runLine(ts: Toolset, line: string, input?: string) {
  return spawnSync(ts.shell, ['-c', line], { encoding: 'utf8', env: ts.env, ...(input !== undefined ? { input } : {}), timeout: 20_000 });
}

/** pids of this machine's processes whose command line is exactly `sleep N`. */
function sleeping(n: number): number[] {
  const r = spawnSync('pgrep', ['-f', `^sleep ${n}$`], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

async function eventually(test: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

const HOSTILE = ["it's", "'", '"q"', '$(touch /nonexistent/x)', '`id`', '$HOME', 'a\nb', '', ' ', '-n', '--', '*', 'a;b', 'ünï ☃', '\\', 'x=y', '@pkgfleet-pgid 1'];

describe('rendering', () => {
  it('goes inside sudo and before env: sudo runs the guard, so it runs as root', () => {
    const cmd: Command = { argv: ['apt-get', 'update'], root: true };
    const g = guardWords({ deadlineS: 58, killAfterS: 10 }).map(quote).join(' ');
    expect(g.startsWith("sh -c '")).toBe(true);
    expect(g.endsWith("' pkgfleet-guard run 10 58")).toBe(true);
    expect(renderCommand(cmd, { sudo: 'nopass', guard: { deadlineS: 58, killAfterS: 10 } })).toBe(`sudo -n -- ${g} env LC_ALL=C LANG=C apt-get update`);
    expect(renderCommand(cmd, { guard: { deadlineS: 58, killAfterS: 10 } })).toBe(`${g} env LC_ALL=C LANG=C apt-get update`);
    // The password still goes on stdin only.
    const p = prepareExec(cmd, 'password', 'pw', undefined, { deadlineS: 58, killAfterS: 10 });
    expect(p).toEqual({ line: `sudo -S -p '' -- ${g} env LC_ALL=C LANG=C apt-get update`, stdin: 'pw\n' });
  });

  it('takes whole seconds only', () => {
    expect(() => guardWords({ deadlineS: 1.5, killAfterS: 10 })).toThrow(/whole number/);
    expect(() => guardWords({ deadlineS: 5, killAfterS: -1 })).toThrow(/whole number/);
  });

  it('sets the remote deadline a little before the local one, in whole seconds', () => {
    expect(remoteDeadlineS(undefined)).toBe(0);
    expect(remoteDeadlineS(0)).toBe(0);
    expect(remoteDeadlineS(500)).toBe(1);
    expect(remoteDeadlineS(2000)).toBe(1);
    expect(remoteDeadlineS(3000)).toBe(2);
    expect(remoteDeadlineS(30_000)).toBe(27);
    expect(remoteDeadlineS(3_600_000)).toBe(3595);
  });

  it('reads and strips only the first PGID line, never 0 or 1', () => {
    expect(readGuardPgid('sudo: unable to resolve host x\n@pkgfleet-pgid 4242\nE: boom\n@pkgfleet-pgid 7\n')).toBe(4242);
    expect(stripGuardMarker('@pkgfleet-pgid 4242\nE: boom\n@pkgfleet-pgid 7\n')).toBe('E: boom\n@pkgfleet-pgid 7\n');
    expect(readGuardPgid('@pkgfleet-pgid 42')).toBeUndefined(); // not complete yet
    expect(readGuardPgid('@pkgfleet-pgid 1\n')).toBeUndefined();
    expect(readGuardPgid('@pkgfleet-pgid 0\n')).toBeUndefined();
    expect(() => killGroupCommand(1, true)).toThrow(/refusing/);
    expect(() => killGroupCommand(0, true)).toThrow(/refusing/);
    expect(killGroupCommand(4242, true)).toEqual({ argv: ['sh', '-c', GUARD_SCRIPT, 'pkgfleet-guard', 'kill', '4242', '10'], root: true });
  });

  it("recognises and removes the guard's deadline line", () => {
    expect(stoppedByRemoteDeadline('@pkgfleet-pgid 9\nE: boom\nTerminated\n@pkgfleet-deadline\n')).toBe(true);
    expect(stripGuardMarker('@pkgfleet-pgid 9\nE: boom\nTerminated\n@pkgfleet-deadline\n')).toBe('E: boom\nTerminated\n');
    expect(stoppedByRemoteDeadline('@pkgfleet-pgid 9\nE: boom\n')).toBe(false);
  });
});

describe.each(TOOLSETS)('the guard in real shells: $name', (ts) => {
  it('passes every argument through byte for byte', () => {
    const out = runLine(ts, guarded(['printf', '%s\\0', ...HOSTILE], 30));
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout.split('\0').slice(0, -1)).toEqual(HOSTILE);
  });

  it('passes stdin, stdout and the exit code through; the PGID line comes first on stderr', () => {
    const out = runLine(ts, guarded(['sh', '-c', 'cat; echo oops >&2; exit 3'], 30), 'hello\n');
    expect(out.status).toBe(3);
    expect(out.stdout).toBe('hello\n');
    expect(out.stderr).toMatch(/^@pkgfleet-pgid \d+\noops\n$/);
  });

  it('runs the command in a process group and session of its own, the one the PGID line names', () => {
    // fields 5 and 6 of /proc/PID/stat: process group, session
    const out = runLine(ts, guarded(['sh', '-c', 'cut -d" " -f5,6 /proc/$$/stat; echo $$'], 30));
    const pgid = readGuardPgid(out.stderr)!;
    const [ids, pid] = out.stdout.trim().split('\n');
    expect(pgid).toBeGreaterThan(1);
    expect(pgid).toBe(Number(pid)); // the group line names the command's own process
    if (ts.setsid) expect(ids).toBe(`${pgid} ${pgid}`);
  });

  it('passes a death by signal on as a death by signal', () => {
    // `exec`: like sshd's login shell running a single command (dash -c would report 143 itself)
    const out = runLine(ts, `exec ${guarded(['sh', '-c', 'kill -TERM $$'], 30)}`);
    expect(out.status).toBeNull();
    expect(out.signal).toBe('SIGTERM');
  });

  it('at the deadline the host ends the whole tree, a child in a session of its own included', async () => {
    const n = 9000 + Math.floor(Math.random() * 990);
    // like apt-get running dpkg on its own pty: a descendant in another session and group
    const script = `${SETSID} sh -c "sleep ${n + 1} & sleep ${n + 2}" & sleep ${n}; echo not reached`;
    const started = Date.now();
    const child = spawn(ts.shell, ['-c', `exec ${guarded(['sh', '-c', script], 1)}`], { env: ts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const [code, signal] = await new Promise<[number | null, string | null]>((r) => child.once('close', (c, s) => r([c, s])));
    // never early; late by at most about a second (generous here: this machine may be loaded)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(String(signal ?? code)).toMatch(/SIGTERM|143/);
    expect(stoppedByRemoteDeadline(stderr)).toBe(true);
    expect(stdout).toBe('');
    expect(await eventually(() => [n, n + 1, n + 2].every((x) => sleeping(x).length === 0))).toBe(true);
    // the clean-up pkgfleet runs afterwards finds nothing
    const kill = runLine(ts, renderCommand(killGroupCommand(readGuardPgid(stderr)!, false, 1)));
    expect(kill.stdout.trim()).toBe('gone');
  });

  it('a command that catches TERM and exits by itself is still reported as stopped by the deadline', () => {
    const n = 9000 + Math.floor(Math.random() * 990);
    const out = runLine(ts, guarded(['sh', '-c', `trap "exit 8" TERM; sleep ${n} & wait`], 1));
    expect(out.status).toBe(8);
    expect(stoppedByRemoteDeadline(out.stderr)).toBe(true);
  });

  it('kill: TERM for the tree (stopped); KILL after the grace for what ignores TERM (killed); a daemon that detached itself is left alone', { timeout: 60_000 }, async () => {
    for (const [script, said] of [
      [`${SETSID} sleep N1 & sleep N; true`, 'stopped'],
      ['trap "" TERM; sleep N1 & sleep N; true', 'killed'],
    ] as const) {
      const n = 9000 + Math.floor(Math.random() * 990);
      const daemon = n + 5;
      // no deadline: only `kill` ends it. (setsid sleep D &) exits at once: D is reparented, detached.
      const full = `(${SETSID} sleep ${daemon} </dev/null >/dev/null 2>&1 &); ${script.replaceAll('N1', String(n + 1)).replaceAll('N', String(n))}`;
      const child = spawn(ts.shell, ['-c', guarded(['sh', '-c', full], 0)], { env: ts.env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise((r) => child.once('close', r));
      try {
        expect(await eventually(() => readGuardPgid(stderr) !== undefined && sleeping(n).length === 1 && sleeping(n + 1).length === 1 && sleeping(daemon).length === 1)).toBe(true);
        const started = Date.now();
        const kill = runLine(ts, renderCommand(killGroupCommand(readGuardPgid(stderr)!, false, 1)));
        expect(kill.stdout.trim()).toBe(said);
        if (said === 'killed') expect(Date.now() - started).toBeGreaterThanOrEqual(900); // the grace period
        await exited;
        expect(sleeping(n)).toEqual([]);
        expect(sleeping(n + 1)).toEqual([]);
        expect(sleeping(daemon)).toHaveLength(1);
      } finally {
        spawnSync('pkill', ['-KILL', '-f', `^sleep ${daemon}$`]);
      }
    }
  });

  it('the clean-up of a group that has already ended says gone', () => {
    const out = runLine(ts, guarded(['true'], 30));
    const kill = runLine(ts, renderCommand(killGroupCommand(readGuardPgid(out.stderr)!, false, 1)));
    expect(kill.stdout.trim()).toBe('gone');
  });
});
