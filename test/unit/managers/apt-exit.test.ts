import { describe, expect, it } from 'vitest';
import { apt } from '../../../src/managers/apt.js';
import { fixtureResult } from '../../helpers/fixture.js';

const result = (code: number | null, stdout = '', stderr = '', signal: string | null = null) => ({
  code,
  signal,
  stdout,
  stderr,
  durationMs: 1,
});

describe('apt interpretExit on recorded output', () => {
  it('dpkg frontend lock held (fails at once): lockHeld', () => {
    const r = fixtureResult('apt', 'lock-frontend-held.txt', 'lock-frontend-held.stderr.txt');
    expect(r.code).toBe(100);
    expect(apt.interpretExit('install', r)).toEqual({
      ok: false,
      lockHeld: true,
      message: 'Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 1024 (python3)',
    });
  });

  it('dpkg frontend lock held after a DPkg::Lock::Timeout wait (older pkgfleet waited 5 s in apt-get): lockHeld', () => {
    const r = fixtureResult('apt', 'lock-frontend-wait.txt', 'lock-frontend-wait.stderr.txt');
    expect(apt.interpretExit('remove', r)).toEqual({
      ok: false,
      lockHeld: true,
      message: 'Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?',
    });
  });

  it('lists lock held during apt-get update: lockHeld, so the runner retries', () => {
    const r = fixtureResult('apt', 'lock-lists-held.txt', 'lock-lists-held.stderr.txt');
    expect(apt.interpretExit('refresh', r)).toMatchObject({ ok: false, lockHeld: true });
  });

  it('apt-get update with an index that failed to download: a failure, not a lock', () => {
    const r = fixtureResult('apt', 'lab-update-failed-fetch.txt', 'lab-update-failed-fetch.stderr.txt');
    expect(r.code).toBe(100);
    expect(apt.interpretExit('refresh', r)).toEqual({
      ok: false,
      message: 'Failed to fetch file:LAB/missing/./Packages  File not found - LAB/missing/./Packages (2: No such file or directory)',
    });
  });

  it('dpkg interrupted: not a lock, says what to run', () => {
    const r = fixtureResult('apt', 'dpkg-interrupted.txt', 'dpkg-interrupted.stderr.txt');
    const v = apt.interpretExit('remove', r);
    expect(v.ok).toBe(false);
    expect(v.lockHeld).toBeUndefined();
    expect(v.notFound).toBeUndefined();
    expect(v.message).toContain("dpkg --configure -a");
  });

  it('unknown package and unknown version: notFound', () => {
    expect(
      apt.interpretExit('install', fixtureResult('apt', 'sim-install-notfound.txt', 'sim-install-notfound.stderr.txt')),
    ).toEqual({ ok: false, notFound: true, message: 'Unable to locate package nonexistentpkgxyz' });
    expect(
      apt.interpretExit('install', fixtureResult('apt', 'sim-install-bad-version.txt', 'sim-install-bad-version.stderr.txt')),
    ).toEqual({ ok: false, notFound: true, message: "Version '9.9-1' for 'jq' was not found" });
  });

  it('unresolvable dependencies and a refused downgrade: plain failure with apt’s message', () => {
    expect(
      apt.interpretExit('simulate', fixtureResult('apt', 'sim-install-glob.txt', 'sim-install-glob.stderr.txt')),
    ).toEqual({ ok: false, message: 'Unable to correct problems, you have held broken packages.' });
    expect(
      apt.interpretExit(
        'simulate',
        fixtureResult('apt', 'lab-sim-install-downgrade-refused.txt', 'lab-sim-install-downgrade-refused.stderr.txt'),
      ),
    ).toEqual({ ok: false, message: 'Packages were downgraded and -y was used without --allow-downgrades.' });
  });

  it('successful runs and "nothing to do" are ok', () => {
    expect(apt.interpretExit('simulate', fixtureResult('apt', 'sim-dist-upgrade.txt'))).toEqual({ ok: true });
    expect(apt.interpretExit('upgrade', fixtureResult('apt', 'sim-only-upgrade-pinned.txt'))).toEqual({ ok: true });
    expect(apt.interpretExit('search', fixtureResult('apt', 'search-no-hits.txt'))).toEqual({ ok: true });
    expect(apt.interpretExit('remove', result(0, "Package 'hello' is not installed, so not removed\n"))).toEqual({ ok: true });
  });

  it('info: apt-cache policy exits 0 with no output for an unknown name → notFound', () => {
    expect(apt.interpretExit('info', fixtureResult('apt', 'policy-nonexistent.txt'))).toEqual({
      ok: false,
      notFound: true,
      message: 'package not found',
    });
    expect(apt.interpretExit('info', fixtureResult('apt', 'policy-not-installed.txt'))).toEqual({ ok: true });
  });

  it('reboot-check: both answers of test -e are ok; anything else is not', () => {
    expect(apt.interpretExit('reboot-check', result(0))).toEqual({ ok: true });
    expect(apt.interpretExit('reboot-check', result(1))).toEqual({ ok: true });
    expect(apt.interpretExit('reboot-check', result(127, '', 'env: ‘test’: No such file or directory'))).toMatchObject({
      ok: false,
    });
  });

  it('killed by a signal', () => {
    expect(apt.interpretExit('upgrade', result(null, '', '', 'SIGTERM'))).toEqual({
      ok: false,
      message: 'terminated by signal SIGTERM',
    });
  });
});
