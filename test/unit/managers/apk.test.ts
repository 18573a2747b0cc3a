import { describe, expect, it } from 'vitest';
import { apk } from '../../../src/managers/apk.js';
import { KERNEL_MODULES_SCRIPT } from '../../../src/managers/reboot-modules.js';
import type { ExecResult } from '../../../src/managers/types.js';
import { fixtureResult, loadFixture } from '../../helpers/fixture.js';

/** A documented fixture as the transport would return it (stream from its header). */
function fx(name: string): ExecResult {
  const f = loadFixture('apk', `${name}.txt`);
  const onStderr = f.meta.stream === 'stderr';
  return { code: f.exit ?? 0, signal: null, stdout: onStderr ? '' : f.text, stderr: onStderr ? f.text : '', durationMs: 1 };
}

const WAIT = ['--no-progress']; // no --wait: the runner's loop owns the lock wait
const HOSTILE = ['htop; rm -rf /', '$(id)', '`id`', 'a\nb', '-oRootDir=/', '', 'two words', "it's", '"q"', 'a|b', 'a>b', 'x/y', 'a@edge'];
const REAL = ['libstdc++', 'g++', 'python3', 'py3-pip', 'lib32z1', 'NetworkManager', 'ca-certificates-bundle', 'ssl_client', 'libncursesw', 'font-noto-cjk'];

describe('apk: identity', () => {
  it('is the native Apk manager without security metadata', () => {
    expect(apk.id).toBe('apk');
    expect(apk.displayName).toBe('Apk');
    expect(apk.kind).toBe('native');
    expect(apk.binaries).toEqual(['apk']);
    expect(apk.securityUpgrade).toBe('unsupported');
    expect(apk.supportsVersionPin).toBe(true);
  });
});

describe('apk: validation', () => {
  it.each(HOSTILE)('refuses the name %j', (n) => expect(apk.validateName(n)).toMatch(/./));
  it.each(REAL)('accepts the real name %s', (n) => expect(apk.validateName(n)).toBeNull());
  it('accepts apk versions (with a trailing glob) and refuses others', () => {
    for (const v of ['1.24.0-r0', '1.24*', '6.5_p20241006-r3', '2.14.6-r3', '0.1_pre2~1234abcd', '1.2.3a']) {
      expect(apk.validateVersion(v)).toBeNull();
    }
    for (const v of ['', '*', '1.0-1', '1.0;id', '$(id)', 'v1.0', '1.0 ', '-r1', '1.0**']) {
      expect(apk.validateVersion(v)).toMatch(/./);
    }
  });
  it('parses specs', () => {
    expect(apk.parseSpec('nginx')).toEqual({ name: 'nginx' });
    expect(apk.parseSpec('nginx=1.24.0-r15')).toEqual({ name: 'nginx', version: '1.24.0-r15' });
    expect(apk.parseSpec('nginx=1.24*')).toEqual({ name: 'nginx', version: '1.24*' });
    expect(() => apk.parseSpec('nginx=1.24; reboot')).toThrow(/invalid apk version/);
    expect(() => apk.parseSpec('-U')).toThrow(/starts with '-'/);
  });
});

