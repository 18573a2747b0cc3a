import { cronToOnCalendar } from './on-calendar.js';
import type { ScheduleEntry } from './types.js';

export interface UnitFile {
  name: string;
  text: string;
}

/** How the units start pkgfleet: node, its flags, the CLI script, and the global flags (e.g. --db). */
export interface Launcher {
  node: string;
  /** Node's own flags this pkgfleet was started with (the launcher's --max-semi-space-size). */
  nodeArgs?: string[];
  script: string;
  globalArgs: string[];
  workingDirectory: string;
}

/** One ExecStart= word: quoted when needed; `%` and `$` escaped (systemd specifiers and variables). */
export function unitWord(word: string): string {
  const escaped = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (escaped !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

const execLine = (l: Launcher, args: string[]) => [l.node, ...(l.nodeArgs ?? []), l.script, ...l.globalArgs, ...args].map(unitWord).join(' ');

export const unitBase = (entry: Pick<ScheduleEntry, 'name'>) => `pkgfleet-${entry.name}`;

/**
 * A oneshot service running `schedule run NAME --from-timer` (window applies, splay is the
 * timer's RandomizedDelaySec) and its timer (OnCalendar from the cron pattern; Persistent= for
 * missed: run_once). Throws CalendarConversionError when the pattern has no systemd form.
 */
export function timerUnits(entry: ScheduleEntry, scheduleFile: string, l: Launcher): UnitFile[] {
  const base = unitBase(entry);
  const calendar = cronToOnCalendar(entry.cron, entry.timezone);
  const service = [
    '[Unit]',
    `Description=pkgfleet schedule ${entry.name}`,
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Service]',
    'Type=oneshot',
    `WorkingDirectory=${unitWord(l.workingDirectory)}`,
    `ExecStart=${execLine(l, ['schedule', 'run', entry.name, '--schedule', scheduleFile, '--from-timer'])}`,
    '# SIGTERM: no new host starts, running package transactions finish, the run is recorded as interrupted.',
    'KillSignal=SIGTERM',
    'KillMode=mixed',
    'TimeoutStopSec=1h',
    '',
  ].join('\n');
  const timer = [
    '[Unit]',
    `Description=pkgfleet schedule ${entry.name} (${entry.cron}, ${entry.timezone})`,
    '',
    '[Timer]',
    `OnCalendar=${calendar}`,
    ...(entry.splayMs > 0 ? [`RandomizedDelaySec=${Math.round(entry.splayMs / 1000)}s`] : []),
    `Persistent=${entry.missed === 'run_once' ? 'true' : 'false'}`,
    'AccuracySec=1s',
    `Unit=${base}.service`,
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
  return [
    { name: `${base}.service`, text: service },
    { name: `${base}.timer`, text: timer },
  ];
}

/** The other way: one long-running service for `pkgfleet daemon`. */
export function daemonUnit(scheduleFile: string, l: Launcher): UnitFile {
  return {
    name: 'pkgfleet-daemon.service',
    text: [
      '[Unit]',
      'Description=pkgfleet scheduled update runs',
      'Wants=network-online.target',
      'After=network-online.target',
      '',
      '[Service]',
      'Type=simple',
      `WorkingDirectory=${unitWord(l.workingDirectory)}`,
      `ExecStart=${execLine(l, ['daemon', '--schedule', scheduleFile])}`,
      'Restart=on-failure',
      'RestartSec=30s',
      '# SIGTERM: no new host starts, running package transactions finish, the run is recorded as interrupted.',
      'KillSignal=SIGTERM',
      'KillMode=mixed',
      'TimeoutStopSec=1h',
      '',
      '[Install]',
      'WantedBy=multi-user.target',
      '',
    ].join('\n'),
  };
}
