import { describe, expect, it } from 'vitest';
import { pacman } from '../../../src/managers/pacman.js';
import { renderCommand } from '../../../src/remote/quote.js';
import { KERNEL_MODULES_SCRIPT } from '../../../src/managers/reboot-modules.js';
import type { InstalledPackage } from '../../../src/managers/types.js';
import { fixtureResult, loadFixture } from '../../helpers/fixture.js';

const QUIET = ['--noconfirm', '--noprogressbar', '--color', 'never'];
const PRINT = ['--print', '--print-format', '%n %v %r'];
const fx = (name: string) => fixtureResult('pacman', `${name}.txt`, hasStderr(name) ? `${name}.stderr.txt` : undefined);
function hasStderr(name: string): boolean {
  try {
    loadFixture('pacman', `${name}.stderr.txt`);
    return true;
  } catch {
    return false;
  }
}

const HOSTILE = ['htop; rm -rf /', '$(id)', '`id`', 'a\nb', '-oRootDir=/', '', 'two words', "it's", '"q"', 'a|b', 'a>b', '.hidden', 'x/y'];
const REAL = ['libstdc++6', 'g++', 'python3.11', 'lib32z1', 'NetworkManager', 'xorg-server', 'lib32-glibc', 'r8168-dkms', 'perl-libwww', '@scoped_1'];

describe('pacman: identity', () => {
  it('is the native Pacman manager without security metadata, pinning only the repo version', () => {
    expect(pacman.id).toBe('pacman');
    expect(pacman.displayName).toBe('Pacman');
    expect(pacman.kind).toBe('native');
    expect(pacman.binaries).toEqual(['pacman']);
    expect(pacman.securityUpgrade).toBe('unsupported');
    expect(pacman.supportsVersionPin).toBe(true);
  });
});

describe('pacman: validation', () => {
  it.each(HOSTILE)('refuses the name %j', (n) => expect(pacman.validateName(n)).toMatch(/./));
  it.each(REAL)('accepts the real name %s', (n) => expect(pacman.validateName(n)).toBeNull());
  it('accepts [epoch:]pkgver[-pkgrel] and refuses globs and junk', () => {
    for (const v of ['1.0', '1.0-1', '2:1.0-1', '6.9.1.arch1-1', '1.2.3+r45+gabc-1.1', '20240101']) {
      expect(pacman.validateVersion(v)).toBeNull();
    }
    expect(pacman.validateVersion('1.24*')).toMatch(/glob/);
    for (const v of ['', '1.0; id', '$(id)', '1.0-1-2', '-1', '1 0', '1.0\n', 'a:1.0']) {
      expect(pacman.validateVersion(v)).toMatch(/./);
    }
  });
  it('parses name and name=version specs, keeping the epoch whole', () => {
    expect(pacman.parseSpec('htop')).toEqual({ name: 'htop' });
    expect(pacman.parseSpec('qux=2:1.0-1')).toEqual({ name: 'qux', version: '2:1.0-1' });
    expect(pacman.parseSpec('g++=13.2.1-3')).toEqual({ name: 'g++', version: '13.2.1-3' });
  });
  it('refuses globs and hostile specs with a clear error', () => {
    expect(() => pacman.parseSpec('nginx=1.24*')).toThrow(/only install the version its sync repository carries/);
    expect(() => pacman.parseSpec('htop; rm -rf /')).toThrow(/invalid pacman package name/);
    expect(() => pacman.parseSpec('x=$(id)')).toThrow(/invalid pacman version/);
    expect(() => pacman.parseSpec('-oRootDir=/')).toThrow(/starts with '-'/);
  });
});

