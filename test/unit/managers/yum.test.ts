import { describe, it, expect } from 'vitest';
import { yum } from '../../../src/managers/yum.js';
import { fixtureResult, loadFixture } from '../../helpers/fixture.js';

// yum 3 cannot run here: its fixtures are documented output (see each file's "## source:").
const out = (name: string) => loadFixture('yum', name).text;
const res = (name: string, stderr?: string) => fixtureResult('yum', name, stderr);
const INSTALLED = yum.parseInstalled(out('rpm-qa.txt'));

describe('yum: commands', () => {
  it('uses exit_on_lock=1, `update` and -y', () => {
    expect(yum.upgrade([]).argv).toEqual(['yum', '--setopt=exit_on_lock=1', '-y', 'update']);
    expect(yum.upgrade([], { security: true }).argv).toEqual(['yum', '--setopt=exit_on_lock=1', '-y', 'update', '--security']);
    expect(yum.install([yum.parseSpec('bash=4.2.46-35.el7_9')]).argv).toEqual(['yum', '--setopt=exit_on_lock=1', '-y', 'install', 'bash-4.2.46-35.el7_9']);
    expect(yum.remove(['bash'], { check: true }).argv).toEqual(['yum', '--setopt=exit_on_lock=1', '-C', '--assumeno', 'remove', 'bash']);
  });

  it('lists upgradable with check-update (no yum-utils needed), rpm -qa and updateinfo', () => {
    const cmds = yum.listUpgradable();
    expect(cmds.map((c) => c.argv)).toEqual([
      ['yum', '--setopt=exit_on_lock=1', '-q', 'check-update'],
      ['rpm', '-qa', '--qf', '%{NAME}\\t%{EPOCHNUM}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\n'],
      ['yum', '--setopt=exit_on_lock=1', '-q', 'updateinfo', 'list', 'security'],
    ]);
    expect(yum.listUpgradable({ security: true })[0]!.argv).toEqual(['yum', '--setopt=exit_on_lock=1', '-q', 'check-update', '--security']);
  });

  it('searches with yum search and checks reboots with yum-utils needs-restarting', () => {
    expect(yum.search('nano').argv).toEqual(['yum', '--setopt=exit_on_lock=1', '-q', 'search', 'nano']);
    expect(yum.rebootCheck()).toEqual({ argv: ['needs-restarting', '-r'], root: false });
  });
});

describe('yum: parsers on documented output', () => {
  it('reads check-update (exit 100) with a wrapped name, stopping at Obsoleting Packages', () => {
    const results = [res('check-update-100.txt'), res('rpm-qa.txt'), res('updateinfo-list-security.txt')];
    expect(yum.parseUpgradable(results)).toEqual([
      { name: 'bash', from: '4.2.46-34.el7', to: '4.2.46-35.el7_9', arch: 'x86_64', repo: 'updates', security: false },
      // Two kernels installed: the newest is the from-version.
      { name: 'kernel', from: '3.10.0-1160.118.1.el7', to: '3.10.0-1160.119.1.el7', arch: 'x86_64', repo: 'updates', security: true },
      {
        name: 'NetworkManager-libnm-devel-extra-long-name',
        from: '1:1.18.8-1.el7',
        to: '1:1.18.8-2.el7_9',
        arch: 'x86_64',
        repo: 'updates',
        security: false,
      },
      { name: 'openssl-libs', from: '1:1.0.2k-25.el7_9', to: '1:1.0.2k-26.el7_9', arch: 'x86_64', repo: 'updates', security: true },
    ]);
  });

  it('reads the --assumeno transaction table: yum section names, obsoletes as removals', () => {
    expect(yum.parsePlan(res('update-assumeno.txt'), INSTALLED)).toEqual([
      { name: 'kernel', action: 'install', from: null, to: '3.10.0-1160.119.1.el7', arch: 'x86_64', repo: 'updates' },
      { name: 'grub2', action: 'install', from: null, to: '1:2.02-0.87.el7.centos.14', arch: 'x86_64', repo: 'updates' },
      { name: 'grub2-tools', action: 'remove', from: '1:2.02-0.86.el7.centos', to: null, arch: 'x86_64' },
      { name: 'bash', action: 'upgrade', from: '4.2.46-34.el7', to: '4.2.46-35.el7_9', arch: 'x86_64', repo: 'updates' },
      { name: 'openssl-libs', action: 'upgrade', from: '1:1.0.2k-25.el7_9', to: '1:1.0.2k-26.el7_9', arch: 'x86_64', repo: 'updates' },
      { name: 'openssl', action: 'upgrade', from: null, to: '1:1.0.2k-26.el7_9', arch: 'x86_64', repo: 'updates' },
      { name: 'kernel', action: 'remove', from: '3.10.0-1160.el7', to: null, arch: 'x86_64', repo: 'anaconda' },
    ]);
  });

  it('reads yum search, joining wrapped summaries', () => {
    expect(yum.parseSearch(out('search.txt'))).toEqual([
      { name: 'nano', summary: 'A small text editor' },
      { name: 'nodejs-nano', summary: 'Minimalistic couchdb driver for Node.js' },
      { name: 'perl-Time-Clock', summary: 'Twenty-four hour clock object with nanosecond precision' },
    ]);
  });

  it('reads needs-restarting -r; a missing yum-utils means no', () => {
    expect(yum.parseRebootRequired(res('needs-restarting-yes.txt'))).toBe(true);
    const missing = { code: 127, signal: null, stdout: '', stderr: out('needs-restarting-missing.stderr.txt'), durationMs: 1 };
    expect(yum.parseRebootRequired(missing)).toBe(false);
    expect(yum.interpretExit('reboot-check', missing)).toEqual({ ok: true, message: 'needs-restarting is not available on this host' });
  });
});

describe('yum: exit codes', () => {
  it('exit_on_lock exits 1: the message tells the held lock apart', () => {
    const r = { code: 1, signal: null, stdout: '', stderr: out('lock-held.stderr.txt'), durationMs: 1 };
    expect(yum.interpretExit('upgrade', r)).toEqual({ ok: false, lockHeld: true, message: 'package database is locked by another process' });
  });

  it('"No package X available." is notFound', () => {
    expect(yum.interpretExit('install', res('install-notfound.txt', 'install-notfound.stderr.txt'))).toEqual({
      ok: false,
      notFound: true,
      message: 'No package nothere available.',
    });
  });

  it('check-update 100 is ok, and --assumeno ("Exiting on user command") is a normal check end', () => {
    expect(yum.interpretExit('list-upgradable', res('check-update-100.txt')).ok).toBe(true);
    expect(yum.interpretExit('simulate', res('update-assumeno.txt'))).toEqual({ ok: true, message: 'simulated' });
  });
});
