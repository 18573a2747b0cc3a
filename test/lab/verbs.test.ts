import { describe, it, expect, beforeAll } from 'vitest';
import { ensureLab, labCommand, isRoot, type LabInfo, installedVersion, byHost } from './lab-env.js';
import { runCli } from '../helpers/cli.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every verb of the core issue on every lab host, through the CLI, asserting on the JSON result.
// The lab hosts start with labdemo 1.0 and labsec 1.0 installed; the repos hold labdemo 1.1
// (bugfix), labsec 1.1 (security), labapp 1.0 (needs labdep), labtool 1.0 and 2.0.
const HOSTS = ['apt1', 'dnf1', 'zypper1', 'pacman1'] as const;
const MANAGER: Record<string, string> = { apt1: 'apt', dnf1: 'dnf', zypper1: 'zypper', pacman1: 'pacman' };
const DISPLAY: Record<string, string> = { apt1: 'Apt', dnf1: 'Dnf', zypper1: 'Zypper', pacman1: 'Pacman' };
const SECURITY_CAPABLE = ['apt1', 'dnf1', 'zypper1'];

const names = (list: Array<{ name: string }>) => list.map((x) => x.name).sort();

describe.skipIf(!isRoot)('every verb on every real lab host', () => {
  let lab: LabInfo;
  let inv: string;
  const cli = (args: string[], opts: { stdin?: string } = {}) => runCli(['-i', inv, '--json', ...args], opts);

  beforeAll(async () => {
    lab = await ensureLab();
    inv = lab.inventory;
    for (const h of HOSTS) {
      const r = await labCommand(['reset', h]);
      expect(r.code, r.stderr).toBe(0);
    }
  });

  it('detect: the right manager on each host, with the [PKG] lines', async () => {
    const r = await cli(['detect']);
    expect(r.code).toBe(0);
    const hosts = byHost(r.json);
    for (const h of HOSTS) {
      expect(hosts[h]).toMatchObject({ status: 'ok', manager: MANAGER[h], managers: [MANAGER[h]] });
      expect(r.stderr).toContain(`${h} | [PKG] Detected 1 package manager: ${MANAGER[h]}`);
      expect(r.stderr).toContain(`${h} | [PKG] Selected ${DISPLAY[h]} as active package manager`);
    }
    expect(hosts.dnf1.os.id).toBe('fedora');
    expect(hosts.zypper1.os.idLike).toContain('suse');
    expect(hosts.pacman1.os.id).toBe('arch');
  });

  it('update refreshes metadata everywhere', async () => {
    const r = await cli(['update']);
    expect(r.code).toBe(0);
    for (const h of r.json.hosts) expect(h.status).toBe('ok');
  });

  it('list --upgradable shows labdemo 1.0 → 1.1 and flags labsec as security where the manager can', async () => {
    const r = await cli(['list', '--upgradable']);
    expect(r.code).toBe(0);
    const hosts = byHost(r.json);
    for (const h of HOSTS) {
      const up = hosts[h].upgradable;
      expect(names(up)).toEqual(['labdemo', 'labsec']);
      const demo = up.find((u: any) => u.name === 'labdemo');
      expect(demo.from).toMatch(/^1\.0(-1)?$/);
      expect(demo.to).toMatch(/^1\.1(-1)?$/);
      const sec = up.find((u: any) => u.name === 'labsec');
      if (SECURITY_CAPABLE.includes(h)) {
        expect(sec.security).toBe(true);
        expect(demo.security).not.toBe(true);
      }
    }
  });

  it('--check upgrade predicts both upgrades and changes nothing', async () => {
    const r = await cli(['--check', 'upgrade']);
    expect(r.code).toBe(0);
    expect(r.json.check).toBe(true);
    for (const h of r.json.hosts) {
      expect(h.status).toBe('changed');
      expect(names(h.changes)).toEqual(['labdemo', 'labsec']);
      for (const c of h.changes) expect(c.action).toBe('upgrade');
    }
    for (const h of HOSTS) expect(await installedVersion(h, 'labdemo')).toMatch(/^1\.0/);
  });

  it('upgrade --security takes the security update and not the bugfix (pacman: skipped, no security data)', async () => {
    const r = await cli(['upgrade', '--security']);
    expect(r.code).toBe(0);
    const hosts = byHost(r.json);
    for (const h of SECURITY_CAPABLE) {
      expect(hosts[h].status).toBe('changed');
      expect(hosts[h].changes).toEqual([expect.objectContaining({ name: 'labsec', action: 'upgrade' })]);
      expect(await installedVersion(h, 'labsec')).toMatch(/^1\.1/);
      expect(await installedVersion(h, 'labdemo')).toMatch(/^1\.0/);
    }
    expect(hosts.pacman1).toMatchObject({ status: 'skipped', error: { kind: 'unsupported' } });
    // labsec's scriptlet writes /run/reboot-required: apt reads that file.
    expect(hosts.apt1.rebootRequired).toBe(true);
  });

  it('upgrade of everything brings labdemo to 1.1; a second run changes nothing', async () => {
    const r = await cli(['upgrade']);
    expect(r.code).toBe(0);
    for (const h of HOSTS) expect(await installedVersion(h, 'labdemo')).toMatch(/^1\.1/);
    const again = await cli(['upgrade']);
    for (const h of again.json.hosts) expect(h).toMatchObject({ status: 'ok', changes: [] });
  });

  it('install --check predicts the dependency; install pulls it; remove removes', async () => {
    const check = await cli(['--check', 'install', 'labapp']);
    expect(check.code).toBe(0);
    for (const h of check.json.hosts) {
      expect(names(h.changes)).toEqual(['labapp', 'labdep']);
      for (const c of h.changes) expect(c).toMatchObject({ action: 'install', from: null });
    }
    for (const h of HOSTS) expect(await installedVersion(h, 'labapp')).toBeNull();

    const inst = await cli(['install', 'labapp']);
    expect(inst.code).toBe(0);
    for (const h of inst.json.hosts) {
      expect(h.status).toBe('changed');
      expect(names(h.changes)).toEqual(['labapp', 'labdep']);
      expect(h.messages).toContain("[PKG] Package 'labapp' installed successfully");
    }
    const rm = await cli(['remove', 'labapp']);
    expect(rm.code).toBe(0);
    for (const h of rm.json.hosts) {
      expect(h.changes).toContainEqual(expect.objectContaining({ name: 'labapp', action: 'remove', to: null }));
      // dnf also removes dependencies nothing needs any more (clean_requirements_on_remove).
      for (const c of h.changes) expect(c.action).toBe('remove');
    }
    for (const h of HOSTS) expect(await installedVersion(h, 'labapp')).toBeNull();
  });

  it('install with a version pin takes the pinned version, not the newest', async () => {
    const r = await cli(['install', 'labtool=1.0*']);
    const hosts = byHost(r.json);
    for (const h of ['apt1', 'dnf1']) {
      expect(hosts[h].status).toBe('changed');
      expect(await installedVersion(h, 'labtool')).toMatch(/^1\.0/);
    }
    // zypper has no version globs: it refuses the pattern clearly, and an exact pin works.
    expect(hosts.zypper1).toMatchObject({ status: 'failed', error: { kind: 'invalid' } });
    const exact = await runCli(['-i', inv, '--json', '-l', 'zypper1', 'install', 'labtool=1.0-1']);
    expect(exact.json.hosts[0].status).toBe('changed');
    expect(await installedVersion('zypper1', 'labtool')).toBe('1.0-1');
  });

  it('search and info', async () => {
    const s = await cli(['search', 'labde']);
    expect(s.code).toBe(0);
    for (const h of s.json.hosts) expect(names(h.search)).toEqual(expect.arrayContaining(['labdemo', 'labdep']));
    const i = await cli(['info', 'labdemo']);
    expect(i.code).toBe(0);
    for (const h of i.json.hosts) {
      expect(h.info[0].name).toBe('labdemo');
      expect(h.info[0].installedVersion).toMatch(/^1\.1/);
    }
  });

  it('list --installed agrees with the host, and is read in the facts round trip on every kind of host', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'pkgfleet-verbs-')), 'run.log');
    const r = await cli(['--log-file', log, '--log-level', 'debug', 'list', '--installed']);
    expect(r.code).toBe(0);
    for (const h of r.json.hosts) {
      const demo = h.installed.find((p: any) => p.name === 'labdemo');
      expect(demo.version).toBe(await installedVersion(h.host, 'labdemo'));
    }
    // One command per host: the facts script ran the listing of the manager it then selected.
    const commands = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.event === 'command');
    for (const h of HOSTS) {
      const mine = commands.filter((e) => e.host === h).map((e) => e.msg as string);
      expect(mine, h).toHaveLength(2);
      expect(mine[0]).toContain('@@os-release');
      expect(mine[1], h).toMatch(/^env LC_ALL=C LANG=C (dpkg-query|rpm|pacman) .*\(ran with the facts\)$/);
    }
  });

  it('ping: one command per host; with become it checks sudo, and says when sudo needs a password', async () => {
    // The lab logs in as alice, with become (NOPASSWD sudo) for every host.
    const r = await cli(['ping']);
    expect(r.code).toBe(0);
    for (const h of HOSTS) expect(byHost(r.json)[h]).toMatchObject({ status: 'ok', messages: ['[PKG] pong (sudo works)'] });
    const noPass = await runCli(['-i', inv, '--json', '-u', 'bob', 'ping']);
    expect(noPass.code).toBe(2);
    for (const h of noPass.json.hosts) expect(h).toMatchObject({ status: 'failed', error: { kind: 'become' } });
    const withPass = await runCli(['-i', inv, '--json', '-u', 'bob', '-K', 'ping'], { stdin: 'bobpass\n' });
    expect(withPass.code).toBe(0);
    for (const h of withPass.json.hosts) expect(h).toMatchObject({ status: 'ok', messages: ['[PKG] pong (sudo works)'] });
    const human = await runCli(['-i', inv, 'ping']);
    expect(human.stdout).toMatch(/answered in \d+ ms \(fastest\), \d+ ms \(median\), \d+ ms \(slowest: \w+\), login included/);
  });

  it('become: bob needs -K; with the password over stdin it works', async () => {
    const noPass = await runCli(['-i', inv, '--json', '-u', 'bob', 'install', 'labtool']);
    for (const h of noPass.json.hosts) expect(h).toMatchObject({ status: 'failed', error: { kind: 'become' } });
    expect(noPass.code).toBe(2);
    // labtool (pinned install above) is on apt1, dnf1 and zypper1: removing it needs root.
    const withPass = await runCli(['-i', inv, '--json', '-u', 'bob', '-K', 'remove', 'labtool'], { stdin: 'bobpass\n' });
    expect(withPass.code).toBe(0);
    const hosts = byHost(withPass.json);
    for (const h of ['apt1', 'dnf1', 'zypper1']) {
      expect(hosts[h].status).toBe('changed');
      expect(await installedVersion(h, 'labtool')).toBeNull();
    }
    expect(hosts.pacman1.status).toBe('ok');
    expect(withPass.stdout + withPass.stderr).not.toContain('bobpass');
  });
});
