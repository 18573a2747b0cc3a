import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryArgs, entryFlags } from '../../../src/cli/schedule-executor.js';
import { lastScheduledRunAt } from '../../../src/schedule/last-run.js';
import { parseSchedule } from '../../../src/schedule/load.js';
import { lockFile } from '../../../src/schedule/lock.js';
import { RunStore } from '../../../src/store/index.js';
import { cli, tempDir } from './cli-harness.js';

const tmp = tempDir();
const db = path.join(tmp.dir, 'sched.db');
const locks = path.join(tmp.dir, 'locks');
const file = path.join(tmp.dir, 'schedule.yml');

beforeAll(() => {
  // Port 1 on loopback refuses connections: runs end quickly with unreachable hosts, nothing executed.
  writeFileSync(path.join(tmp.dir, 'inv.yml'), 'hosts:\n  ghost1: { address: 127.0.0.1, port: 1 }\n');
  writeFileSync(
    file,
    [
      'defaults:',
      '  inventory: inv.yml',
      '  timezone: UTC',
      'schedule:',
      '  - name: nightly',
      '    command: upgrade --security',
      '    cron: "30 2 * * *"',
      '    window: { start: "02:00", duration: 2h }',
      '    splay: 5m',
      '    missed: run_once',
      '    options: { check: true, connect_timeout: 3s }',
      '    notify: { file: runs.jsonl }',
      '  - name: scan',
      '    command: scan',
      '    cron: "0 * * * *"',
      '',
    ].join('\n'),
  );
});
afterAll(() => tmp.remove());

