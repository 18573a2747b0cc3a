import { describe, expect, it } from 'vitest';
import { apt } from '../../../src/managers/apt.js';
import { fixtureResult, loadFixture } from '../../helpers/fixture.js';
import type { InstalledPackage } from '../../../src/managers/types.js';

const fx = (name: string) => loadFixture('apt', name);

describe('apt parseInstalled (dpkg-query -W -f)', () => {
  it('reads the host database: plain names, :arch stripped into arch, epochs kept whole', () => {
    const pkgs = apt.parseInstalled(fx('dpkg-query-host.txt').text);
    expect(pkgs).toHaveLength(300);
    expect(pkgs[0]).toEqual({ name: 'aardvark-dns', version: '1.4.0-3', arch: 'amd64' });
    expect(pkgs.find((p) => p.name === 'adduser')).toEqual({ name: 'adduser', version: '3.134', arch: 'all' });
    expect(pkgs.find((p) => p.name === 'libc6')).toEqual({ name: 'libc6', version: '2.36-9+deb12u14', arch: 'amd64' });
    expect(pkgs.find((p) => p.name === 'bsdutils')?.version).toBe('1:2.38.1-5+deb12u3');
    expect(pkgs.find((p) => p.name === 'dmsetup')?.version).toBe('2:1.02.185-2');
    expect(pkgs.find((p) => p.name === 'g++')?.version).toBe('4:12.2.0-3');
    expect(pkgs.some((p) => p.name.includes(':'))).toBe(false);
  });

  it('keeps installed and held rows, drops config-files-only and unpacked rows', () => {
    expect(apt.parseInstalled(fx('dpkg-query-states.txt').text)).toEqual([
      { name: 'libpfdemo1', version: '0.9~rc1-2', arch: 'amd64' },
      { name: 'libpfdemo1', version: '0.9~rc1-2', arch: 'i386' },
      { name: 'pfdemo', version: '1:1.0-1', arch: 'amd64' },
      { name: 'pfdemo-held', version: '1.2.3-4+b1', arch: 'amd64' },
    ]);
  });

  it('returns nothing for empty output', () => {
    expect(apt.parseInstalled('')).toEqual([]);
  });
});

describe('apt parseUpgradable (apt-get -s dist-upgrade)', () => {
  const up = apt.parseUpgradable([fixtureResult('apt', 'sim-dist-upgrade.txt')]);

  it('reads every Inst line, marking the ones with a security origin', () => {
    expect(up).toHaveLength(112);
    expect(up.filter((u) => u.security)).toHaveLength(71);
    expect(up[0]).toEqual({
      name: 'base-files',
      from: '12.4+deb12u11',
      to: '12.4+deb12u15',
      arch: 'amd64',
      repo: 'Debian:12.15/oldstable',
      security: false,
    });
  });

  it('keeps epochs whole', () => {
    expect(up.find((u) => u.name === 'libcap2')).toMatchObject({
      from: '1:2.66-4+deb12u2+b2',
      to: '1:2.66-4+deb12u3+b1',
      security: false,
    });
  });

  it('is security when any one of several origins is a security archive', () => {
    expect(up.find((u) => u.name === 'krb5-locales')).toEqual({
      name: 'krb5-locales',
      from: '1.20.1-2+deb12u3',
      to: '1.20.1-2+deb12u5',
      arch: 'all',
      repo: 'Debian:12.15/oldstable, Debian-Security:12/oldstable-security',
      security: true,
    });
    expect(up.find((u) => u.name === 'tzdata')).toMatchObject({ from: '2025b-0+deb12u2', to: '2026f-0+deb12u1', security: true });
  });

  it('ignores the trailing [pkg on pkg] notes apt adds for ordering', () => {
    expect(up.find((u) => u.name === 'libpam-modules-bin')).toEqual({
      name: 'libpam-modules-bin',
      from: '1.5.2-6+deb12u1',
      to: '1.5.2-6+deb12u2',
      arch: 'amd64',
      repo: 'Debian:12.15/oldstable',
      security: false,
    });
  });

  it('reads the lab security label, release-less repos, new dependencies and foreign architectures', () => {
    const lab = apt.parseUpgradable([fixtureResult('apt', 'lab-sim-dist-upgrade-full.txt')]);
    expect(lab).toEqual([
      { name: 'labbare', from: '0.9', to: '1.0', arch: 'all', repo: 'localhost', security: false },
      { name: 'labdemo', from: '1.0', to: '1.1', arch: 'all', repo: 'Lab:lab', security: false },
      { name: 'labkern-abi2', from: null, to: '2.0', arch: 'all', repo: 'Lab-Security:lab-security', security: true },
      { name: 'labkern', from: '1.0', to: '1.1', arch: 'all', repo: 'Lab-Security:lab-security', security: true },
      { name: 'labmulti', from: '1.0', to: '1.1', arch: 'amd64', repo: 'Lab:lab', security: false },
      { name: 'labmulti', from: '1.0', to: '1.1', arch: 'i386', repo: 'Lab:lab', security: false },
      { name: 'labold', from: '3.0-1', to: '2.0-1', arch: 'all', repo: 'Lab:lab', security: false },
      { name: 'labsec', from: '1.0-1', to: '1.0-1+lab1', arch: 'amd64', repo: 'Lab-Security:lab-security', security: true },
    ]);
  });

  it('returns nothing when there is nothing to upgrade or no result', () => {
    expect(apt.parseUpgradable([fixtureResult('apt', 'sim-install-notfound.txt')])).toEqual([]);
    expect(apt.parseUpgradable([])).toEqual([]);
  });
});

