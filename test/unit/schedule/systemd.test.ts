import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nextFires } from '../../../src/schedule/cron.js';
import { CalendarConversionError, cronToOnCalendar } from '../../../src/schedule/on-calendar.js';
import { daemonUnit, timerUnits, unitWord } from '../../../src/schedule/systemd-units.js';
import type { ScheduleEntry } from '../../../src/schedule/types.js';

const CASES: [string, string][] = [
  ['30 2 * * *', '*-*-* 02:30:00'],
  ['30 2 * * 1-5', 'Mon..Fri *-*-* 02:30:00'],
  ['0 */6 * * *', '*-*-* 00/6:00:00'],
  ['*/15 * * * *', '*-*-* *:00/15:00'],
  ['0 3 1 * *', '*-*-01 03:00:00'],
  ['0 4 * 1,7 0', 'Sun *-01,07-* 04:00:00'],
  ['0 4 * JAN SUN', 'Sun *-01-* 04:00:00'],
  ['*/10 * * * * *', '*-*-* *:*:00/10'],
  ['@daily', '*-*-* 00:00:00'],
  ['@weekly', 'Sun *-*-* 00:00:00'],
];

describe('cron → systemd OnCalendar', () => {
  it.each(CASES)('%s → %s', (cron, cal) => {
    expect(cronToOnCalendar(cron)).toBe(cal);
    expect(cronToOnCalendar(cron, 'Europe/Berlin')).toBe(`${cal} Europe/Berlin`);
  });

  it('refuses what systemd calendars cannot say', () => {
    expect(() => cronToOnCalendar('0 2 1 * 1')).toThrow(/day of month OR the day of week/);
    expect(() => cronToOnCalendar('0 2 L * *')).toThrow(CalendarConversionError);
    expect(() => cronToOnCalendar('0 2 * * 1#2')).toThrow(CalendarConversionError);
    expect(() => cronToOnCalendar('0 1-5/2 * * *')).toThrow(/stepped range/);
    expect(() => cronToOnCalendar('0 0 0 1 1 * 2030')).toThrow(/7-field/);
  });

  // systemd itself is the judge: its next elapses must be croner's next fire times.
  it.skipIf(!existsSync('/usr/bin/systemd-analyze'))('systemd-analyze agrees with croner on the next fire times', () => {
    const from = new Date();
    for (const [cron] of CASES) {
      const cal = cronToOnCalendar(cron, 'UTC');
      const out = execFileSync('systemd-analyze', ['calendar', '--iterations=3', cal], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' } });
      const systemd = [...out.matchAll(/(?:Next elapse|Iter(?:ation|\.) #\d+): \w{3} (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) UTC/g)].map((m) => `${m[1]!.replace(' ', 'T')}.000Z`);
      expect(systemd, `${cron} → ${cal}\n${out}`).toHaveLength(3);
      const croner = nextFires({ cron, timezone: 'UTC' }, new Date(from.getTime() - 1000), 3).map((d) => d.toISOString());
      // systemd computes from its own "now" a moment later; compare the first fire time after both starts.
      const firstShared = croner.findIndex((t) => t === systemd[0]);
      expect(firstShared, `${cron}: croner ${croner.join(', ')} / systemd ${systemd.join(', ')}`).toBeGreaterThanOrEqual(0);
      expect(systemd.slice(0, 3 - firstShared)).toEqual(croner.slice(firstShared));
    }
  });
});

const entry: ScheduleEntry = {
  name: 'nightly',
  action: { kind: 'playbook', path: '/etc/pkgfleet/security.yml' },
  inventory: [],
  options: {},
  cron: '30 2 * * 1-5',
  timezone: 'Europe/Berlin',
  splayMs: 600_000,
  missed: 'run_once',
  notify: {},
  at: { file: 's.yml', line: 1, column: 1 },
};
const launcher = { node: '/usr/bin/node', script: '/opt/pkg fleet/bin/pkgfleet.js', globalArgs: ['--db', '/var/lib/pkgfleet/db'], workingDirectory: '/etc/pkgfleet' };

describe('systemd units', () => {
  it('a oneshot service running `schedule run --from-timer`, and its timer', () => {
    const [service, timer] = timerUnits(entry, '/etc/pkgfleet/schedule.yml', launcher);
    expect(service!.name).toBe('pkgfleet-nightly.service');
    expect(service!.text).toContain('Type=oneshot\n');
    expect(service!.text).toContain(
      'ExecStart=/usr/bin/node "/opt/pkg fleet/bin/pkgfleet.js" --db /var/lib/pkgfleet/db schedule run nightly --schedule /etc/pkgfleet/schedule.yml --from-timer\n',
    );
    expect(service!.text).toContain('KillSignal=SIGTERM\n');
    expect(timer!.name).toBe('pkgfleet-nightly.timer');
    expect(timer!.text).toContain('OnCalendar=Mon..Fri *-*-* 02:30:00 Europe/Berlin\n');
    expect(timer!.text).toContain('RandomizedDelaySec=600s\n');
    expect(timer!.text).toContain('Persistent=true\n');
    expect(timer!.text).toContain('WantedBy=timers.target\n');
    expect(timerUnits({ ...entry, missed: 'skip', splayMs: 0 }, '/s.yml', launcher)[1]!.text).toMatch(/Persistent=false\n(?![\s\S]*RandomizedDelaySec)/);
  });

  it('the daemon service', () => {
    const u = daemonUnit('/etc/pkgfleet/schedule.yml', launcher);
    expect(u.name).toBe('pkgfleet-daemon.service');
    expect(u.text).toContain('ExecStart=/usr/bin/node "/opt/pkg fleet/bin/pkgfleet.js" --db /var/lib/pkgfleet/db daemon --schedule /etc/pkgfleet/schedule.yml\n');
    expect(u.text).toContain('Restart=on-failure\n');
    // started through bin/pkgfleet: the unit keeps node's flags
    expect(daemonUnit('/s.yml', { ...launcher, nodeArgs: ['--max-semi-space-size=4'] }).text).toContain(
      'ExecStart=/usr/bin/node --max-semi-space-size=4 "/opt/pkg fleet/bin/pkgfleet.js" --db /var/lib/pkgfleet/db daemon --schedule /s.yml\n',
    );
  });

  it('quotes and escapes ExecStart words', () => {
    expect(unitWord('/usr/bin/node')).toBe('/usr/bin/node');
    expect(unitWord('a b')).toBe('"a b"');
    expect(unitWord('100%')).toBe('100%%');
    expect(unitWord('$HOME')).toBe('"$$HOME"');
    expect(unitWord('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
    expect(unitWord('')).toBe('""');
  });

  it.skipIf(!existsSync('/usr/bin/systemd-analyze'))('systemd-analyze verify accepts the units', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pkgfleet-units-'));
    const units = [...timerUnits(entry, '/etc/pkgfleet/schedule.yml', { ...launcher, script: process.argv[1] ?? '/bin/true', node: process.execPath }), daemonUnit('/s.yml', { ...launcher, node: process.execPath })];
    for (const u of units) writeFileSync(path.join(dir, u.name), u.text);
    let out = '';
    try {
      out = execFileSync('systemd-analyze', ['verify', ...units.map((u) => path.join(dir, u.name))], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      out = String((e as { stderr?: string }).stderr ?? e);
    }
    // Any complaint names the unit file; the host's own units are not ours to judge.
    const ours = out.split('\n').filter((l) => /pkgfleet-/.test(l));
    expect(ours).toEqual([]);
  });
});
