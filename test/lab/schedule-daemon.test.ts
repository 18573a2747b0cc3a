import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, REPO, runCli } from '../helpers/cli.js';
import { ensureLab, isRoot, type LabInfo } from './lab-env.js';

// `pkgfleet daemon` for real against the lab: a playbook in check mode every 15 seconds, then
// SIGTERM in the middle of a run (after its canary batch), then a restart that finds the fire
// time it missed. Check mode changes no package on the shared hosts.
const LAB_HOSTS = ['apt1', 'dnf1', 'zypper1', 'pacman1'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type LogLine = Record<string, any>;

/** The daemon as a child process whose pino lines are parsed as they arrive. */
class Daemon {
  readonly lines: LogLine[] = [];
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    this.child.stdout!.on('data', (d) => {
      buf += d;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        try {
          this.lines.push(JSON.parse(line));
        } catch {
          this.lines.push({ raw: line });
        }
      }
    });
    this.child.stderr!.on('data', (d) => (this.stderr += d));
    this.exited = new Promise((r) => this.child.on('exit', (code, signal) => r({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The first log line from index `from` on that matches. */
  async waitFor(pred: (l: LogLine) => boolean, what: string, timeoutMs = 120_000, from = 0): Promise<{ line: LogLine; index: number }> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const index = this.lines.findIndex((l, i) => i >= from && pred(l));
      if (index >= 0) return { line: this.lines[index]!, index };
      if (this.child.exitCode !== null || Date.now() > end) {
        throw new Error(`no log line for ${what}\n${this.lines.map((l) => JSON.stringify(l)).join('\n').slice(-6000)}\nstderr: ${this.stderr.slice(-2000)}`);
      }
      await sleep(200);
    }
  }

  signal(s: NodeJS.Signals): void {
    this.child.kill(s);
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

describe.skipIf(!isRoot)('pkgfleet daemon against the lab', () => {
  let lab: LabInfo;
  let dir: string;
  let db: string;
  let locks: string;
  let schedule: string;
  const daemons: Daemon[] = [];
  let lastStart = 0;

  beforeAll(async () => {
    lab = await ensureLab();
    dir = mkdtempSync(path.join(os.tmpdir(), 'pkgfleet-lab-daemon-'));
    db = path.join(dir, 'history.db');
    locks = path.join(dir, 'locks');
    schedule = path.join(dir, 'schedule.yml');
    const hour = new Date().getUTCHours();
    const start = `${String((hour + 23) % 24).padStart(2, '0')}:00`; // an open window: from an hour ago, for 3h
    writeFileSync(
      schedule,
      [
        'schedule:',
        '  - name: patch-check',
        `    playbook: ${path.join(REPO, 'playbooks', 'security-patch.yml')}`,
        `    inventory: ${lab.inventory}`,
        '    cron: "*/15 * * * * *"',
        '    timezone: UTC',
        `    window: { start: "${start}", duration: 3h }`,
        '    missed: run_once',
        '    options: { check: true, forks: 4 }',
        '    notify: { file: runs.jsonl }',
        '',
      ].join('\n'),
    );
    // Create the database before two processes could race on creating it.
    expect((await runCli(['--db', db, 'history'])).code).toBe(0);
  });
  afterAll(() => {
    for (const d of daemons) d.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs on its cron, records each run, and SIGTERM mid-run: no new batch starts, the run is interrupted', async () => {
    const d = new Daemon(['--db', db, 'daemon', '--schedule', schedule, '--lock-dir', locks]);
    daemons.push(d);
    await d.waitFor((l) => l.event === 'daemon-start', 'daemon-start', 30_000);
    // A first run to its end.
    const first = await d.waitFor((l) => l.event === 'end', 'the first run to end', 180_000);
    expect(first.line).toMatchObject({ schedule: 'patch-check', interrupted: false });
    // The next run: wait for its canary batch (1 host) to finish, then SIGTERM.
    const start = await d.waitFor((l) => l.event === 'start' && l.trigger === 'cron', 'the second run to start', 60_000, first.index + 1);
    const canary = await d.waitFor((l) => l.event === 'done' && typeof l.host === 'string', 'the canary host to finish', 120_000, start.index + 1);
    d.signal('SIGTERM');
    const exit = await d.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    const stop = await d.waitFor((l) => l.event === 'daemon-stop', 'daemon-stop', 1000, canary.index);
    const end = await d.waitFor((l) => l.event === 'end', 'the interrupted run to end', 1000, stop.index);
    expect(end.line).toMatchObject({ interrupted: true });
    await d.waitFor((l) => l.event === 'daemon-exit', 'daemon-exit', 1000, end.index);
    expect(existsSync(path.join(locks, 'patch-check.lock'))).toBe(false);

    // The history: both runs, flagged as scheduled check runs; the second one interrupted.
    const hist = await runCli(['--db', db, 'history', '--json']);
    const runs = (hist.json as { runId: string; status: string; check: boolean; args: string[]; operation: string }[]).slice(0, 2);
    expect(runs.map((r) => r.runId)).toEqual([end.line.runId, first.line.runId]);
    for (const r of runs) {
      expect(r).toMatchObject({ operation: 'play', check: true });
      expect(r.args).toContain('--schedule=patch-check');
    }
    expect(runs.map((r) => r.status)).toEqual(['interrupted', 'complete']);

    const firstRun = (await runCli(['--db', db, 'show', first.line.runId, '--json'])).json;
    expect(firstRun.hosts.map((h: { host: string }) => h.host).sort()).toEqual([...LAB_HOSTS].sort());
    expect(firstRun.hosts.filter((h: { status: string }) => h.status === 'skipped')).toEqual([]);

    const second = (await runCli(['--db', db, 'show', end.line.runId, '--json'])).json as { hosts: { host: string; status: string; error?: { kind: string } }[] };
    const started = second.hosts.filter((h) => h.status !== 'skipped');
    const notStarted = second.hosts.filter((h) => h.status === 'skipped');
    // serial [1, 25%, 100%]: the canary (and perhaps the second batch) ran; the last batch (2 hosts) never started.
    expect(started.map((h) => h.host)).toContain(canary.line.host);
    // A host that was running when SIGTERM came finished its work: nothing was aborted.
    for (const h of started) expect(h.error?.kind, h.host).not.toBe('interrupted');
    expect(notStarted.length).toBeGreaterThanOrEqual(2);
    for (const h of notStarted) expect(h.error?.kind).toBe('not-started');
    expect(started.length + notStarted.length).toBe(4);
    const human = await runCli(['--db', db, 'show', end.line.runId]);
    expect(human.stdout).toMatch(/interrupted: stopped before every host ran/);

    // Each run's summary went to the notify file, marked with its schedule.
    const notes = readFileSync(path.join(dir, 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(notes.map((n) => [n.runId, n.schedule, n.status])).toEqual([
      [first.line.runId, 'patch-check', 'complete'],
      [end.line.runId, 'patch-check', 'interrupted'],
    ]);
    lastStart = new Date(hist.json[0].startedAt as string).getTime();
  });

  it('a restart after a missed fire time runs it once (missed: run_once), and another daemon cannot run it at the same time', async () => {
    expect(lastStart).toBeGreaterThan(0);
    // Let the next 15-second fire time pass with no daemon running.
    const nextFire = Math.ceil((lastStart + 1) / 15_000) * 15_000;
    await sleep(Math.max(0, nextFire + 1500 - Date.now()));
    const d = new Daemon(['--db', db, 'daemon', '--schedule', schedule, '--lock-dir', locks]);
    daemons.push(d);
    const missed = await d.waitFor((l) => l.event === 'missed', 'the missed fire time', 30_000);
    expect(missed.line).toMatchObject({ schedule: 'patch-check', policy: 'run_once' });
    const start = await d.waitFor((l) => l.event === 'start', 'the missed run to start', 30_000, missed.index);
    expect(start.line.trigger).toBe('missed');
    // While it runs, the lock names this daemon; `schedule run` of the same schedule is refused.
    const lock = JSON.parse(readFileSync(path.join(locks, 'patch-check.lock'), 'utf8'));
    expect(lock).toMatchObject({ pid: d.pid, hostname: os.hostname() });
    const busy = await runCli(['--db', db, 'schedule', 'run', 'patch-check', '--schedule', schedule, '--lock-dir', locks]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain(`schedule patch-check is already running (pid ${d.pid}`);
    d.signal('SIGTERM');
    expect(await d.exited).toEqual({ code: 0, signal: null });
    const end = await d.waitFor((l) => l.event === 'end', 'the missed run to end', 1000, start.index);
    const run = (await runCli(['--db', db, 'show', end.line.runId, '--json'])).json;
    expect(run.args).toContain('--schedule=patch-check');
  });
});
