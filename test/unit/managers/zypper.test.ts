import { describe, it, expect } from 'vitest';
import { zypper } from '../../../src/managers/zypper.js';
import { xmlElements } from '../../../src/managers/rpm-zypper-xml.js';
import { fixtureResult, loadFixture } from '../../helpers/fixture.js';

// Fixtures: zypper 1.14.42 (libzypp 17.25.7) on Debian 12 with --root in a throwaway tree and
// the same two local repos as the dnf fixtures (test/fixtures/dnf/README.md).
const out = (name: string) => loadFixture('zypper', name).text;
const res = (name: string, withStderr = false) => fixtureResult('zypper', `${name}.txt`, withStderr ? `${name}.stderr.txt` : undefined);
const INSTALLED = zypper.parseInstalled(out('rpm-qa.txt'));
const ENV = { ZYPP_LOCK_TIMEOUT: '0' }; // fail at once: the runner's loop owns the lock wait

describe('zypper: commands', () => {
  it('puts global options first, a short lock wait in the env', () => {
    expect(zypper.refresh()).toEqual([{ argv: ['zypper', '--non-interactive', 'refresh'], env: ENV, root: true }]);
    expect(zypper.listUpgradable()).toEqual([
      { argv: ['zypper', '--non-interactive', '--xmlout', 'list-updates'], env: ENV, root: true },
      {
        argv: ['zypper', '--non-interactive', '--xmlout', 'patch', '--dry-run', '--category', 'security', '--with-interactive', '--auto-agree-with-licenses'],
        env: ENV,
        root: true,
      },
    ]);
    expect(zypper.listUpgradable({ security: true })).toHaveLength(1);
  });

  it('pins with name=version and --oldpackage (downgrades otherwise do nothing, exit 0)', () => {
    expect(zypper.install([zypper.parseSpec('foo=1.0'), { name: 'baz' }]).argv).toEqual([
      'zypper', '--non-interactive', 'install', '--auto-agree-with-licenses', '--oldpackage', 'foo=1.0', 'baz',
    ]);
    expect(zypper.install([{ name: 'baz' }]).argv).toEqual(['zypper', '--non-interactive', 'install', '--auto-agree-with-licenses', 'baz']);
    expect(() => zypper.parseSpec('nginx=1.24*')).toThrow(/cannot pin a version glob/);
  });

  it('check mode: XML dry-run, no refresh, options before names', () => {
    expect(zypper.install([{ name: 'baz' }], { check: true }).argv).toEqual([
      'zypper', '--non-interactive', '--xmlout', '--no-refresh', 'install', '--dry-run', '--auto-agree-with-licenses', 'baz',
    ]);
    expect(zypper.remove(['foo'], { check: true }).argv).toEqual(['zypper', '--non-interactive', '--xmlout', '--no-refresh', 'remove', '--dry-run', 'foo']);
    expect(zypper.upgrade([], { check: true }).argv).toEqual([
      'zypper', '--non-interactive', '--xmlout', '--no-refresh', 'update', '--dry-run', '--auto-agree-with-licenses',
    ]);
  });

  it('security-only is a patch run that includes "interactive" (reboot-suggesting) patches', () => {
    expect(zypper.securityUpgrade).toBe('native');
    expect(zypper.upgrade([], { security: true }).argv).toEqual([
      'zypper', '--non-interactive', 'patch', '--category', 'security', '--with-interactive', '--auto-agree-with-licenses',
    ]);
  });

  it('exact-version upgrades go through install --oldpackage, plain ones through update', () => {
    expect(zypper.upgrade([{ name: 'foo', version: '1.1' }, { name: 'bar' }]).argv.slice(2)).toEqual([
      'install', '--auto-agree-with-licenses', '--oldpackage', 'foo=1.1', 'bar',
    ]);
    expect(zypper.upgrade([{ name: 'bar' }]).argv.slice(2)).toEqual(['update', '--auto-agree-with-licenses', 'bar']);
  });

  it('searches packages by name in XML; reboot check is needs-rebooting', () => {
    expect(zypper.search('ba').argv).toEqual(['zypper', '--non-interactive', '--xmlout', 'search', '--details', '--type', 'package', 'ba']);
    expect(zypper.rebootCheck()).toEqual({ argv: ['zypper', '--non-interactive', 'needs-rebooting'], root: false });
  });
});