describe('apt parsePlan (apt-get -s …)', () => {
  const none: InstalledPackage[] = [];

  it('new install with dependencies', () => {
    const plan = apt.parsePlan(fixtureResult('apt', 'sim-install-ansible.txt'), none);
    expect(plan).toHaveLength(17);
    expect(plan[0]).toEqual({
      name: 'ansible',
      action: 'install',
      from: null,
      to: '7.7.0+dfsg-3+deb12u1',
      arch: 'all',
      repo: 'Debian:12.15/oldstable',
      manager: 'apt',
    });
    expect(plan.find((c) => c.name === 'python3-lockfile')).toMatchObject({ action: 'install', to: '1:0.12.2-2.2' });
    expect(plan.every((c) => c.action === 'install')).toBe(true);
  });

  it('removal takes the reverse dependencies with it', () => {
    expect(apt.parsePlan(fixtureResult('apt', 'sim-remove-libjq1.txt'), none)).toEqual([
      { name: 'yq', action: 'remove', from: '3.1.0-3', to: null, manager: 'apt' },
      { name: 'jq', action: 'remove', from: '1.6-2.1+deb12u1', to: null, manager: 'apt' },
      { name: 'libjq1', action: 'remove', from: '1.6-2.1+deb12u1', to: null, manager: 'apt' },
    ]);
  });

  it('removal of a foreign-architecture package', () => {
    expect(apt.parsePlan(fixtureResult('apt', 'lab-sim-remove-foreign-arch.txt'), none)).toEqual([
      { name: 'labmulti', action: 'remove', from: '1.0', to: null, arch: 'i386', manager: 'apt' },
    ]);
  });

  it('upgrade, downgrade (pinned) and new dependency in one plan', () => {
    expect(apt.parsePlan(fixtureResult('apt', 'lab-sim-install-downgrade.txt'), none)).toEqual([
      { name: 'labdemo', action: 'upgrade', from: '1.0', to: '1.1', arch: 'all', repo: 'Lab:lab', manager: 'apt' },
      { name: 'labold', action: 'downgrade', from: '3.0-1', to: '2.0-1', arch: 'all', repo: 'Lab:lab', manager: 'apt' },
      { name: 'labtool', action: 'install', from: null, to: '2:0.5-1', arch: 'amd64', repo: 'Lab:lab', manager: 'apt' },
    ]);
  });

  it('reinstall when the version stays the same', () => {
    expect(apt.parsePlan(fixtureResult('apt', 'lab-sim-reinstall.txt'), none)).toEqual([
      { name: 'labsame', action: 'reinstall', from: '1.0-1', to: '1.0-1', arch: 'all', repo: 'Lab:lab', manager: 'apt' },
    ]);
  });

  it('a version glob resolves to a concrete version', () => {
    expect(apt.parsePlan(fixtureResult('apt', 'sim-install-glob-major.txt'), none)).toEqual([
      {
        name: 'jq',
        action: 'upgrade',
        from: '1.6-2.1+deb12u1',
        to: '1.6-2.1+deb12u3',
        arch: 'amd64',
        repo: 'Debian-Security:12/oldstable-security',
        manager: 'apt',
      },
      {
        name: 'libjq1',
        action: 'upgrade',
        from: '1.6-2.1+deb12u1',
        to: '1.6-2.1+deb12u3',
        arch: 'amd64',
        repo: 'Debian-Security:12/oldstable-security',
        manager: 'apt',
      },
    ]);
  });

  it('a version glob that selects an older version is a downgrade', () => {
    expect(apt.parsePlan(fixtureResult('apt', 'lab-sim-install-glob.txt'), none)).toEqual([
      { name: 'labold', action: 'downgrade', from: '3.0-1', to: '2.0-1', arch: 'all', repo: 'Lab:lab', manager: 'apt' },
    ]);
  });

  it('security-only upgrade with exact versions upgrades exactly the listed packages', () => {
    const plan = apt.parsePlan(fixtureResult('apt', 'sim-security-from-list.txt'), none);
    expect(plan.map((c) => [c.name, c.action, c.from, c.to])).toEqual([
      ['jq', 'upgrade', '1.6-2.1+deb12u1', '1.6-2.1+deb12u3'],
      ['libjq1', 'upgrade', '1.6-2.1+deb12u1', '1.6-2.1+deb12u3'],
      ['libssl-dev', 'upgrade', '3.0.19-1~deb12u2', '3.0.22-1~deb12u2'],
      ['libssl3', 'upgrade', '3.0.19-1~deb12u2', '3.0.22-1~deb12u2'],
      ['openssl', 'upgrade', '3.0.19-1~deb12u2', '3.0.22-1~deb12u2'],
    ]);
    expect(plan.every((c) => c.repo === 'Debian-Security:12/oldstable-security')).toBe(true);
    expect(apt.parsePlan(fixtureResult('apt', 'lab-sim-only-upgrade-security.txt'), none)).toEqual([
      {
        name: 'labsec',
        action: 'upgrade',
        from: '1.0-1',
        to: '1.0-1+lab1',
        arch: 'amd64',
        repo: 'Lab-Security:lab-security',
        manager: 'apt',
      },
    ]);
  });

  it('security-only upgrade from a list pulls a new dependency as an install', () => {
    const plan = apt.parsePlan(fixtureResult('apt', 'lab-sim-only-upgrade-new-dep.txt'), none);
    expect(plan.map((c) => [c.name, c.action, c.from, c.to])).toEqual([
      ['labkern-abi2', 'install', null, '2.0'],
      ['labkern', 'upgrade', '1.0', '1.1'],
    ]);
  });

  it('the check-mode dist-upgrade plan matches the upgradable list', () => {
    const plan = apt.parsePlan(fixtureResult('apt', 'sim-dist-upgrade-check-mode.txt'), none);
    expect(plan).toHaveLength(112);
    expect(plan.every((c) => c.action === 'upgrade')).toBe(true);
    expect(plan.find((c) => c.name === 'libssl3')).toMatchObject({ from: '3.0.19-1~deb12u2', to: '3.0.22-1~deb12u2' });
  });

  it('uses the installed list for a from-version apt did not print', () => {
    const result = { code: 0, signal: null, stdout: 'Inst foo (2.0 Lab:lab [amd64])\nRemv bar\n', stderr: '', durationMs: 1 };
    const installed = [
      { name: 'foo', version: '1:1.0-1', arch: 'amd64' },
      { name: 'bar', version: '0.5', arch: 'all' },
    ];
    expect(apt.parsePlan(result, installed)).toEqual([
      { name: 'foo', action: 'downgrade', from: '1:1.0-1', to: '2.0', arch: 'amd64', repo: 'Lab:lab', manager: 'apt' },
      { name: 'bar', action: 'remove', from: '0.5', to: null, manager: 'apt' },
    ]);
  });

  it('a failed simulation plans nothing', () => {
    expect(apt.parsePlan(fixtureResult('apt', 'sim-install-glob.txt', 'sim-install-glob.stderr.txt'), none)).toEqual([]);
  });
});

