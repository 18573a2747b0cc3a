import { describe, it, expect } from 'vitest';
import { dnf } from '../../../src/managers/dnf.js';
import { fixtureResult, loadFixture } from '../../helpers/fixture.js';
import type { ExecResult } from '../../../src/managers/types.js';

// Fixtures: dnf 4.14.0 on Debian 12 against a throwaway --installroot and two local repos
// (see test/fixtures/dnf/README.md). Installed at first: foo 1.0-1, bar 2.0-1, qux 2:0.9-1.fc39
// (x86_64), lab-release; updates: foo 1.1-1 (bugfix), bar 2.0-2 (security), qux 2:1.0-1.fc39 (security).
const out = (name: string) => loadFixture('dnf', name).text;
const res = (name: string, withStderr = false) => fixtureResult('dnf', `${name}.txt`, withStderr ? `${name}.stderr.txt` : undefined);
const INSTALLED = dnf.parseInstalled(out('rpm-qa.txt'));
const INSTALLED_AFTER = dnf.parseInstalled(out('rpm-qa-after.txt'));

describe('dnf: commands', () => {
  it('lists installed packages with rpm, as a normal user', () => {
    expect(dnf.listInstalled()).toEqual({
      argv: ['rpm', '-qa', '--qf', '%{NAME}\\t%{EPOCHNUM}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\n'],
      root: false,
      localQuery: true,
      alike: {},
    });
  });

  it('fails fast on a held lock in every dnf call', () => {
    expect(dnf.refresh()).toEqual([{ argv: ['dnf', '--setopt=exit_on_lock=True', '-q', 'makecache', '--refresh'], root: true }]);
    expect(dnf.install([{ name: 'htop' }]).argv).toEqual(['dnf', '--setopt=exit_on_lock=True', '-y', 'install', 'htop']);
  });

  it('lists upgradable as repoquery + rpm -qa + security advisories', () => {
    const [rq, qa, adv] = dnf.listUpgradable();
    expect(rq!.argv).toEqual([
      'dnf', '--setopt=exit_on_lock=True', '-q', 'repoquery', '--upgrades', '--latest-limit=1',
      '--qf', '%{name}|%{epoch}|%{version}|%{release}|%{arch}|%{repoid}',
    ]);
    expect(qa!.argv[0]).toBe('rpm');
    expect(adv!.argv).toEqual(['dnf', '--setopt=exit_on_lock=True', '-q', 'updateinfo', 'list', '--security']);
    expect(dnf.listUpgradable({ security: true })[0]!.argv).toContain('--security');
  });

  it('pins with the NEVRA spec and keeps a trailing glob', () => {
    expect(dnf.install([dnf.parseSpec('nginx=1.24*'), dnf.parseSpec('qux=2:1.0-1.fc39'), dnf.parseSpec('htop')]).argv.slice(2)).toEqual([
      '-y', 'install', 'nginx-1.24*', 'qux-2:1.0-1.fc39', 'htop',
    ]);
  });

  it('check mode is --assumeno from the cache only, never -y', () => {
    const c = dnf.install([{ name: 'baz' }], { check: true });
    expect(c.argv).toEqual(['dnf', '--setopt=exit_on_lock=True', '-C', '--assumeno', 'install', 'baz']);
    expect(c.argv).not.toContain('-y');
    expect(dnf.remove(['foo'], { check: true }).argv.slice(2)).toEqual(['-C', '--assumeno', 'remove', 'foo']);
    expect(dnf.upgrade([], { check: true, security: true }).argv.slice(2)).toEqual(['-C', '--assumeno', 'upgrade', '--security']);
  });

  it('upgrades all, named, exact-version and security-only', () => {
    expect(dnf.upgrade([]).argv.slice(2)).toEqual(['-y', 'upgrade']);
    expect(dnf.upgrade([{ name: 'bar' }, { name: 'qux', version: '2:1.0-1.fc39' }]).argv.slice(2)).toEqual(['-y', 'upgrade', 'bar', 'qux-2:1.0-1.fc39']);
    expect(dnf.upgrade([], { security: true }).argv.slice(2)).toEqual(['-y', 'upgrade', '--security']);
    expect(dnf.securityUpgrade).toBe('native');
  });

  it('searches names with repoquery and a machine-readable format', () => {
    expect(dnf.search('ba').argv.slice(2)).toEqual([
      '-q', 'repoquery', '--latest-limit=1', '--qf', '%{name}|%{epoch}|%{version}|%{release}|%{arch}|%{repoid}|%{summary}', '*ba*',
    ]);
  });

  it('asks needs-restarting -r for the reboot hint', () => {
    expect(dnf.rebootCheck()).toEqual({ argv: ['dnf', '-q', 'needs-restarting', '-r'], root: false });
  });
});

