import { describe, expect, it } from 'vitest';
import type { HostSpec, Inventory } from '../../../src/inventory/types.js';
import { parsePlaybook, resolvePlays, runPlaybook, type PlaybookRun } from '../../../src/playbook/index.js';
import { ConnectError } from '../../../src/remote/transport.js';
import { DEBIAN_FACTS, FakeTransport } from '../../helpers/fake-transport.js';
import { installedPrefetch } from '../../../src/fleet/prefetch.js';
import { getManager } from '../../../src/managers/registry.js';
import { renderCommand } from '../../../src/remote/quote.js';
import { playListsInstalledFirst } from '../../../src/playbook/host-play.js';

/** Where apt's installed list is in the facts round trip's follow-up (fleet/prefetch.ts). */
const APT_PREFETCH = installedPrefetch()!.lines.indexOf(renderCommand(getManager('apt').listInstalled()));

// Fake Debian hosts that answer by what a command line contains (never by call order): facts,
// dpkg-query, the apt simulation, the reboot-required test, a health check, and a reboot that
// drops the connection until a new one is made.
interface FakeHost {
  installed: Record<string, string>;
  rebootRequired: boolean;
  healthy: boolean;
  unreachable?: boolean;
  /** Runs the installed-list follow-up of the facts script, as a real host does. */
  answersPrefetch?: boolean;
  /** Connections refused after a reboot before one is accepted (Infinity: never back). */
  downFor?: number;
  rebooted?: boolean;
  connects: number;
  transports: FakeTransport[];
}

function fakeHost(over: Partial<FakeHost> = {}): FakeHost {
  return { installed: { labdemo: '1.0' }, rebootRequired: false, healthy: true, connects: 0, transports: [], ...over };
}

function respond(h: FakeHost, t: { dropped: boolean }) {
  return (line: string) => {
    if (t.dropped) throw new ConnectError('unreachable', 'connection lost');
    const listing = () => Object.entries(h.installed).map(([n, v]) => `${n}\t${v}\tall\tii \n`).join('');
    if (line.includes('@@os-release')) {
      return { stdout: h.answersPrefetch && line.includes('@@prefetch') ? `${DEBIAN_FACTS}@@prefetch ${APT_PREFETCH}\n${listing()}` : DEBIAN_FACTS };
    }
    if (line.includes('dpkg-query')) return { stdout: listing() };
    if (line.includes('apt-get -s ')) return { stdout: h.installed.labdemo === '1.0' ? 'Inst labdemo [1.0] (1.1 Lab:lab [all])\n' : '' };
    if (line.includes('dist-upgrade')) {
      h.installed.labdemo = '1.1';
      h.rebootRequired = true;
      return { stdout: 'Unpacking labdemo (1.1) over (1.0) ...\n' };
    }
    if (line.includes('reboot-required')) return { code: h.rebootRequired ? 0 : 1 };
    if (line.includes('check-health')) return h.healthy ? { stdout: 'fine\n' } : { code: 3, stderr: 'service down\n' };
    if (line.includes('trap')) {
      // The detached reboot: the host goes down a moment later, /run is emptied.
      setTimeout(() => {
        t.dropped = true;
        h.rebooted = true;
        h.rebootRequired = false;
      }, 20);
      return {};
    }
    if (line === 'true' || line.endsWith(' true') || line.includes(' true ')) return {};
    return { code: 127, stderr: `fake host: no answer for ${line}\n` };
  };
}