describe('pacman: commands', () => {
  it('refreshes with -Sy as root, non-interactively', () => {
    expect(pacman.refresh()).toEqual([{ argv: ['pacman', '-Sy', ...QUIET], root: true }]);
  });
  it('lists installed and upgradable without root', () => {
    expect(pacman.listInstalled()).toEqual({ argv: ['pacman', '-Q', '--color', 'never'], root: false, localQuery: true, alike: {} });
    expect(pacman.listUpgradable()).toEqual([{ argv: ['pacman', '-Qu', '--color', 'never'], root: false }]);
  });
  it('installs with -S --needed (never -Sy) and maps pins to name=version targets', () => {
    const cmd = pacman.install([{ name: 'htop' }, { name: 'qux', version: '2:1.0-1' }]);
    expect(cmd).toEqual({ argv: ['pacman', '-S', '--needed', ...QUIET, 'htop', 'qux=2:1.0-1'], root: true });
    expect(cmd.argv).not.toContain('-Sy');
  });
  it('plans installs, removals and upgrades with --print and no refresh', () => {
    expect(pacman.install([{ name: 'app' }], { check: true })).toEqual({
      argv: ['pacman', '-S', '--needed', ...QUIET, ...PRINT, 'app'],
      root: false,
    });
    expect(pacman.remove(['foo'], { check: true })).toEqual({ argv: ['pacman', '-R', ...QUIET, ...PRINT, 'foo'], root: false });
    expect(pacman.upgrade([], { check: true })).toEqual({ argv: ['pacman', '-Su', ...QUIET, ...PRINT], root: false });
    expect(pacman.upgrade([{ name: 'foo' }], { check: true })).toEqual({
      argv: ['pacman', '-S', '--needed', ...QUIET, ...PRINT, 'foo'],
      root: false,
    });
  });
  it('upgrades everything with -Syu and named packages with -S --needed', () => {
    expect(pacman.upgrade([])).toEqual({ argv: ['pacman', '-Syu', ...QUIET], root: true });
    expect(pacman.upgrade([{ name: 'foo' }, { name: 'bar', version: '2.0-2' }])).toEqual({
      argv: ['pacman', '-S', '--needed', ...QUIET, 'foo', 'bar=2.0-2'],
      root: true,
    });
  });
  it('removes with -R', () => {
    expect(pacman.remove(['foo', 'qux'])).toEqual({ argv: ['pacman', '-R', ...QUIET, 'foo', 'qux'], root: true });
  });
  it('refuses security-only upgrades instead of upgrading everything', () => {
    expect(() => pacman.upgrade([], { security: true })).toThrow(/no security metadata/);
    expect(() => pacman.listUpgradable({ security: true })).toThrow(/no security metadata/);
  });
  it('refuses hostile names in every builder', () => {
    for (const bad of HOSTILE) {
      expect(() => pacman.install([{ name: bad }])).toThrow();
      expect(() => pacman.remove([bad])).toThrow();
      expect(() => pacman.upgrade([{ name: bad }])).toThrow();
      expect(() => pacman.info(bad)).toThrow();
    }
    expect(() => pacman.install([{ name: 'foo', version: '1;id' }])).toThrow();
  });
  it('searches for the term as a literal, not as a regex or option', () => {
    expect(pacman.search('python3.11')).toEqual({ argv: ['pacman', '-Ss', '--color', 'never', 'python3\\.11'], root: false });
    expect(pacman.search('g++').argv.at(-1)).toBe('g\\+\\+');
    expect(() => pacman.search('--help')).toThrow();
    expect(() => pacman.search('a\nb')).toThrow();
  });
  it('asks for info with a fixed script and the name as a positional argument', () => {
    const cmd = pacman.info('qux');
    expect(cmd.argv.slice(0, 2)).toEqual(['sh', '-c']);
    expect(cmd.argv.slice(3)).toEqual(['sh', 'qux']);
    expect(cmd.argv[2]).not.toContain('qux');
    expect(renderCommand(cmd)).toMatch(/ sh qux$/);
  });
  it('checks for a reboot with the fixed kernel-modules script', () => {
    expect(pacman.rebootCheck()).toEqual({ argv: ['sh', '-c', KERNEL_MODULES_SCRIPT], root: false });
    // The recorded fixtures ran exactly this script.
    expect(loadFixture('pacman', 'reboot-check-host.txt').meta.command).toContain('/usr/lib/modules/*/');
  });
});