describe('schedule CLI', () => {
  it('list shows the next fire times', async () => {
    const r = await cli('--db', db, 'schedule', 'list', '--schedule', file, '--json', '--count', '2');
    expect(r.code).toBe(0);
    const items = JSON.parse(r.stdout) as { name: string; next: string[]; window: string | null; lastRunAt: string | null }[];
    expect(items.map((i) => i.name)).toEqual(['nightly', 'scan']);
    const [a, b] = items.map((i) => i.next.map((t) => new Date(t)));
    expect(a).toHaveLength(2);
    expect(a!.every((d) => d.getUTCHours() === 2 && d.getUTCMinutes() === 30)).toBe(true);
    expect(a![1]!.getTime() - a![0]!.getTime()).toBe(86_400_000);
    expect(b![0]!.getUTCMinutes()).toBe(0);
    expect(b![0]!.getTime()).toBeGreaterThan(Date.now());
    expect(items[0]!.window).toBe('02:00+2h');
    const table = await cli('--db', db, 'schedule', 'list', '--schedule', file);
    expect(table.stdout).toMatch(/^NAME\s+NEXT\s+CRON\s+WINDOW\s+SPLAY\s+MISSED\s+LAST RUN\s+WHAT$/m);
    expect(table.stdout).toMatch(/^nightly\s+.*30 2 \* \* \* \(UTC\)\s+02:00\+2h\s+5m00s\s+run_once\s+-\s+upgrade --security --check$/m);
  });

  it('run NAME runs it now (no window for an operator), records it with the schedule marker, notifies', async () => {
    const r = await cli('--db', db, 'schedule', 'run', 'nightly', '--schedule', file, '--lock-dir', locks, '--json');
    expect(r.code).toBe(3); // the host is unreachable
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ operation: 'upgrade', check: true, args: ['upgrade', '--security', '--check', '--schedule=nightly'] });
    const store = new RunStore({ path: db });
    const last = lastScheduledRunAt(store, 'nightly');
    expect(last?.toISOString()).toBe(store.getRun(result.runId)!.startedAt);
    expect(lastScheduledRunAt(store, 'scan')).toBeNull();
    store.close();
    const note = JSON.parse(readFileSync(path.join(tmp.dir, 'runs.jsonl'), 'utf8').trim());
    expect(note).toMatchObject({ runId: result.runId, schedule: 'nightly', counts: { unreachable: 1 } });
    expect(existsSync(lockFile(locks, 'nightly'))).toBe(false); // released
  });

  it('run refuses while another live process holds the schedule lock; a timer outside the window does nothing', async () => {
    writeFileSync(lockFile(locks, 'scan'), JSON.stringify({ pid: process.ppid, hostname: os.hostname(), startedAt: '2024-01-01T00:00:00.000Z' }));
    const busy = await cli('--db', db, 'schedule', 'run', 'scan', '--schedule', file, '--lock-dir', locks);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/schedule scan is already running \(pid \d+ on /);
    const fromTimer = await cli('--db', db, 'schedule', 'run', 'scan', '--schedule', file, '--lock-dir', locks, '--from-timer');
    expect(fromTimer.code).toBe(0); // nothing for systemd to retry
    const hour = new Date().getUTCHours();
    if (hour < 2 || hour >= 4) {
      const outside = await cli('--db', db, 'schedule', 'run', 'nightly', '--schedule', file, '--lock-dir', locks, '--from-timer');
      expect(outside.code).toBe(0);
      expect(outside.stderr).toMatch(/outside the maintenance window 02:00\+2h \(UTC\): not started/);
    }
    expect((await cli('--db', db, 'schedule', 'run', 'nope', '--schedule', file)).stderr).toMatch(/no schedule named "nope" \(have: nightly, scan\)/);
  });

  it('install --print and install --unit-dir write a service + timer per schedule, or one daemon service', async () => {
    const printed = await cli('--db', db, 'schedule', 'install', '--schedule', file, '--print');
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('# pkgfleet-nightly.timer\n');
    expect(printed.stdout).toContain('OnCalendar=*-*-* 02:30:00 UTC\n');
    expect(printed.stdout).toContain(`--db ${db} schedule run nightly --schedule ${file} --from-timer`);
    const dir = path.join(tmp.dir, 'units');
    const w = await cli('--db', db, 'schedule', 'install', '--schedule', file, '--unit-dir', dir);
    expect(w.code).toBe(0);
    for (const u of ['pkgfleet-nightly.service', 'pkgfleet-nightly.timer', 'pkgfleet-scan.service', 'pkgfleet-scan.timer']) expect(existsSync(path.join(dir, u))).toBe(true);
    expect(w.stderr).toMatch(/systemctl enable --now pkgfleet-nightly\.timer pkgfleet-scan\.timer/);
    const d = await cli('--db', db, 'schedule', 'install', '--schedule', file, '--daemon', '--print');
    expect(d.stdout).toMatch(/# pkgfleet-daemon\.service\n[\s\S]*ExecStart=.* daemon --schedule /);
  });

  it('a schedule file error is a usage error with file:line:column', async () => {
    const bad = path.join(tmp.dir, 'bad.yml');
    writeFileSync(bad, 'schedule:\n  - name: x\n    command: scan\n    cron: "* * *"\n');
    const r = await cli('schedule', 'list', '--schedule', bad);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`${bad}:4:11: invalid cron pattern`);
    expect((await cli('schedule', 'list', '--schedule', path.join(tmp.dir, 'none.yml'))).stderr).toMatch(/no schedule file/);
  });
});

describe('a schedule entry as CLI flags and history args', () => {
  it('maps options to the flags the CLI would take', () => {
    const f = parseSchedule(
      'schedule:\n  - name: n\n    playbook: p.yml\n    cron: "@daily"\n    timezone: UTC\n    limit: web\n    options: { forks: 5, become: true, check: true, lock_timeout: 10m, timeout: 1h, host_key_policy: strict }\n',
      '/etc/pkgfleet/s.yml',
    );
    const e = f.entries[0]!;
    expect(entryFlags(e)).toMatchObject({ quiet: true, limit: 'web', forks: '5', become: true, lockTimeout: '600', timeout: '3600', hostKeyPolicy: 'strict', connectTimeout: '10', commandTimeout: '3600' });
    expect(entryArgs(e)).toEqual(['play', '/etc/pkgfleet/p.yml', '--check', '--limit', 'web', '--schedule=n']);
  });
});