function fleet(names: string[], over: Record<string, Partial<FakeHost>> = {}) {
  const hosts = new Map(names.map((n) => [n, fakeHost(over[n])]));
  const specs: HostSpec[] = names.map((name) => ({ name, connection: 'ssh', address: `10.0.0.${name.slice(1)}`, port: 22, jump: [], become: false, groups: [], vars: {} }));
  const inventory: Inventory = { hosts: specs, groups: new Map([['all', names]]), files: [] };
  const factory = (spec: HostSpec) => {
    const h = hosts.get(spec.name)!;
    const state = { dropped: false };
    const fail = h.unreachable || (h.rebooted && (h.downFor ?? 0) > 0) ? new ConnectError('unreachable', 'connect ECONNREFUSED') : undefined;
    if (h.rebooted && h.downFor) h.downFor--;
    h.connects++;
    const t = new FakeTransport(respond(h, state), fail ? { fail } : {});
    h.transports.push(t);
    return t;
  };
  const run = (yaml: string, opts: { check?: boolean } = {}): Promise<PlaybookRun> => {
    const pb = parsePlaybook(yaml, 'p.yml');
    return runPlaybook(resolvePlays(pb, inventory, specs), {
      forks: 10,
      transportFactory: factory,
      commandTimeoutMs: 5000,
      lockTimeoutMs: 1000,
      check: opts.check === true,
    });
  };
  return { hosts, run };
}

const byHost = (run: PlaybookRun) => Object.fromEntries(run.result.hosts.map((h) => [h.host, h]));

describe('batches, health checks and failure thresholds', () => {
  it('a failing health check after the canary stops the next batches; hosts never started say why', async () => {
    const f = fleet(['h1', 'h2', 'h3', 'h4'], { h1: { healthy: false } });
    const run = await f.run(`- name: p\n  hosts: all\n  serial: [1, 2]\n  health_check: { command: check-health }\n  steps: [{ upgrade: all }]\n`);
    const r = byHost(run);
    expect(run.result.operation).toBe('play');
    expect(r.h1).toMatchObject({ status: 'failed', error: { kind: 'command', message: 'health check failed: exit 3', stderrTail: 'service down' } });
    expect(r.h1!.changes).toEqual([{ name: 'labdemo', action: 'upgrade', from: '1.0', to: '1.1', manager: 'apt', arch: 'all' }]);
    for (const h of ['h2', 'h3', 'h4']) {
      expect(r[h]).toMatchObject({
        status: 'skipped',
        changes: [],
        error: { kind: 'not-started', message: "not started: the health check failed after batch 1/3 of play 'p' on h1" },
      });
      expect(f.hosts.get(h)!.connects).toBe(0);
    }
    expect(run.result.counts).toEqual({ ok: 0, changed: 0, failed: 1, unreachable: 0, skipped: 3 });
  });

  it('healthy batches go on; the health check runs on each host of each batch', async () => {
    const f = fleet(['h1', 'h2', 'h3']);
    const run = await f.run(`- hosts: all\n  serial: 1\n  health_check: { command: check-health, timeout: 5s }\n  steps: [{ upgrade: all }]\n`);
    expect(run.result.hosts.map((h) => h.status)).toEqual(['changed', 'changed', 'changed']);
    for (const h of run.result.hosts) expect(h.messages).toContain('[PKG] Health check passed');
    // one connection for the play, one for the health check
    for (const h of f.hosts.values()) expect(h.connects).toBe(2);
  });

  it('a failed host does not stop the others in its batch; max_fail_percentage decides about the next batch', async () => {
    const yaml = (max: string) => `- name: p\n  hosts: all\n  serial: 2\n${max}  steps: [{ upgrade: all }]\n`;
    const unreachable = { h2: { unreachable: true } };
    const strict = await fleet(['h1', 'h2', 'h3', 'h4'], unreachable).run(yaml('  max_fail_percentage: 0\n'));
    expect(strict.result.hosts.map((h) => h.status)).toEqual(['changed', 'unreachable', 'skipped', 'skipped']);
    expect(byHost(strict).h3!.error!.message).toBe("not started: batch 1/2 of play 'p': 1 of 2 hosts failed or unreachable (50%), more than max_fail_percentage 0%");

    const tolerant = await fleet(['h1', 'h2', 'h3', 'h4'], unreachable).run(yaml('  max_fail_percentage: 50\n'));
    expect(tolerant.result.hosts.map((h) => h.status)).toEqual(['changed', 'unreachable', 'changed', 'changed']);

    // Not set: only a batch where every host failed stops the run.
    const unset = await fleet(['h1', 'h2', 'h3', 'h4'], unreachable).run(yaml(''));
    expect(unset.result.hosts.map((h) => h.status)).toEqual(['changed', 'unreachable', 'changed', 'changed']);
    const allDown = await fleet(['h1', 'h2', 'h3', 'h4'], { h1: { unreachable: true }, h2: { unreachable: true } }).run(yaml(''));
    expect(allDown.result.hosts.map((h) => h.status)).toEqual(['unreachable', 'unreachable', 'skipped', 'skipped']);
    expect(byHost(allDown).h4!.error!.message).toMatch(/2 of 2 hosts failed or unreachable \(100%\), every host of the batch$/);
  });

  it('check mode changes nothing and runs no health check', async () => {
    const f = fleet(['h1', 'h2'], { h1: { healthy: false } });
    const run = await f.run(`- hosts: all\n  serial: 1\n  health_check: { command: check-health }\n  steps: [{ upgrade: all }]\n`, { check: true });
    expect(run.result.check).toBe(true);
    expect(run.result.hosts.map((h) => [h.status, h.changes.map((c) => `${c.name} ${c.from}→${c.to}`)])).toEqual([
      ['changed', ['labdemo 1.0→1.1']],
      ['changed', ['labdemo 1.0→1.1']],
    ]);
    for (const h of f.hosts.values()) {
      expect(h.installed.labdemo).toBe('1.0');
      expect(h.transports.flatMap((t) => t.lines).some((l) => l.includes('check-health'))).toBe(false);
    }
  });
});