describe('pacman: parsers on recorded output', () => {
  // Installed when query-installed and the plan-install/plan-upgrade-all fixtures were recorded.
  const installed: InstalledPackage[] = [
    { name: 'bar', version: '2.0-1' },
    { name: 'baz', version: '3.0-1' },
    { name: 'foo', version: '1.0-1' },
    { name: 'qux', version: '2:0.9-1' },
  ];

  it('reads pacman -Q', () => {
    expect(pacman.parseInstalled(fx('query-installed').stdout)).toEqual(installed);
  });

  it('reads pacman -Qu, epochs whole, ignored packages left out', () => {
    expect(pacman.parseUpgradable([fx('query-upgrades')])).toEqual([
      { name: 'bar', from: '2.0-1', to: '2.0-2' },
      { name: 'foo', from: '1.0-1', to: '1.1-1' },
      { name: 'qux', from: '2:0.9-1', to: '2:1.0-1' },
    ]);
    expect(pacman.parseUpgradable([fx('query-upgrades-ignored')]).map((u) => u.name)).toEqual(['foo', 'qux']);
    expect(pacman.parseUpgradable([fx('query-upgrades-none')])).toEqual([]);
  });

  it('plans an install with its dependency, an upgrade and a fresh install', () => {
    expect(pacman.parsePlan(fx('plan-install'), installed)).toEqual([
      { name: 'libapp', action: 'install', from: null, to: '0.3-2', repo: 'testrepo', manager: 'pacman' },
      { name: 'app', action: 'install', from: null, to: '5.1-1', repo: 'testrepo', manager: 'pacman' },
      { name: 'foo', action: 'upgrade', from: '1.0-1', to: '1.1-1', repo: 'testrepo', manager: 'pacman' },
      { name: 'python3.11-demo', action: 'install', from: null, to: '3.11.2-1', repo: 'testrepo', manager: 'pacman' },
      { name: 'qux', action: 'upgrade', from: '2:0.9-1', to: '2:1.0-1', repo: 'testrepo', manager: 'pacman' },
    ]);
  });

  it('plans a full upgrade from -Su --print', () => {
    expect(pacman.parsePlan(fx('plan-upgrade-all'), installed).map((c) => [c.name, c.action, c.from, c.to])).toEqual([
      ['bar', 'upgrade', '2.0-1', '2.0-2'],
      ['foo', 'upgrade', '1.0-1', '1.1-1'],
      ['qux', 'upgrade', '2:0.9-1', '2:1.0-1'],
    ]);
    expect(pacman.parsePlan(fx('plan-upgrade-all-local-newer'), installed)).toEqual([]);
  });

  it('plans removals (repo "local"), downgrades and reinstalls', () => {
    const after = [
      { name: 'foo', version: '1.1-1' },
      { name: 'qux', version: '2:1.0-1' },
      { name: 'baz', version: '3.0-1' },
    ];
    expect(pacman.parsePlan(fx('plan-remove'), after)).toEqual([
      { name: 'qux', action: 'remove', from: '2:1.0-1', to: null, manager: 'pacman' },
      { name: 'foo', action: 'remove', from: '1.1-1', to: null, manager: 'pacman' },
    ]);
    expect(pacman.parsePlan(fx('plan-downgrade'), after)).toEqual([
      { name: 'foo', action: 'downgrade', from: '1.1-1', to: '1.0-1', repo: 'testrepo', manager: 'pacman' },
    ]);
    expect(pacman.parsePlan(fx('plan-reinstall'), after).map((c) => [c.name, c.action, c.from, c.to])).toEqual([
      ['baz', 'reinstall', '3.0-1', '3.0-1'],
    ]);
  });

  it('reads pacman -Ss (scraped), with installed marks and groups', () => {
    const hits = pacman.parseSearch(fx('search').stdout);
    expect(hits).toHaveLength(5);
    expect(hits[0]).toEqual({ repo: 'testrepo', name: 'foo', version: '1.1-1', installed: true, summary: 'Test package foo' });
    expect(hits[2]).toEqual({ repo: 'testrepo', name: 'libg++-demo', version: '1.0-1', installed: false, summary: 'Demo plus name' });
    expect(pacman.parseSearch(fx('search-older-repo').stdout)).toEqual([
      { repo: 'testrepo', name: 'foo', version: '1.0-1', installed: true, summary: 'Test package foo' },
    ]);
    expect(pacman.parseSearch(fx('search-group').stdout)).toEqual([
      { repo: 'testrepo', name: 'opty', version: '0.5-3', installed: false, summary: 'Package with optional deps' },
    ]);
    expect(pacman.parseSearch(fx('search-none').stdout)).toEqual([]);
  });

  it('reads the info script: sync + local blocks', () => {
    const both = pacman.parseInfo(fx('info-script-both').stdout, 'qux');
    expect(both).toMatchObject({
      name: 'qux',
      installedVersion: '2:1.0-1',
      candidateVersion: '2:0.9-1',
      summary: 'Test package qux with epoch',
      repo: 'testrepo',
    });
    expect(both?.fields['Install Reason']).toBe('Explicitly installed');
    expect(both?.fields['Download Size']).toBe('1114.00 B');
    expect(both?.fields.Version).toBe('2:0.9-1');

    expect(pacman.parseInfo(fx('info-script-sync-only').stdout, 'newpkg')).toMatchObject({
      installedVersion: null,
      candidateVersion: '1.0-1',
      summary: 'New package depending on baz',
    });
    const local = pacman.parseInfo(fx('info-script-local-only').stdout, 'libapp');
    expect(local).toMatchObject({ installedVersion: '0.3-2', candidateVersion: null, summary: 'Library for app' });
    expect(local?.repo).toBeUndefined();
    expect(pacman.parseInfo(fx('info-script-not-found').stdout, 'nothere')).toBeNull();
  });

  it('keeps multi-line Optional Deps together', () => {
    const info = pacman.parseInfo(fx('info-script-optdeps').stdout, 'opty');
    expect(info?.fields['Optional Deps']).toBe('bar: for bar support\nqux: for qux support');
    expect(info?.fields['Depends On']).toBe('baz  foo>=1.0');
    expect(info?.fields.Groups).toBe('demo-group');
  });

  it('reads the reboot heuristic', () => {
    expect(pacman.parseRebootRequired(fx('reboot-check-modules-missing'))).toBe(true);
    expect(pacman.parseRebootRequired(fx('reboot-check-modules-present'))).toBe(false);
    expect(pacman.parseRebootRequired(fx('reboot-check-host'))).toBe(false);
  });
});

