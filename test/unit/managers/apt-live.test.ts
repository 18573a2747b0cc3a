// Runs the apt module's read-only and simulate (-s) commands against this machine's real apt and
// checks properties that must hold whatever the host's state is. Nothing here changes the host.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { apt } from '../../../src/managers/apt.js';
import { renderCommand } from '../../../src/remote/quote.js';
import type { Command, ExecResult, InstalledPackage, PackageChange, UpgradablePackage } from '../../../src/managers/types.js';

// apt-get -s takes about a second on a quiet machine, much longer on a busy one.
const SLOW = 240_000;

// PKGFLEET_SKIP_LIVE=1 skips it (it takes minutes when the machine is very busy).
const hasApt =
  process.env.PKGFLEET_SKIP_LIVE !== '1' &&
  spawnSync('apt-get', ['--version']).status === 0 &&
  spawnSync('dpkg-query', ['--version']).status === 0;

function run(cmd: Command): ExecResult {
  expect(cmd.root).toBe(false); // only commands that need no root (and so change nothing) run here
  const started = Date.now();
  const r = spawnSync('sh', ['-c', renderCommand(cmd)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, durationMs: Date.now() - started };
}

function dpkgQuery(args: string[]): string {
  return spawnSync('dpkg-query', args, { encoding: 'utf8' }).stdout;
}

describe.skipIf(!hasApt)('apt against the real tools on this machine', () => {
  let installed: InstalledPackage[] = [];
  let listed: UpgradablePackage[] = [];
  let plan: PackageChange[] = [];

  beforeAll(() => {
    installed = apt.parseInstalled(run(apt.listInstalled()).stdout);
    listed = apt.parseUpgradable(apt.listUpgradable().map(run));
    plan = apt.parsePlan(run(apt.upgrade([], { check: true })), installed);
  }, SLOW);

  it('listInstalled → parseInstalled sees every installed row, with dpkg’s own versions', () => {
    const r = run(apt.listInstalled());
    expect(apt.interpretExit('list-installed', r)).toEqual({ ok: true });
    const pkgs = apt.parseInstalled(r.stdout);
    const statuses = dpkgQuery(['-W', '--showformat=${db:Status-Abbrev}\n']).split('\n');
    expect(pkgs.length).toBe(statuses.filter((s) => /^.[itW]/.test(s)).length);
    const dpkg = pkgs.find((p) => p.name === 'dpkg');
    expect(dpkg?.version).toBe(dpkgQuery(['-W', '--showformat=${Version}', 'dpkg']));
  });

  it('the upgradable list and the check-mode upgrade plan come from the same resolver run', () => {
    const key = (name: string, arch: string | undefined, to: string | null) => `${name}:${arch}=${to}`;
    expect(new Set(plan.filter((c) => c.action !== 'remove').map((c) => key(c.name, c.arch, c.to)))).toEqual(
      new Set(listed.map((u) => key(u.name, u.arch, u.to))),
    );
    for (const u of listed.filter((x) => x.from !== null)) {
      const before = installed.find((p) => p.name === u.name && (p.arch === u.arch || p.arch === 'all'));
      expect(before?.version, u.name).toBe(u.from);
      expect(apt.compareVersions(u.to, u.from!), u.name).not.toBe(0);
    }
  });

  it('a security-only check run with exact versions plans exactly those versions', () => {
    const security = listed.filter((u) => u.security && u.from !== null);
    if (security.length === 0) return; // fully patched host: nothing to check
    const targets = security.map((u) => ({ name: u.name, version: u.to }));
    const r = run(apt.upgrade(targets, { security: true, check: true }));
    expect(apt.interpretExit('simulate', r)).toEqual({ ok: true });
    const secPlan = apt.parsePlan(r, installed);
    for (const t of targets) expect(secPlan.find((c) => c.name === t.name)?.to, t.name).toBe(t.version);
  }, SLOW);

  it('check-mode install of an unknown package reads as notFound', () => {
    const r = run(apt.install([{ name: 'pkgfleet-no-such-package' }], { check: true }));
    expect(r.code).toBe(100);
    expect(apt.interpretExit('simulate', r)).toMatchObject({ ok: false, notFound: true });
  }, SLOW);

  it('info reports the installed version dpkg knows', () => {
    const info = apt.parseInfo(run(apt.info('dpkg')).stdout, 'dpkg');
    expect(info?.installedVersion).toBe(dpkgQuery(['-W', '--showformat=${Version}', 'dpkg']));
    expect(info?.candidateVersion).not.toBeNull();
  }, SLOW);

  it('search finds dpkg itself', () => {
    const r = run(apt.search('dpkg'));
    expect(apt.parseSearch(r.stdout).map((h) => h.name)).toContain('dpkg');
  }, SLOW);
});