describe('dnf: parsers on recorded output', () => {
  it('reads rpm -qa, skipping gpg-pubkey, epoch kept whole', () => {
    expect(INSTALLED).toEqual([
      { name: 'qux', version: '2:0.9-1.fc39', arch: 'x86_64' },
      { name: 'lab-release', version: '39-1', arch: 'noarch' },
      { name: 'foo', version: '1.0-1', arch: 'noarch' },
      { name: 'bar', version: '2.0-1', arch: 'noarch' },
    ]);
  });

  it('joins repoquery --upgrades, rpm -qa and updateinfo --security', () => {
    const results = [res('repoquery-upgrades'), res('rpm-qa'), res('updateinfo-security')];
    expect(dnf.parseUpgradable(results)).toEqual([
      { name: 'bar', from: '2.0-1', to: '2.0-2', arch: 'noarch', repo: 'updates', security: true },
      { name: 'foo', from: '1.0-1', to: '1.1-1', arch: 'noarch', repo: 'updates', security: false },
      { name: 'qux', from: '2:0.9-1.fc39', to: '2:1.0-1.fc39', arch: 'x86_64', repo: 'updates', security: true },
    ]);
  });

  it('leaves security unknown when the advisory listing failed, and lists nothing when there is nothing', () => {
    const failed: ExecResult = { code: 1, signal: null, stdout: '', stderr: 'Error: boom', durationMs: 1 };
    const list = dnf.parseUpgradable([res('repoquery-upgrades'), res('rpm-qa'), failed]);
    expect(list.map((u) => u.security)).toEqual([undefined, undefined, undefined]);
    expect(dnf.parseUpgradable([res('repoquery-upgrades-none'), res('rpm-qa-after'), res('updateinfo-security-none')])).toEqual([]);
  });

  it('security-only listing: repoquery --security leaves foo (a bugfix) out', () => {
    const list = dnf.parseUpgradable([res('repoquery-upgrades-security'), res('rpm-qa'), res('updateinfo-security')]);
    expect(list.map((u) => [u.name, u.from, u.to, u.security])).toEqual([
      ['bar', '2.0-1', '2.0-2', true],
      ['qux', '2:0.9-1.fc39', '2:1.0-1.fc39', true],
    ]);
  });

  it('marks only security advisories, not bugfixes (full updateinfo list)', () => {
    const list = dnf.parseUpgradable([res('repoquery-upgrades'), res('rpm-qa'), res('updateinfo-all')]);
    expect(list.map((u) => [u.name, u.security])).toEqual([['bar', true], ['foo', false], ['qux', true]]);
  });

  it('reads the upgrade plan, from-versions joined from rpm -qa', () => {
    expect(dnf.parsePlan(res('upgrade-assumeno', true), INSTALLED)).toEqual([
      { name: 'bar', action: 'upgrade', from: '2.0-1', to: '2.0-2', arch: 'noarch', repo: 'updates' },
      { name: 'foo', action: 'upgrade', from: '1.0-1', to: '1.1-1', arch: 'noarch', repo: 'updates' },
      { name: 'qux', action: 'upgrade', from: '2:0.9-1.fc39', to: '2:1.0-1.fc39', arch: 'x86_64', repo: 'updates' },
    ]);
    expect(dnf.parsePlan(res('upgrade-security-assumeno', true), INSTALLED).map((c) => c.name)).toEqual(['bar', 'qux']);
  });

  it('reads an install plan with its dependency', () => {
    expect(dnf.parsePlan(res('install-dep-assumeno', true), INSTALLED)).toEqual([
      { name: 'baz', action: 'install', from: null, to: '3.0-1', arch: 'noarch', repo: 'base' },
      { name: 'bazlib', action: 'install', from: null, to: '1.0-1', arch: 'noarch', repo: 'base' },
    ]);
  });

  it('reads a removal with dependent packages and unused dependencies', () => {
    expect(dnf.parsePlan(res('remove-dep-assumeno', true), INSTALLED)).toEqual([
      { name: 'foo', action: 'remove', from: '1.0-1', to: null, arch: 'noarch', repo: 'base' },
      { name: 'baz', action: 'remove', from: '3.0-1', to: null, arch: 'noarch', repo: 'base' },
      { name: 'bazlib', action: 'remove', from: '1.0-1', to: null, arch: 'noarch', repo: 'base' },
    ]);
  });

  it('reads downgrades (dnf4 install of a lower version is a downgrade) and reinstalls', () => {
    const down = [{ name: 'foo', action: 'downgrade', from: '1.1-1', to: '1.0-1', arch: 'noarch', repo: 'base' }];
    expect(dnf.parsePlan(res('downgrade-assumeno', true), INSTALLED_AFTER)).toEqual(down);
    expect(dnf.parsePlan(res('install-lower-assumeno', true), INSTALLED_AFTER)).toEqual(down);
    expect(dnf.parsePlan(res('reinstall-assumeno', true), INSTALLED_AFTER)).toEqual([
      { name: 'foo', action: 'reinstall', from: '1.1-1', to: '1.1-1', arch: 'noarch', repo: 'updates' },
    ]);
  });

  it('reads pinned install/upgrade plans and an empty plan', () => {
    expect(dnf.parsePlan(res('install-pin-upgrade-assumeno', true), INSTALLED)).toEqual([
      { name: 'foo', action: 'upgrade', from: '1.0-1', to: '1.1-1', arch: 'noarch', repo: 'updates' },
    ]);
    expect(dnf.parsePlan(res('upgrade-pin-assumeno', true), INSTALLED)).toEqual([
      { name: 'qux', action: 'upgrade', from: '2:0.9-1.fc39', to: '2:1.0-1.fc39', arch: 'x86_64', repo: 'updates' },
    ]);
    expect(dnf.parsePlan(res('upgrade-nothing'), INSTALLED_AFTER)).toEqual([]);
  });

  it('reads an obsoleting install ("replacing" row) and an overlong name that widens the table', () => {
    const installed = dnf.parseInstalled(out('rpm-qa-obs.txt'));
    expect(dnf.parsePlan(res('obsoletes-long-name-assumeno', true), installed)).toEqual([
      {
        name: 'a-package-with-a-really-quite-extraordinarily-long-name-for-testing-columns',
        action: 'install',
        from: null,
        to: '1.0-1',
        arch: 'noarch',
        repo: 'extra',
      },
      { name: 'foo-ng', action: 'install', from: null, to: '2.0-1', arch: 'noarch', repo: 'extra' },
      { name: 'foo', action: 'remove', from: '1.1-1', to: null, arch: 'noarch' },
    ]);
  });

  it('reads repoquery search output', () => {
    expect(dnf.parseSearch(out('repoquery-search.txt'))).toEqual([
      { name: 'bar', version: '2.0-2', repo: 'updates', summary: 'Test package bar' },
      { name: 'bazlib', version: '1.0-1', repo: 'base', summary: 'Test package bazlib' },
      { name: 'baz', version: '3.0-1', repo: 'base', summary: 'Test package baz' },
    ]);
  });

  it('reads info: installed and candidate, epoch included', () => {
    const bar = dnf.parseInfo(out('info-bar.txt'), 'bar')!;
    expect(bar.installedVersion).toBe('2.0-1');
    expect(bar.candidateVersion).toBe('2.0-2');
    expect(bar.repo).toBe('updates');
    expect(bar.summary).toBe('Test package bar');
    expect(bar.fields.Source).toBe('bar-2.0-2.src.rpm');
    const qux = dnf.parseInfo(out('info-qux.txt'), 'qux')!;
    expect([qux.installedVersion, qux.candidateVersion]).toEqual(['2:0.9-1.fc39', '2:1.0-1.fc39']);
    const baz = dnf.parseInfo(out('info-baz.txt'), 'baz')!;
    expect([baz.installedVersion, baz.candidateVersion, baz.repo]).toEqual(['3.0-1', '3.0-1', 'base']);
    expect(dnf.parseInfo(out('info-notfound.txt'), 'nothere')).toBeNull();
  });

  it('reads needs-restarting -r, a missing plugin meaning no', () => {
    expect(dnf.parseRebootRequired(res('needs-restarting-yes', true))).toBe(true);
    expect(dnf.parseRebootRequired(res('needs-restarting-no', true))).toBe(false);
    expect(dnf.parseRebootRequired(res('needs-restarting-missing', true))).toBe(false);
    expect(dnf.interpretExit('reboot-check', res('needs-restarting-missing', true))).toEqual({
      ok: true,
      message: 'needs-restarting is not available on this host',
    });
    expect(dnf.interpretExit('reboot-check', res('needs-restarting-yes', true)).ok).toBe(true);
  });
});