describe('apt parseSearch (apt-cache search --names-only)', () => {
  it('reads name and summary', () => {
    const hits = apt.parseSearch(fx('search-names-only.txt').text);
    expect(hits).toHaveLength(145);
    expect(hits.find((h) => h.name === 'jq')).toEqual({ name: 'jq', summary: 'lightweight and flexible command-line JSON processor' });
    expect(hits.find((h) => h.name === 'libjq1')?.summary).toBe('lightweight and flexible command-line JSON processor - shared library');
  });

  it('names with + and . survive; no hits is an empty list', () => {
    const hits = apt.parseSearch(fx('search-escaped.txt').text);
    expect(hits).toHaveLength(28);
    expect(hits[1]).toEqual({ name: 'libstdc++6', summary: 'GNU Standard C++ Library v3' });
    expect(apt.parseSearch(fx('search-no-hits.txt').text)).toEqual([]);
  });
});

describe('apt parseInfo (apt-cache policy)', () => {
  it('installed with a newer candidate', () => {
    expect(apt.parseInfo(fx('policy-installed-upgradable.txt').text, 'jq')).toEqual({
      name: 'jq',
      installedVersion: '1.6-2.1+deb12u1',
      candidateVersion: '1.6-2.1+deb12u3',
      repo: 'http://mirror.example/debian-security bookworm-security/main amd64 Packages',
      fields: {
        Installed: '1.6-2.1+deb12u1',
        Candidate: '1.6-2.1+deb12u3',
        'Version table': [
          '1.6-2.1+deb12u3 500',
          '500 http://mirror.example/debian-security bookworm-security/main amd64 Packages',
          '1.6-2.1+deb12u2 500',
          '500 http://mirror.example/debian bookworm/main amd64 Packages',
          '*** 1.6-2.1+deb12u1 100',
          '100 /var/lib/dpkg/status',
        ].join('\n'),
      },
    });
  });

  it('installed and current', () => {
    expect(apt.parseInfo(fx('policy-installed-current.txt').text, 'coreutils')).toMatchObject({
      name: 'coreutils',
      installedVersion: '9.1-1',
      candidateVersion: '9.1-1',
      repo: 'http://mirror.example/debian bookworm/main amd64 Packages',
    });
    expect(apt.parseInfo(fx('policy-multiarch.txt').text, 'libstdc++6')).toMatchObject({
      name: 'libstdc++6',
      installedVersion: '12.2.0-14+deb12u1',
      candidateVersion: '12.2.0-14+deb12u1',
    });
  });

  it('not installed, virtual and unknown packages', () => {
    expect(apt.parseInfo(fx('policy-not-installed.txt').text, 'ansible')).toMatchObject({
      installedVersion: null,
      candidateVersion: '7.7.0+dfsg-3+deb12u1',
      repo: 'http://mirror.example/debian bookworm/main amd64 Packages',
    });
    expect(apt.parseInfo(fx('policy-virtual.txt').text, 'mail-transport-agent')).toEqual({
      name: 'mail-transport-agent',
      installedVersion: null,
      candidateVersion: null,
      fields: { Installed: '(none)', Candidate: '(none)' },
    });
    expect(apt.parseInfo(fx('policy-nonexistent.txt').text, 'nonexistentpkgxyz')).toBeNull();
  });

  it('a pin that selects an older candidate (priority 1001)', () => {
    expect(apt.parseInfo(fx('lab-policy-pinned.txt').text, 'labold')).toMatchObject({
      installedVersion: '3.0-1',
      candidateVersion: '2.0-1',
      repo: 'file:LAB/main ./ Packages',
    });
    expect(apt.parseInfo(fx('lab-policy-security.txt').text, 'labsec')).toMatchObject({
      installedVersion: '1.0-1',
      candidateVersion: '1.0-1+lab1',
      repo: 'file:LAB/sec ./ Packages',
    });
  });
});

describe('apt parseRebootRequired (test -e /var/run/reboot-required)', () => {
  const r = (code: number) => ({ code, signal: null, stdout: '', stderr: '', durationMs: 1 });
  it('exit 0 = the file exists, 1 = it does not', () => {
    expect(apt.parseRebootRequired(r(0))).toBe(true);
    expect(apt.parseRebootRequired(r(1))).toBe(false);
    expect(apt.parseRebootRequired(r(127))).toBe(false);
  });
});
