import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostResult } from '../../../src/fleet/result.js';
import { RunStore } from '../../../src/store/index.js';
import { cli, deadPid, tempDir } from './cli-harness.js';

const tmp = tempDir();
const db = path.join(tmp.dir, 'history.db');
const ids: Record<string, string> = {};

const changed = (host: string, name: string, from: string, to: string): HostResult => ({
  host,
  status: 'changed',
  manager: 'apt',
  changes: [{ name, action: 'upgrade', from, to, manager: 'apt' }],
  durationMs: 2100,
});
const ok = (host: string): HostResult => ({ host, status: 'ok', manager: 'dnf', changes: [], durationMs: 900 });
const failed = (host: string): HostResult => ({
  host,
  status: 'failed',
  manager: 'zypper',
  changes: [],
  exitCode: 7,
  durationMs: 300,
  error: { kind: 'lock', message: 'package database locked by pid 42 (sleep)', stderrTail: 'System management is locked' },
});

beforeAll(() => {
  const at = (iso: string) => () => new Date(iso);
  // A complete upgrade 3 days ago.
  let s = new RunStore({ path: db, now: at('2024-01-07T02:00:05Z') });
  ids.upgrade = s.startRun({ operation: 'upgrade', args: ['upgrade'], check: false, hosts: ['web1', 'web2', 'db1'], startedAt: new Date('2024-01-07T02:00:00Z') });
  s.recordHost(ids.upgrade, changed('web1', 'openssl', '3.0.11-1', '3.0.13-1'));
  s.recordHost(ids.upgrade, changed('web2', 'openssl', '3.0.11-1', '3.0.13-1'));
  s.recordHost(ids.upgrade, ok('db1'));
  s.finishRun(ids.upgrade);
  // A check-mode install yesterday with a failed host.
  ids.install = s.startRun({ operation: 'install', args: ['install', 'htop'], check: true, hosts: ['web1', 'suse1'], startedAt: new Date('2024-01-09T10:00:00Z') });
  s.recordHost(ids.install, ok('web1'));
  s.recordHost(ids.install, failed('suse1'));
  s.finishRun(ids.install);
  s.close();
  // A run whose controller was killed (-9) after two of its three hosts: pid gone, same machine.
  s = new RunStore({ path: db, pid: deadPid(), hostname: os.hostname(), now: at('2024-01-10T02:01:00Z') });
  ids.killed = s.startRun({ operation: 'upgrade', args: ['upgrade', '--security'], check: false, hosts: ['web1', 'web2', 'db1'], startedAt: new Date('2024-01-10T02:00:00Z') });
  s.recordHost(ids.killed, changed('web1', 'libssl3', '3.0.11-1', '3.0.13-1'));
  s.recordHost(ids.killed, ok('db1'));
  s.db.close(); // no finishRun: the process "died"
});
afterAll(() => tmp.remove());

describe('history CLI on a temp database', () => {
  it('history lists runs newest first; the killed run reads as incomplete', async () => {
    const r = await cli('--db', db, 'history');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^RUN\s+STARTED\s+STATUS\s+DURATION\s+HOSTS\s+WHAT$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/)[0])).toEqual([ids.killed, ids.install, ids.upgrade]);
    expect(lines[1]).toMatch(/incomplete .*1 ok, 1 changed .*upgrade --security/);
    expect(lines[2]).toMatch(/complete .*1 ok, 1 failed .*install htop \(check\)/);
    expect(lines[3]).toMatch(/complete .*1 ok, 2 changed .*upgrade$/);
  });

  it('--json, --host, --failed, --since and --count filter', async () => {
    const all = await cli('--db', db, 'history', '--json');
    const runs = JSON.parse(all.stdout) as { runId: string; status: string; check: boolean }[];
    expect(runs.map((r) => [r.runId, r.status, r.check])).toEqual([
      [ids.killed, 'incomplete', false],
      [ids.install, 'complete', true],
      [ids.upgrade, 'complete', false],
    ]);
    const host = JSON.parse((await cli('--db', db, 'history', '--host', 'web2', '--json')).stdout) as { runId: string; hostStatus: string }[];
    // web2 never finished in the killed run: only the upgrade counts it.
    expect(host.map((r) => [r.runId, r.hostStatus])).toEqual([[ids.upgrade, 'changed']]);
    const hostTable = await cli('--db', db, 'history', '--host', 'suse1');
    expect(hostTable.stdout).toMatch(/HOST/);
    expect(hostTable.stdout).toMatch(new RegExp(`${ids.install}.*failed`));
    const bad = JSON.parse((await cli('--db', db, 'history', '--failed', '--json')).stdout) as { runId: string }[];
    expect(bad.map((r) => r.runId)).toEqual([ids.killed, ids.install]);
    const since = JSON.parse((await cli('--db', db, 'history', '--since', '2024-01-09', '--json')).stdout) as { runId: string }[];
    expect(since.map((r) => r.runId)).toEqual([ids.killed, ids.install]);
    const one = JSON.parse((await cli('--db', db, 'history', '-n', '1', '--json')).stdout) as unknown[];
    expect(one).toHaveLength(1);
    const days = await cli('--db', db, 'history', '--since', '7d');
    expect(days.code).toBe(0); // relative to the real clock: these 2024 runs are older
    expect(days.stdout).toMatch(/no run recorded matches/);
  });

  it('show prints the live-run summary of a stored run: every finished host, the rest not started', async () => {
    const r = await cli('--db', db, 'show', ids.killed!);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^run ${ids.killed}: incomplete: its controller died mid-run`));
    expect(r.stdout).toContain(`== pkgfleet upgrade: 3 hosts, run ${ids.killed}`);
    expect(r.stdout).toMatch(/CHANGED 1 host: web1\n {4}libssl3: 3\.0\.11-1 → 3\.0\.13-1/);
    expect(r.stdout).toMatch(/OK 1 host: db1\n {4}no change/);
    expect(r.stdout).toMatch(/SKIPPED 1 host: web2\n {4}not-started: /);
    expect(r.stdout).toMatch(/-- ok=1 changed=1 failed=0 unreachable=0 skipped=1 .*\(interrupted\)/);
    const j = JSON.parse((await cli('--db', db, 'show', ids.install!, '--json')).stdout);
    expect(j).toMatchObject({ runId: ids.install, status: 'complete', check: true, operation: 'install', counts: { ok: 1, failed: 1 } });
    expect(j.hosts[1]).toMatchObject({ host: 'suse1', status: 'failed', error: { kind: 'lock', stderrTail: 'System management is locked' } });
  });

  it('show and report refuse an unknown run id with exit 5', async () => {
    const r = await cli('--db', db, 'show', 'NOPE');
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/no run "NOPE" in the history/);
    expect((await cli('--db', db, 'report', 'NOPE', '--html', path.join(tmp.dir, 'x.html'))).code).toBe(5);
  });

  it('report writes one self-contained page for a run', async () => {
    const out = path.join(tmp.dir, 'run.html');
    const r = await cli('--db', db, 'report', ids.upgrade!, '--html', out);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    for (const s of ['web1', 'web2', 'db1', 'openssl', '3.0.13-1']) expect(html).toContain(s);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=["']https?:/i);
  });

  it('bad flags are usage errors', async () => {
    expect((await cli('--db', db, 'history', '--since', 'last tuesday')).code).toBe(5);
    expect((await cli('--db', db, 'history', '-n', '0')).code).toBe(5);
    expect(existsSync(db)).toBe(true);
  });
});