describe('dnf: exit codes', () => {
  it('a held metadata or rpmdb lock (exit 200) is lockHeld', () => {
    for (const name of ['lock-held', 'lock-held-rpmdb']) {
      const v = dnf.interpretExit('upgrade', res(name, true));
      expect(v.ok).toBe(false);
      expect(v.lockHeld).toBe(true);
    }
  });

  it('an unknown package is notFound', () => {
    expect(dnf.interpretExit('install', res('install-notfound', true))).toEqual({
      ok: false,
      notFound: true,
      message: 'Error: Unable to find a match: nothere',
    });
    expect(dnf.interpretExit('upgrade', res('upgrade-notfound', true)).notFound).toBe(true);
    expect(dnf.interpretExit('info', res('info-notfound', true)).notFound).toBe(true);
  });

  it('removing what is not installed is fine', () => {
    expect(dnf.interpretExit('remove', res('remove-notfound', true))).toEqual({ ok: true, message: 'not installed' });
  });

  it('check-update 100 and "Nothing to do" are ok, --assumeno declining is ok', () => {
    expect(dnf.interpretExit('list-upgradable', res('check-update-100')).ok).toBe(true);
    expect(dnf.interpretExit('list-upgradable', res('check-update-none')).ok).toBe(true);
    expect(dnf.interpretExit('upgrade', res('upgrade-nothing'))).toEqual({ ok: true, message: 'nothing to do' });
    expect(dnf.interpretExit('simulate', res('upgrade-assumeno', true))).toEqual({ ok: true, message: 'simulated' });
    expect(dnf.interpretExit('install', res('install-already')).ok).toBe(true);
    expect(dnf.interpretExit('refresh', res('makecache'))).toEqual({ ok: true });
  });

  it('other failures keep the error line', () => {
    const r: ExecResult = { code: 1, signal: null, stdout: '', stderr: 'Error: Failed to download metadata for repo \'updates\'\n', durationMs: 1 };
    expect(dnf.interpretExit('refresh', r)).toEqual({ ok: false, message: "Error: Failed to download metadata for repo 'updates'" });
    expect(dnf.interpretExit('upgrade', { code: null, signal: 'TIMEOUT', stdout: '', stderr: '', durationMs: 1 }).ok).toBe(false);
  });
});