describe('apk: commands', () => {
  it('refreshes and changes packages as root, waiting at most 5 s for the lock', () => {
    expect(apk.refresh()).toEqual([{ argv: ['apk', 'update', ...WAIT], root: true }]);
    expect(apk.install([{ name: 'htop' }])).toEqual({ argv: ['apk', 'add', ...WAIT, 'htop'], root: true });
    expect(apk.remove(['htop'])).toEqual({ argv: ['apk', 'del', ...WAIT, 'htop'], root: true });
    expect(apk.upgrade([])).toEqual({ argv: ['apk', 'upgrade', ...WAIT], root: true });
    expect(apk.upgrade([{ name: 'busybox' }])).toEqual({ argv: ['apk', 'upgrade', ...WAIT, 'busybox'], root: true });
  });
  it('maps exact pins to name=ver and globs to the fuzzy name~prefix', () => {
    expect(apk.install([{ name: 'nginx', version: '1.24.0-r15' }, { name: 'curl', version: '8.11*' }]).argv).toEqual([
      'apk', 'add', ...WAIT, 'nginx=1.24.0-r15', 'curl~8.11',
    ]);
    expect(apk.upgrade([{ name: 'busybox', version: '1.37.0-r13' }]).argv).toEqual(['apk', 'add', '--upgrade', ...WAIT, 'busybox=1.37.0-r13']);
  });
  it('simulates with --simulate and nothing else changed', () => {
    expect(apk.install([{ name: 'htop' }], { check: true }).argv).toEqual(['apk', 'add', ...WAIT, '--simulate', 'htop']);
    expect(apk.remove(['htop'], { check: true }).argv).toEqual(['apk', 'del', ...WAIT, '--simulate', 'htop']);
    expect(apk.upgrade([], { check: true }).argv).toEqual(['apk', 'upgrade', ...WAIT, '--simulate']);
  });
  it('lists, searches and asks policy without root', () => {
    expect(apk.listInstalled()).toEqual({ argv: ['apk', 'list', '--installed'], root: false, localQuery: true, alike: {} });
    expect(apk.listUpgradable()).toEqual([{ argv: ['apk', 'list', '--upgradable'], root: false }]);
    expect(apk.search('musl')).toEqual({ argv: ['apk', 'search', '-v', 'musl'], root: false });
    expect(apk.info('musl')).toEqual({ argv: ['apk', 'policy', 'musl'], root: false });
    expect(apk.rebootCheck()).toEqual({ argv: ['sh', '-c', KERNEL_MODULES_SCRIPT], root: false });
  });
  it('refuses hostile input and security-only upgrades', () => {
    for (const bad of HOSTILE) {
      expect(() => apk.install([{ name: bad }])).toThrow();
      expect(() => apk.remove([bad])).toThrow();
      expect(() => apk.info(bad)).toThrow();
    }
    expect(() => apk.search('*; id')).toThrow();
    expect(() => apk.search('--help')).toThrow();
    expect(() => apk.upgrade([], { security: true })).toThrow(/no security metadata/);
  });
});