describe('zypper: parsers on recorded output', () => {
  it('reads rpm -qa', () => {
    expect(INSTALLED).toEqual([
      { name: 'bar', version: '2.0-1', arch: 'noarch' },
      { name: 'foo', version: '1.0-1', arch: 'noarch' },
      { name: 'lab-release', version: '39-1', arch: 'noarch' },
      { name: 'qux', version: '2:0.9-1.fc39', arch: 'x86_64' },
    ]);
  });

  it('reads list-updates and marks what the security patches bring', () => {
    expect(zypper.parseUpgradable([res('list-updates-xml'), res('patch-security-dry-run-xml')])).toEqual([
      { name: 'bar', from: '2.0-1', to: '2.0-2', arch: 'noarch', repo: 'updates', security: true },
      { name: 'foo', from: '1.0-1', to: '1.1-1', arch: 'noarch', repo: 'updates', security: false },
      { name: 'qux', from: '2:0.9-1.fc39', to: '2:1.0-1.fc39', arch: 'x86_64', repo: 'updates', security: true },
    ]);
    expect(zypper.parseUpgradable([res('list-updates-none-xml'), res('update-nothing-xml')])).toEqual([]);
  });

  it('security-only listing reads the patch plan alone', () => {
    expect(zypper.parseUpgradable([res('patch-security-dry-run-xml')])).toEqual([
      { name: 'bar', from: '2.0-1', to: '2.0-2', arch: 'noarch', security: true },
      { name: 'qux', from: '2:0.9-1.fc39', to: '2:1.0-1.fc39', arch: 'x86_64', security: true },
    ]);
  });

  it('reads dry-run plans: upgrade, install with dependency, remove with dependent, downgrade', () => {
    expect(zypper.parsePlan(res('update-dry-run-xml'), INSTALLED)).toEqual([
      { name: 'bar', action: 'upgrade', from: '2.0-1', to: '2.0-2', arch: 'noarch' },
      { name: 'foo', action: 'upgrade', from: '1.0-1', to: '1.1-1', arch: 'noarch' },
      { name: 'qux', action: 'upgrade', from: '2:0.9-1.fc39', to: '2:1.0-1.fc39', arch: 'x86_64' },
    ]);
    expect(zypper.parsePlan(res('install-dep-dry-run-xml'), INSTALLED)).toEqual([
      { name: 'baz', action: 'install', from: null, to: '3.0-1', arch: 'noarch' },
      { name: 'bazlib', action: 'install', from: null, to: '1.0-1', arch: 'noarch' },
      { name: 'foo', action: 'upgrade', from: '1.0-1', to: '1.1-1', arch: 'noarch' },
    ]);
    expect(zypper.parsePlan(res('remove-dry-run-xml'), INSTALLED)).toEqual([
      { name: 'baz', action: 'remove', from: '3.0-1', to: null, arch: 'noarch' },
      { name: 'foo', action: 'remove', from: '1.0-1', to: null, arch: 'noarch' },
    ]);
    expect(zypper.parsePlan(res('downgrade-dry-run-xml'), INSTALLED)).toEqual([
      { name: 'foo', action: 'downgrade', from: '1.1-1', to: '1.0-1', arch: 'noarch' },
    ]);
    expect(zypper.parsePlan(res('update-nothing-xml'), INSTALLED)).toEqual([]);
  });

  it('reads XML attributes, entities decoded (list-patches --category security still lists the bugfix in XML)', () => {
    const patches = xmlElements(out('list-patches-security-xml.txt'), 'update');
    expect(patches.map((p) => [p.attrs.name, p.attrs.category, p.attrs.interactive])).toEqual([
      ['TEST-2024-0001', 'security', 'true'],
      ['TEST-2024-0002', 'bugfix', 'false'],
      ['TEST-2024-0003', 'security', 'false'],
    ]);
    const info = xmlElements(out('patch-security-dry-run-xml.txt'), 'message').map((m) => m.inner);
    expect(info).toContain("Patch 'TEST-2024-0002-1.0' is not in the specified category.".replace(/'/g, '&apos;'));
  });

  it('a patch plan lists the packages, not the patches', () => {
    expect(zypper.parsePlan(res('patch-security-dry-run-xml'), INSTALLED).map((c) => c.name)).toEqual(['bar', 'qux']);
  });

  it('reads search: one hit per name, newest edition, installed flag', () => {
    expect(zypper.parseSearch(out('search-xml.txt'))).toEqual([
      { name: 'bar', installed: true, version: '2.0-2', repo: 'Lab updates' },
      { name: 'baz', installed: true, version: '3.0-1', repo: 'Lab base' },
      { name: 'bazlib', installed: true, version: '1.0-1', repo: 'Lab base' },
    ]);
    expect(zypper.parseSearch(out('search-none-xml.txt'))).toEqual([]);
  });

  it('reads info: out-of-date, up-to-date, not installed, not found', () => {
    const bar = zypper.parseInfo(out('info-bar.txt'), 'bar')!;
    expect([bar.installedVersion, bar.candidateVersion, bar.repo, bar.summary]).toEqual(['2.0-1', '2.0-2', 'Lab updates', 'Test package bar']);
    expect(bar.fields.Status).toBe('out-of-date (version 2.0-1 installed)');
    expect(bar.fields.Description).toBe('Test package bar for pkgfleet fixtures.');
    const qux = zypper.parseInfo(out('info-qux.txt'), 'qux')!;
    expect([qux.installedVersion, qux.candidateVersion]).toEqual(['2:0.9-1.fc39', '2:1.0-1.fc39']);
    const foo = zypper.parseInfo(out('info-foo.txt'), 'foo')!;
    expect([foo.installedVersion, foo.candidateVersion]).toEqual(['1.1-1', '1.1-1']);
    const baz = zypper.parseInfo(out('info-baz-not-installed.txt'), 'baz')!;
    expect([baz.installedVersion, baz.candidateVersion]).toEqual([null, '3.0-1']);
    expect(zypper.parseInfo(out('info-notfound.txt'), 'nothere')).toBeNull();
  });

  it('reads needs-rebooting (102 = reboot needed)', () => {
    expect(zypper.parseRebootRequired(res('needs-rebooting-yes'))).toBe(true);
    expect(zypper.parseRebootRequired(res('needs-rebooting-no'))).toBe(false);
    // A reboot-suggesting patch does not set the flag by itself (recorded after patch-security).
    expect(zypper.parseRebootRequired(res('needs-rebooting-after-patch'))).toBe(false);
  });
});

describe('zypper: exit codes', () => {
  it('7 = locked, in text and XML mode', () => {
    expect(zypper.interpretExit('install', res('lock-held', true))).toEqual({
      ok: false,
      lockHeld: true,
      message: 'System management is locked by the application with pid 5149 (sleep).',
    });
    expect(zypper.interpretExit('list-upgradable', res('lock-held-xml')).lockHeld).toBe(true);
  });

  it('104 = not found for install, nothing to do for remove, no hits for search', () => {
    expect(zypper.interpretExit('install', res('install-notfound-xml'))).toEqual({
      ok: false,
      notFound: true,
      message: "No provider of 'nothere' found.",
    });
    expect(zypper.interpretExit('install', res('install-notfound', true)).notFound).toBe(true);
    expect(zypper.interpretExit('remove', res('remove-notfound-xml'))).toEqual({ ok: true, message: 'not installed' });
    expect(zypper.interpretExit('search', res('search-none-xml'))).toEqual({ ok: true });
  });

  it('102 = ok with a reboot needed (patch, and patch --dry-run too)', () => {
    expect(zypper.interpretExit('upgrade', res('patch-security'))).toEqual({ ok: true, rebootRequired: true, message: 'reboot needed' });
    expect(zypper.interpretExit('simulate', res('patch-security-dry-run-xml')).rebootRequired).toBe(true);
    expect(zypper.interpretExit('reboot-check', res('needs-rebooting-yes')).ok).toBe(true);
  });

  it('101 (patch-check) and "Nothing to do." are ok', () => {
    expect(zypper.interpretExit('list-upgradable', res('patch-check'))).toEqual({ ok: true });
    expect(zypper.interpretExit('simulate', res('update-nothing-xml'))).toEqual({ ok: true, message: 'nothing to do' });
  });

  it('the non-interactive skip surprise: without --with-interactive the reboot patch is skipped, exit 0', () => {
    const skipped = res('patch-security-dry-run-skip');
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toMatch(/Patch 'TEST-2024-0001-1.0' is interactive, skipping\./);
    expect(zypper.upgrade([], { security: true }).argv).toContain('--with-interactive');
  });

  it('106 fails a refresh but not other work; other codes fail', () => {
    const r = (code: number) => ({ code, signal: null, stdout: '', stderr: 'Repository x is invalid.', durationMs: 1 });
    expect(zypper.interpretExit('refresh', r(106)).ok).toBe(false);
    expect(zypper.interpretExit('upgrade', r(106)).ok).toBe(true);
    expect(zypper.interpretExit('upgrade', r(8))).toEqual({ ok: false, message: 'Repository x is invalid.' });
  });
});
