import { describe, expect, it } from 'vitest';
import { snap } from '../../../src/managers/snap.js';
import type { SnapSpec } from '../../../src/managers/snap.js';
import type { ExecResult } from '../../../src/managers/types.js';
import { loadFixture } from '../../helpers/fixture.js';

/** A documented fixture as the transport would return it (stream from its header). */
function fx(name: string): ExecResult {
  const f = loadFixture('snap', `${name}.txt`);
  const onStderr = f.meta.stream === 'stderr';
  return { code: f.exit ?? 0, signal: null, stdout: onStderr ? '' : f.text, stderr: onStderr ? f.text : '', durationMs: 1 };
}

const HOSTILE = ['htop; rm -rf /', '$(id)', '`id`', 'a\nb', '-oRootDir=/', '', 'two words', "it's", 'a|b', 'Firefox', 'x', '1234', 'a--b', '-lxd', 'lxd-'];
const REAL = ['lxd', 'core22', 'snapd', 'code', 'kubectl', 'firefox', 'microk8s', 'hello-world', 'gnome-42-2204', 'lxd_test1'];

describe('snap: identity', () => {
  it('is the Snap manager without pins, security metadata or a reboot probe', () => {
    expect(snap.id).toBe('snap');
    expect(snap.displayName).toBe('Snap');
    expect(snap.kind).toBe('snap');
    expect(snap.binaries).toEqual(['snap']);
    expect(snap.securityUpgrade).toBe('unsupported');
    expect(snap.supportsVersionPin).toBe(false);
    expect(snap.rebootCheck()).toBeNull();
    expect(snap.refresh()).toEqual([]);
  });
});

describe('snap: references', () => {
  it.each(HOSTILE)('refuses the name %j', (n) => expect(snap.validateName(n)).toMatch(/./));
  it.each(REAL)('accepts the real name %s', (n) => expect(snap.validateName(n)).toBeNull());
  it('reads snap://NAME and snap://NAME@CHANNEL', () => {
    expect(snap.parseSpec('snap://lxd')).toEqual({ name: 'lxd' });
    expect(snap.parseSpec('snap://lxd@5.21/stable')).toEqual({ name: 'lxd', channel: '5.21/stable' });
    expect(snap.parseSpec('core22@latest/edge/fix-1')).toEqual({ name: 'core22', channel: 'latest/edge/fix-1' });
  });
  it('refuses versions, bad channels and hostile names', () => {
    expect(() => snap.parseSpec('snap://lxd=5.21')).toThrow(/cannot install a version/);
    expect(() => snap.parseSpec('snap://lxd@$(id)')).toThrow(/invalid snap channel/);
    expect(() => snap.parseSpec('snap://lxd@a/b/c/d')).toThrow(/invalid snap channel/);
    expect(() => snap.parseSpec('snap://--classic')).toThrow(/invalid snap name/);
  });
});