describe('pacman: exit codes on recorded output', () => {
  it('sees a held lock on install, refresh and remove', () => {
    expect(pacman.interpretExit('install', fx('lock-install'))).toMatchObject({ ok: false, lockHeld: true });
    expect(pacman.interpretExit('refresh', fx('lock-refresh'))).toMatchObject({ ok: false, lockHeld: true });
    expect(pacman.interpretExit('remove', fx('lock-remove'))).toMatchObject({ ok: false, lockHeld: true });
  });
  it('sees missing packages and versions the repo does not carry', () => {
    expect(pacman.interpretExit('install', fx('install-not-found'))).toEqual({
      ok: false,
      notFound: true,
      message: 'package not found: nothere',
    });
    expect(pacman.interpretExit('install', fx('pin-wrong-version'))).toMatchObject({ notFound: true, message: 'package not found: newpkg=2.0-1' });
    expect(pacman.interpretExit('simulate', fx('plan-remove-not-found'))).toMatchObject({ ok: false, notFound: true });
    expect(pacman.interpretExit('info', fx('info-script-not-found'))).toMatchObject({ ok: false, notFound: true });
  });
  it('treats -Qu rc 1 with no output, an empty search and "nothing to do" as success', () => {
    expect(pacman.interpretExit('list-upgradable', fx('query-upgrades-none'))).toEqual({ ok: true });
    expect(pacman.interpretExit('search', fx('search-none'))).toEqual({ ok: true });
    expect(pacman.interpretExit('install', fx('install-needed-nothing'))).toEqual({ ok: true });
    expect(pacman.interpretExit('upgrade', fx('upgrade-all-nothing'))).toEqual({ ok: true });
    expect(pacman.interpretExit('upgrade', fx('upgrade-all'))).toEqual({ ok: true });
    expect(pacman.interpretExit('info', fx('info-script-local-only'))).toEqual({ ok: true });
  });
  it('reports a broken dependency as a plain failure with pacman\'s words', () => {
    const v = pacman.interpretExit('simulate', fx('plan-remove-blocked'));
    expect(v.ok).toBe(false);
    expect(v.lockHeld).toBeUndefined();
    expect(v.notFound).toBeUndefined();
    expect(v.message).toContain("removing baz breaks dependency 'baz' required by bar");
  });
  it('a pin of the repo version plans that version', () => {
    expect(pacman.interpretExit('simulate', fx('pin-print'))).toEqual({ ok: true });
    expect(pacman.parsePlan(fx('pin-print'), [])).toEqual([
      { name: 'newpkg', action: 'install', from: null, to: '1.0-1', repo: 'testrepo', manager: 'pacman' },
    ]);
  });
  it('compares versions by vercmp rules', () => {
    expect(pacman.compareVersions('1.0a', '1.0')).toBe(-1);
    expect(pacman.compareVersions('2:0.9-1', '1:5.0-1')).toBe(1);
  });
});