describe('apk: parsers on documented output', () => {
  it('reads apk list --installed (v2 and v3), splitting name-version at the last -digit', () => {
    const pkgs = apk.parseInstalled(fx('list-installed').stdout);
    expect(pkgs).toHaveLength(39);
    expect(pkgs[6]).toEqual({ name: 'apk-tools', version: '2.14.6-r3', arch: 'x86_64' });
    expect(pkgs.find((p) => p.name === 'ca-certificates-bundle')).toEqual({ name: 'ca-certificates-bundle', version: '20241121-r1', arch: 'x86_64' });
    expect(pkgs.find((p) => p.name === 'libncursesw')?.version).toBe('6.5_p20241006-r3');
    expect(pkgs.find((p) => p.name === 'busybox-mdev-openrc')?.version).toBe('1.37.0-r12');
  });
  it('reads the v3 manifest rows and v2 apk info -v rows', () => {
    expect(apk.parseInstalled(fx('list-installed-manifest').stdout)).toEqual([
      { name: 'apk-tools', version: '2.14.6-r3' },
      { name: 'busybox', version: '1.37.0-r12' },
      { name: 'libncursesw', version: '6.5_p20241006-r3' },
      { name: 'musl', version: '1.2.5-r9' },
      { name: 'ssl_client', version: '1.37.0-r12' },
    ]);
    expect(apk.parseInstalled('musl-utils-1.2.5-r9\npy3-django-2fa-1.0-r0\n')).toEqual([
      { name: 'musl-utils', version: '1.2.5-r9' },
      { name: 'py3-django-2fa', version: '1.0-r0' },
    ]);
  });
  it('reads apk list --upgradable', () => {
    expect(apk.parseUpgradable([fx('list-upgradable')])).toEqual([
      { name: 'busybox', from: '1.37.0-r12', to: '1.37.0-r13', arch: 'x86_64' },
      { name: 'libcrypto3', from: '3.3.3-r0', to: '3.3.4-r0', arch: 'x86_64' },
      { name: 'libncursesw', from: '6.5_p20241006-r3', to: '6.5_p20250503-r0', arch: 'x86_64' },
      { name: 'ssl_client', from: '1.37.0-r12', to: '1.37.0-r13', arch: 'x86_64' },
    ]);
  });
  it('reads simulated commits: purge, install, upgrade, downgrade, tags, self-upgrade', () => {
    expect(apk.parsePlan(fx('plan-upgrade'), [])).toEqual([
      { name: 'libold', action: 'remove', from: '1', to: null, manager: 'apk' },
      { name: 'libnew', action: 'install', from: null, to: '1', manager: 'apk' },
      { name: 'app', action: 'upgrade', from: '1', to: '2', manager: 'apk' },
    ]);
    expect(apk.parsePlan(fx('plan-add'), []).map((c) => [c.name, c.action, c.to])).toEqual([
      ['b', 'install', '2'],
      ['a', 'install', '2'],
    ]);
    expect(apk.parsePlan(fx('plan-downgrade-pinned'), [])).toEqual([
      { name: 'c', action: 'remove', from: '3', to: null, manager: 'apk' },
      { name: 'a', action: 'downgrade', from: '3', to: '2', manager: 'apk' },
    ]);
    expect(apk.parsePlan(fx('plan-selfupgrade'), []).map((c) => [c.name, c.from, c.to])).toEqual([
      ['libcrypto', '1', '2'],
      ['apk-tools', '1', '2'],
    ]);
    expect(apk.parsePlan(fx('add-tagged'), [])).toEqual([
      { name: 'rlwrap', action: 'install', from: null, to: '0.45.1-r0', repo: '@testing', manager: 'apk' },
    ]);
  });
  it('reads apk policy: installed, candidate from untagged repositories only', () => {
    expect(apk.parseInfo(fx('policy').stdout, 'fuse-common')).toMatchObject({
      name: 'fuse-common',
      installedVersion: '3.18.2-r0',
      candidateVersion: '3.18.3-r0',
    });
    expect(apk.parseInfo(fx('policy-tagged').stdout, 'vlc')).toMatchObject({ installedVersion: '2.2.6-r1', candidateVersion: '2.2.6-r1' });
    expect(apk.parseInfo(fx('policy-tagged').stdout, 'vlc')?.fields['3.0.0_rc2-r1']).toBe('@edgecommunity http://mirror.example/alpine/edge/community');
    expect(apk.parseInfo(fx('policy-none').stdout, 'nothere')).toBeNull();
  });
  it('reads apk search -v', () => {
    expect(apk.parseSearch(fx('search').stdout)).toEqual([
      { name: 'musl', version: '1.2.5-r9', summary: 'the musl c library (libc) implementation' },
      { name: 'musl-utils', version: '1.2.5-r9', summary: 'the musl c library (libc) implementation' },
    ]);
  });
  it('reads the kernel-modules reboot heuristic (recorded with pacman fixtures: same script)', () => {
    expect(apk.parseRebootRequired(fixtureResult('pacman', 'reboot-check-modules-missing.txt'))).toBe(true);
    expect(apk.parseRebootRequired(fixtureResult('pacman', 'reboot-check-modules-present.txt'))).toBe(false);
    expect(apk.parseRebootRequired(fixtureResult('pacman', 'reboot-check-host.txt'))).toBe(false);
  });
});

describe('apk: exit codes on documented output', () => {
  it('sees the held lock (exit 99)', () => {
    expect(apk.interpretExit('install', fx('lock'))).toMatchObject({ ok: false, lockHeld: true });
  });
  it('sees packages that do not exist', () => {
    expect(apk.interpretExit('install', fx('add-not-found'))).toEqual({ ok: false, notFound: true, message: 'package not found: gosu' });
    expect(apk.interpretExit('remove', fx('del-not-found'))).toEqual({ ok: false, notFound: true, message: 'package not found: nothere' });
  });
  it('reads successful commits as ok and reports other errors with apk\'s words', () => {
    expect(apk.interpretExit('simulate', fx('plan-upgrade'))).toEqual({ ok: true });
    expect(apk.interpretExit('install', fx('add-tagged'))).toEqual({ ok: true });
    const masked = { code: 1, signal: null, durationMs: 1, stdout: '', stderr: 'ERROR: unable to select packages:\n  rlwrap-0.45.1-r0:\n    masked in: @testing\n    satisfies: world[rlwrap]\n' };
    expect(apk.interpretExit('install', masked)).toEqual({ ok: false, message: 'ERROR: unable to select packages:' });
  });
  it('compares versions by apk rules', () => {
    expect(apk.compareVersions('1.0_rc1', '1.0')).toBe(-1);
    expect(apk.compareVersions('1.37.0-r13', '1.37.0-r12')).toBe(1);
  });
});