describe('snap: commands', () => {
  it('installs, removes and refreshes as root, never with --classic', () => {
    expect(snap.install([{ name: 'lxd' }, { name: 'htop' }])).toEqual({ argv: ['snap', 'install', 'lxd', 'htop'], root: true });
    expect(snap.install([snap.parseSpec('snap://lxd@5.21/stable')])).toEqual({
      argv: ['snap', 'install', '--channel=5.21/stable', 'lxd'],
      root: true,
    });
    expect(snap.remove(['lxd'])).toEqual({ argv: ['snap', 'remove', 'lxd'], root: true });
    expect(snap.upgrade([])).toEqual({ argv: ['snap', 'refresh'], root: true });
    expect(snap.upgrade([{ name: 'lxd' }])).toEqual({ argv: ['snap', 'refresh', 'lxd'], root: true });
    const all = [snap.install([{ name: 'code' }]), snap.upgrade([]), snap.upgrade([{ name: 'code' }])];
    for (const c of all) expect(c.argv).not.toContain('--classic');
  });
  it('refuses a channel for several snaps at once, versions, and security-only upgrades', () => {
    expect(() => snap.install([{ name: 'lxd', channel: 'edge' } as SnapSpec, { name: 'htop' }])).toThrow(/one snap at a time/);
    expect(() => snap.upgrade([{ name: 'lxd', version: '5.21' }])).toThrow(/cannot install a version/);
    expect(() => snap.upgrade([], { security: true })).toThrow(/security/);
    expect(() => snap.install([{ name: 'lxd', channel: 'x y' } as SnapSpec])).toThrow(/channel/);
  });
  it('plans with read-only commands', () => {
    expect(snap.install([{ name: 'firefox' }, { name: 'zoom-client' }], { check: true })).toEqual({
      argv: ['snap', 'info', 'firefox', 'zoom-client'],
      root: false,
    });
    expect(snap.remove(['lxd'], { check: true })).toEqual({ argv: ['snap', 'list', 'lxd'], root: false });
    expect(snap.upgrade([], { check: true })).toEqual({ argv: ['snap', 'refresh', '--list'], root: false });
    expect(snap.upgrade([{ name: 'hello-world' }], { check: true })).toEqual({ argv: ['snap', 'info', 'hello-world'], root: false });
  });
  it('lists, finds and asks info without root', () => {
    expect(snap.listInstalled()).toEqual({ argv: ['snap', 'list'], root: false, alike: {} });
    expect(snap.listUpgradable().map((c) => c.argv)).toEqual([['snap', 'refresh', '--list'], ['snap', 'list']]);
    expect(snap.search('hello')).toEqual({ argv: ['snap', 'find', 'hello'], root: false });
    expect(snap.info('lxd')).toEqual({ argv: ['snap', 'info', 'lxd'], root: false });
    expect(() => snap.search('--help')).toThrow();
    for (const bad of HOSTILE) expect(() => snap.info(bad)).toThrow();
  });
});