describe('the installed list in the facts round trip', () => {
  it('a play that starts with a package step gets it with the facts: no second round trip for it', async () => {
    const f = fleet(['h1'], { h1: { answersPrefetch: true, installed: { labdemo: '1.0' } } });
    const run = await f.run(`- hosts: all\n  steps: [{ present: [labdemo] }]\n`);
    expect(run.result.hosts[0]).toMatchObject({ status: 'ok', changes: [] });
    const lines = f.hosts.get('h1')!.transports[0]!.lines;
    expect(lines).toHaveLength(1); // the facts with the listing; labdemo is there, nothing else runs
    expect(lines[0]).toContain('@@prefetch');
    expect(lines.filter((l) => l.includes('dpkg-query') && !l.includes('@@os-release'))).toEqual([]);
  });

  it('asks for it only where the first step lists installed packages, and --refresh does not run first', () => {
    const play = (steps: string, aliases = '') => parsePlaybook(`- hosts: all\n${aliases}  steps: ${steps}\n`, 'p.yml').plays[0]!;
    expect(playListsInstalledFirst(play('[{ present: [htop] }]'), false)).toBe(true);
    expect(playListsInstalledFirst(play('[{ present: [htop] }]'), true)).toBe(false);
    expect(playListsInstalledFirst(play('[{ absent: [{ apt: apache2, dnf: httpd }] }]'), false)).toBe(true);
    expect(playListsInstalledFirst(play('[{ latest: [web] }]', '  aliases: { web: { apt: apache2 } }\n'), false)).toBe(true);
    expect(playListsInstalledFirst(play('[{ present: [flatpak://org.gimp.GIMP, htop] }]'), false)).toBe(false);
    expect(playListsInstalledFirst(play('[{ upgrade: all }, { present: [htop] }]'), false)).toBe(false);
    expect(playListsInstalledFirst(play('[{ update_cache: true }]'), false)).toBe(false);
  });

  it('a wrong guess costs the usual round trip, never a wrong list', async () => {
    // the first step is skipped by its when: the listing fetched with the facts is not used by the next step
    const f = fleet(['h1'], { h1: { answersPrefetch: true } });
    const run = await f.run(`- hosts: all\n  steps:\n    - present: [labdemo]\n      when: { os: fedora }\n    - upgrade: all\n`);
    expect(run.result.hosts[0]).toMatchObject({ status: 'changed', changes: [{ name: 'labdemo', from: '1.0', to: '1.1' }] });
  });
});

