import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScheduleError } from '../../../src/schedule/errors.js';
import { loadSchedule, parseSchedule } from '../../../src/schedule/load.js';

const FILE = '/etc/pkgfleet/schedule.yml';

function fails(text: string): ScheduleError {
  try {
    parseSchedule(text, FILE);
  } catch (e) {
    expect(e).toBeInstanceOf(ScheduleError);
    return e as ScheduleError;
  }
  throw new Error('expected a ScheduleError');
}

describe('schedule file', () => {
  it('reads entries, merges defaults, resolves paths against the file', () => {
    const f = parseSchedule(
      [
        'defaults:',
        '  timezone: Europe/Berlin',
        '  inventory: fleet.yml',
        '  window: { start: "02:00", duration: 2h }',
        '  missed: run_once',
        '  options: { forks: 20, become: true }',
        '  notify: { file: ./runs.jsonl }',
        'schedule:',
        '  - name: nightly-security',
        '    playbook: playbooks/security.yml',
        '    cron: "30 2 * * 1-5"',
        '    splay: 10m',
        '    limit: "web:!canary"',
        '    options: { check: true, lock_timeout: 10m }',
        '  - name: hourly-scan',
        '    command: scan',
        '    cron: "@hourly"',
        '    timezone: UTC',
        '    window: { start: "22:00", duration: 8h }',
        '    missed: skip',
        '    inventory: [a.yml, /srv/b.yml]',
        '    notify: { webhook: "http://127.0.0.1:9/hook" }',
      ].join('\n'),
      FILE,
    );
    expect(f.baseDir).toBe('/etc/pkgfleet');
    const [a, b] = f.entries;
    expect(a).toMatchObject({
      name: 'nightly-security',
      action: { kind: 'playbook', path: '/etc/pkgfleet/playbooks/security.yml' },
      inventory: ['/etc/pkgfleet/fleet.yml'],
      limit: 'web:!canary',
      cron: '30 2 * * 1-5',
      timezone: 'Europe/Berlin',
      window: { startMinutes: 120, durationMs: 7_200_000, text: '02:00+2h' },
      splayMs: 600_000,
      missed: 'run_once',
      options: { forks: 20, become: true, check: true, lockTimeoutMs: 600_000 },
      notify: { file: '/etc/pkgfleet/runs.jsonl' },
      at: { file: FILE, line: 9, column: 5 },
    });
    expect(b).toMatchObject({
      name: 'hourly-scan',
      action: { kind: 'command', argv: ['scan'] },
      inventory: ['/etc/pkgfleet/a.yml', '/srv/b.yml'],
      timezone: 'UTC',
      window: { startMinutes: 1320, durationMs: 8 * 3_600_000 },
      splayMs: 0,
      missed: 'skip',
      options: { forks: 20, become: true },
      notify: { file: '/etc/pkgfleet/runs.jsonl', webhook: 'http://127.0.0.1:9/hook' },
    });
  });

  it('points at the bad cron pattern', () => {
    const e = fails('schedule:\n  - name: x\n    command: scan\n    cron: "61 * * * *"\n');
    expect(e.message).toMatch(/^\/etc\/pkgfleet\/schedule\.yml:4:11: invalid cron pattern "61 \* \* \* \*": .*minute/);
  });

  it('points at an unknown time zone, also when it comes from defaults', () => {
    expect(fails('schedule:\n  - name: x\n    command: scan\n    cron: "@daily"\n    timezone: Mars/Base\n').message).toMatch(/:5:15: unknown time zone "Mars\/Base"/);
    expect(fails('defaults:\n  timezone: Nowhere\nschedule:\n  - name: x\n    command: scan\n    cron: "@daily"\n').message).toMatch(/:2:13: unknown time zone "Nowhere"/);
  });

  it('refuses unknown keys with a suggestion, at the key', () => {
    const e = fails('schedule:\n  - name: x\n    command: scan\n    cron: "@daily"\n    timzone: UTC\n');
    expect(e.line).toBe(5);
    expect(e.column).toBe(5);
    expect(e.reason).toMatch(/unknown key 'timzone'.*did you mean 'timezone'/);
  });

  it('needs exactly one of playbook or command, and a command it knows', () => {
    expect(fails('schedule:\n  - name: x\n    cron: "@daily"\n').reason).toMatch(/exactly one of playbook or command/);
    expect(fails('schedule:\n  - name: x\n    cron: "@daily"\n    playbook: a.yml\n    command: scan\n').reason).toMatch(/exactly one of playbook or command/);
    const bad = fails('schedule:\n  - name: x\n    cron: "@daily"\n    command: upgrde --security\n');
    expect(bad.message).toMatch(/:4:14: a scheduled command must be one of scan, update, upgrade, install, remove/);
    expect(fails('schedule:\n  - name: x\n    cron: "@daily"\n    command: upgrade --all\n').reason).toMatch(/does not take --all/);
    expect(fails('schedule:\n  - name: x\n    cron: "@daily"\n    command: ["install", "bad name;rm"]\n').line).toBe(4);
  });

  it('checks windows, durations and names', () => {
    expect(fails('schedule:\n  - name: x\n    command: scan\n    cron: "@daily"\n    window: { start: "25:00", duration: 1h }\n').reason).toMatch(/HH:MM/);
    expect(fails('schedule:\n  - name: x\n    command: scan\n    cron: "@daily"\n    window: { start: "02:00", duration: 30h }\n').reason).toMatch(/from 1m to 24h/);
    expect(fails('schedule:\n  - name: x\n    command: scan\n    cron: "@daily"\n    missed: always\n').reason).toMatch(/skip, run_once/);
    expect(fails('schedule:\n  - name: "../etc"\n    command: scan\n    cron: "@daily"\n').reason).toMatch(/letters, digits/);
    expect(fails('schedule:\n  - name: x\n    command: scan\n    cron: "@daily"\n    notify: { webhook: "ftp://x" }\n').reason).toMatch(/http\(s\) URL/);
  });

  it('refuses duplicate names at the second one', () => {
    const e = fails('schedule:\n  - name: x\n    command: scan\n    cron: "@daily"\n  - name: x\n    command: scan\n    cron: "@hourly"\n');
    expect(e.line).toBe(5);
    expect(e.reason).toMatch(/duplicate schedule name "x"/);
  });

  it('refuses a file without a schedule list, and YAML errors, with a location', () => {
    expect(fails('- name: x\n').reason).toMatch(/must be a mapping with a 'schedule:' list/);
    expect(fails('schedule:\n  - name: x\n   bad: [\n').message).toMatch(/^\/etc\/pkgfleet\/schedule\.yml:\d+:\d+: YAML syntax error/);
    expect(fails('hosts: {}\nschedule: []\n').reason).toMatch(/unknown key 'hosts'/);
  });

  it('says when the file cannot be read', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pkgfleet-sched-'));
    expect(() => loadSchedule(path.join(dir, 'missing.yml'))).toThrow(/cannot read schedule file \(ENOENT\)/);
    writeFileSync(path.join(dir, 's.yml'), 'schedule:\n  - name: a\n    command: update\n    cron: "0 3 * * *"\n    timezone: UTC\n');
    expect(loadSchedule(path.join(dir, 's.yml')).entries[0]!.action).toEqual({ kind: 'command', argv: ['update'] });
  });
});