describe('snap: parsers on documented output', () => {
  it('reads snap list', () => {
    expect(snap.parseInstalled(fx('list').stdout)).toEqual([
      { name: 'core22', version: '20240823' },
      { name: 'lxd', version: '6.1-78a3d8f' },
      { name: 'snapd', version: '2.63' },
    ]);
    expect(snap.parseInstalled(fx('list-none').stdout)).toEqual([]);
  });
  it('reads snap refresh --list (with and without the Size column) joined with snap list', () => {
    const installed = { code: 0, signal: null, durationMs: 1, stderr: '', stdout: 'Name  Version  Rev  Tracking  Publisher  Notes\nintellij-idea-community  2022.3.2  409  latest/stable  jetbrains*  classic\n' };
    expect(snap.parseUpgradable([fx('refresh-list'), installed])).toEqual([
      { name: 'intellij-idea-community', from: '2022.3.2', to: '2022.3.3' },
    ]);
    expect(snap.parseUpgradable([fx('refresh-list-old'), fx('list')])).toEqual([
      { name: 'core', from: null, to: '16-2.45.1+git2022.b6b3c25' },
      { name: 'get-iplayer', from: null, to: '3.26' },
      { name: 'qt551', from: null, to: '5.5' },
    ]);
    expect(snap.parseUpgradable([fx('refresh-list-none'), fx('list')])).toEqual([]);
  });
  it('plans a refresh of everything from refresh --list', () => {
    expect(snap.parsePlan(fx('refresh-list-old'), [{ name: 'qt551', version: '5.4' }])).toEqual([
      { name: 'core', action: 'upgrade', from: null, to: '16-2.45.1+git2022.b6b3c25', manager: 'snap' },
      { name: 'get-iplayer', action: 'upgrade', from: null, to: '3.26', manager: 'snap' },
      { name: 'qt551', action: 'upgrade', from: '5.4', to: '5.5', manager: 'snap' },
    ]);
  });
  it('plans installs and targeted refreshes from snap info', () => {
    expect(snap.parsePlan(fx('info-multi'), [])).toEqual([
      { name: 'zoom-client', action: 'upgrade', from: '5.4.54779.1115', to: '5.4.57450.1220', manager: 'snap' },
    ]);
    expect(snap.parsePlan(fx('info-installed-behind'), [])).toEqual([
      { name: 'hello-world', action: 'upgrade', from: '6.3', to: '6.4', manager: 'snap' },
    ]);
    expect(snap.parsePlan(fx('info-not-installed'), [])).toEqual([
      { name: 'lxd', action: 'install', from: null, to: '3.5', manager: 'snap' },
    ]);
  });
  it('plans a removal from snap list NAMES', () => {
    expect(snap.parsePlan(fx('list'), [])).toEqual([
      { name: 'core22', action: 'remove', from: '20240823', to: null, manager: 'snap' },
      { name: 'lxd', action: 'remove', from: '6.1-78a3d8f', to: null, manager: 'snap' },
      { name: 'snapd', action: 'remove', from: '2.63', to: null, manager: 'snap' },
    ]);
  });
  it('reads snap info: installed, the tracked channel, publisher without its mark', () => {
    const info = snap.parseInfo(fx('info-installed-behind').stdout, 'hello-world');
    expect(info).toMatchObject({
      name: 'hello-world',
      installedVersion: '6.3',
      candidateVersion: '6.4',
      summary: "The 'hello-world' of snaps",
      repo: 'latest/stable',
    });
    expect(info?.fields.publisher).toBe('Canonical');
    expect(info?.fields['snap-id']).toBe('buPKUD3TKqCOgLEjjHx5kSiCpIs5cMuQ');
    expect(snap.parseInfo(fx('info-multi').stdout, 'firefox')).toMatchObject({ installedVersion: '122.0.1-1', candidateVersion: '122.0.1-1' });
    expect(snap.parseInfo(fx('info-not-installed').stdout, 'lxd')).toMatchObject({ installedVersion: null, candidateVersion: '3.5' });
    expect(snap.parseInfo(fx('info-not-found').stdout, 'nothere')).toBeNull();
  });
  it('reads snap find', () => {
    expect(snap.parseSearch(fx('find').stdout)).toEqual([
      { name: 'hello-world', version: '6.4', summary: "The 'hello-world' of snaps", repo: 'canonical' },
      { name: 'hello', version: '2.10', summary: 'GNU Hello, the "hello world" snap', repo: 'canonical' },
    ]);
    expect(snap.parseSearch(fx('find-none').stdout)).toEqual([]);
  });
});

describe('snap: exit codes on documented output', () => {
  it('sees a conflicting change as a held lock', () => {
    expect(snap.interpretExit('upgrade', fx('change-conflict'))).toMatchObject({ ok: false, lockHeld: true });
  });
  it('sees unknown snaps', () => {
    expect(snap.interpretExit('install', fx('install-not-found'))).toEqual({ ok: false, notFound: true, message: 'snap not found: nothere' });
    expect(snap.interpretExit('info', fx('info-not-found'))).toMatchObject({ notFound: true });
    expect(snap.interpretExit('simulate', fx('list-not-installed'))).toMatchObject({ notFound: true });
  });
  it('treats "already installed", "not installed" on removal and "up to date" as success', () => {
    expect(snap.interpretExit('install', fx('install-already'))).toEqual({ ok: true });
    expect(snap.interpretExit('remove', fx('remove-not-installed'))).toEqual({ ok: true });
    expect(snap.interpretExit('list-upgradable', fx('refresh-list-none'))).toEqual({ ok: true });
  });
  it('refuses classic confinement with a clear reason', () => {
    expect(snap.interpretExit('install', fx('install-needs-classic'))).toEqual({
      ok: false,
      message: 'snap code needs classic confinement (no sandbox); pkgfleet does not install classic snaps',
    });
  });
  it("passes on snapd's reboot notice", () => {
    expect(snap.interpretExit('upgrade', fx('refresh-reboot'))).toEqual({ ok: true, rebootRequired: true });
    expect(snap.parseRebootRequired(fx('refresh-reboot'))).toBe(true);
    expect(snap.parseRebootRequired(fx('refresh-list-none'))).toBe(false);
  });
});