describe('several plays', () => {
  it('merges each host into one result; a host that failed takes no part in later plays; a stop skips later plays', async () => {
    const f = fleet(['h1', 'h2'], { h2: { unreachable: true } });
    const run = await f.run(
      [
        '- name: one',
        '  hosts: all',
        '  steps: [{ upgrade: all }]',
        '- name: two',
        '  hosts: all',
        '  max_fail_percentage: 0',
        '  steps: [{ reboot: if_required }]',
        '- name: three',
        '  hosts: h1',
        '  steps: [{ upgrade: none }]',
      ].join('\n'),
    );
    const r = byHost(run);
    expect(r.h2!.status).toBe('unreachable');
    expect(r.h2!.messages).toEqual(["[PKG] play 'two' skipped: the host failed in an earlier play"]);
    expect(f.hosts.get('h2')!.connects).toBe(1);
    expect(r.h1!.status).toBe('changed');
    expect(r.h1!.changes.map((c) => c.name)).toEqual(['labdemo']);
    expect(r.h1!.rebootRequired).toBe(false);
    expect(r.h1!.messages).toContain('[PKG] Host is back after the reboot');
    expect(run.steps.get('h1')!.map((s) => `${s.play}#${s.step} ${s.status}`)).toEqual(['one#1 changed', 'two#1 ok', 'three#1 ok']);
  });
});

describe('reboot', () => {
  it('if_required: reboots, waits for the old connection to drop, reconnects and goes on', async () => {
    const f = fleet(['h1'], { h1: { rebootRequired: true, downFor: 2 } });
    const run = await f.run(`- hosts: all\n  steps:\n    - reboot: { mode: if_required, timeout: 20s, test_command: ['true'] }\n    - upgrade: all\n`);
    const h = f.hosts.get('h1')!;
    expect(run.result.hosts[0]).toMatchObject({ status: 'changed', rebootRequired: true });
    expect(h.rebooted).toBe(true);
    // the first connection, two refused while the host was down, then the one that came back
    expect(h.connects).toBe(4);
    const [first, , , back] = h.transports;
    // inside the process-group guard (remote/guard.ts), like every command over SSH
    expect(first!.lines.find((l) => l.includes('HUP'))).toMatch(/^sh -c '.*' pkgfleet-guard run \d+ \d+ /s);
    expect(first!.lines.find((l) => l.includes('HUP'))!.endsWith(String.raw` /bin/sh -c 'export LC_ALL=C LANG=C; trap '\'''\'' HUP; (sleep 2; exec "$@") </dev/null >/dev/null 2>&1 &' sh reboot`)).toBe(true);
    expect(first!.closed).toBe(true);
    // the upgrade after the reboot ran over the new connection
    expect(back!.lines.some((l) => l.includes('dist-upgrade') && !l.includes('-s'))).toBe(true);
    expect(run.steps.get('h1')![0]!.notes).toEqual(['rebooted (a reboot is required) and back']);
  });

  it('if_required with no reboot needed does nothing; never never reboots', async () => {
    const f = fleet(['h1']);
    const run = await f.run(`- hosts: all\n  steps: [{ reboot: if_required }, { reboot: never }]\n`);
    expect(run.result.hosts[0]!.status).toBe('ok');
    expect(f.hosts.get('h1')!.rebooted).toBeUndefined();
    expect(run.steps.get('h1')!.map((s) => s.notes)).toEqual([['no reboot required'], ['never reboots']]);
  });

  it('a host that does not come back within the timeout fails with kind timeout', async () => {
    const f = fleet(['h1'], { h1: { downFor: Infinity } });
    const run = await f.run(`- hosts: all\n  steps: [{ reboot: { mode: always, timeout: 2s } }]\n`);
    expect(run.result.hosts[0]).toMatchObject({ status: 'failed', error: { kind: 'timeout' } });
    expect(run.result.hosts[0]!.error!.message).toMatch(/^the host did not come back within 2s after the reboot \(last: .*ECONNREFUSED/);
  });

  it('check mode says it would reboot and does not', async () => {
    const f = fleet(['h1'], { h1: { rebootRequired: true } });
    const run = await f.run(`- hosts: all\n  steps: [{ reboot: if_required }]\n`, { check: true });
    expect(f.hosts.get('h1')!.rebooted).toBeUndefined();
    expect(run.steps.get('h1')![0]!.notes).toEqual(['would reboot (a reboot is required)']);
  });
});
