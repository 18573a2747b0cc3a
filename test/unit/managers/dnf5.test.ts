import { describe, it, expect } from 'vitest';
import { dnf5 } from '../../../src/managers/dnf5.js';
import { dnf } from '../../../src/managers/dnf.js';
import { fixtureResult, loadFixture } from '../../helpers/fixture.js';
import type { ExecResult } from '../../../src/managers/types.js';

// dnf5 cannot run here: its fixtures are documented output (see each file's "## source:").
// rpm -qa comes from the real dnf4 lab (same packages).
const out = (name: string) => loadFixture('dnf5', name).text;
const res = (name: string) => fixtureResult('dnf5', name);
const INSTALLED = dnf.parseInstalled(loadFixture('dnf', 'rpm-qa.txt').text);
const stderrOnly = (name: string, code: number | null, signal: string | null = null): ExecResult => ({
  code,
  signal,
  stdout: '',
  stderr: out(name),
  durationMs: 1,
});

describe('dnf5: commands', () => {
  it('is its own binary with no exit_on_lock option', () => {
    expect(dnf5.binaries).toEqual(['dnf5']);
    expect(dnf5.displayName).toBe('Dnf5');
    expect(dnf5.install([{ name: 'htop' }]).argv).toEqual(['dnf5', '-y', 'install', 'htop']);
    expect(dnf5.refresh()[0]!.argv).toEqual(['dnf5', '-q', 'makecache', '--refresh']);
  });

  it('ends the repoquery format with its own newline and uses `advisory list`', () => {
    const [rq, qa, adv] = dnf5.listUpgradable();
    expect(rq!.argv).toEqual([
      'dnf5', '-q', 'repoquery', '--upgrades', '--latest-limit=1',
      '--queryformat', '%{name}|%{epoch}|%{version}|%{release}|%{arch}|%{repoid}\\n',
    ]);
    expect(qa!.argv[0]).toBe('rpm');
    expect(adv!.argv).toEqual(['dnf5', '-q', 'advisory', 'list', '--security']);
  });

  it('plans with --assumeno from the cache and a wide table', () => {
    expect(dnf5.upgrade([], { check: true })).toEqual({
      argv: ['dnf5', '-C', '--assumeno', 'upgrade'],
      env: { COLUMNS: '250' },
      root: true,
    });
    expect(dnf5.upgrade([], { security: true }).argv).toEqual(['dnf5', '-y', 'upgrade', '--security']);
    expect(dnf5.install([dnf5.parseSpec('nginx=1.24*')]).argv).toEqual(['dnf5', '-y', 'install', 'nginx-1.24*']);
  });

  it('asks needs-restarting (the reboot hint is its default)', () => {
    expect(dnf5.rebootCheck()!.argv).toEqual(['dnf5', '-q', 'needs-restarting']);
  });
});

describe('dnf5: parsers on documented output', () => {
  it('joins repoquery, rpm -qa and the advisory table', () => {
    const advisories = res('advisory-list-security.txt');
    const list = dnf5.parseUpgradable([res('repoquery-upgrades.txt'), fixtureResult('dnf', 'rpm-qa.txt'), advisories]);
    expect(list).toEqual([
      { name: 'bar', from: '2.0-1', to: '2.0-2', arch: 'noarch', repo: 'updates', security: true },
      { name: 'foo', from: '1.0-1', to: '1.1-1', arch: 'noarch', repo: 'updates', security: false },
      { name: 'qux', from: '2:0.9-1.fc39', to: '2:1.0-1.fc39', arch: 'x86_64', repo: 'updates', security: true },
    ]);
  });

  it('reads the 5.0-5.2 plan: old versions from the "replacing" rows', () => {
    // No installed list at all: the table alone gives from -> to.
    expect(dnf5.parsePlan(res('upgrade-assumeno-5.2.txt'), [])).toEqual([
      { name: 'bar', action: 'upgrade', from: '2.0-1', to: '2.0-2', arch: 'noarch', repo: 'updates' },
      { name: 'foo', action: 'upgrade', from: '1.0-1', to: '1.1-1', arch: 'noarch', repo: 'updates' },
      { name: 'qux', action: 'upgrade', from: '2:0.9-1.fc39', to: '2:1.0-1.fc39', arch: 'x86_64', repo: 'updates' },
    ]);
  });

  it('reads the 5.4 wide plan: `new <- old` inline, zero epochs dropped', () => {
    expect(dnf5.parsePlan(res('upgrade-assumeno-5.4-wide.txt'), [])).toEqual([
      { name: 'bar', action: 'upgrade', from: '2.0-1', to: '2.0-2', arch: 'noarch', repo: 'updates' },
      { name: 'qux', action: 'upgrade', from: '2:0.9-1.fc39', to: '2:1.0-1.fc39', arch: 'x86_64', repo: 'updates' },
    ]);
  });

  it('reads install and remove plans with their dependency sections', () => {
    expect(dnf5.parsePlan(res('install-dep-assumeno.txt'), INSTALLED)).toEqual([
      { name: 'baz', action: 'install', from: null, to: '3.0-1', arch: 'noarch', repo: 'base' },
      { name: 'bazlib', action: 'install', from: null, to: '1.0-1', arch: 'noarch', repo: 'base' },
    ]);
    expect(dnf5.parsePlan(res('remove-dep-assumeno.txt'), INSTALLED).map((c) => [c.name, c.action, c.from, c.to])).toEqual([
      ['foo', 'remove', '1.0-1', null],
      ['baz', 'remove', '3.0-1', null],
      ['bazlib', 'remove', '1.0-1', null],
    ]);
  });

  it('reads needs-restarting', () => {
    expect(dnf5.parseRebootRequired(res('needs-restarting-yes.txt'))).toBe(true);
    expect(dnf5.parseRebootRequired(res('needs-restarting-no.txt'))).toBe(false);
  });
});

describe('dnf5: exit codes', () => {
  it('"Operation aborted by the user." ends a check run normally', () => {
    const r = { ...res('upgrade-assumeno-5.2.txt'), stderr: out('upgrade-assumeno-5.2.stderr.txt') };
    expect(r.code).toBe(1);
    expect(dnf5.interpretExit('simulate', r)).toEqual({ ok: true, message: 'simulated' });
  });

  it('a missing package is notFound', () => {
    expect(dnf5.interpretExit('install', stderrOnly('install-notfound.stderr.txt', 1))).toEqual({
      ok: false,
      notFound: true,
      message: 'No match for argument: nothere',
    });
  });

  it('the rpm transaction lock is lockHeld', () => {
    const v = dnf5.interpretExit('install', stderrOnly('lock-rpm-transaction.stderr.txt', 1));
    expect(v).toEqual({ ok: false, lockHeld: true, message: 'package database is locked by another process' });
  });

  it('a run the runner killed while it waited for the system-repo lock is lockHeld', () => {
    const v = dnf5.interpretExit('upgrade', stderrOnly('lock-system-repo-timeout.stderr.txt', null, 'TIMEOUT'));
    expect(v).toEqual({ ok: false, lockHeld: true, message: 'terminated by TIMEOUT' });
  });
});
