import { describe, it, expect } from 'vitest';
import { HostSession } from '../../../src/fleet/session.js';
import { HostFailure } from '../../../src/fleet/host-failure.js';
import type { HostSpec } from '../../../src/inventory/types.js';
import type { PackageManager, ExecResult } from '../../../src/managers/types.js';
import { FakeTransport, DEBIAN_FACTS } from '../../helpers/fake-transport.js';
import { guardWords, KILL_GRACE_S } from '../../../src/remote/guard.js';
import { quote } from '../../../src/remote/quote.js';

/** The process-group guard as rendered for a 1 s command timeout (remote deadline 1 s). */
const GUARD = guardWords({ deadlineS: 1, killAfterS: KILL_GRACE_S }).map(quote).join(' ');

const host = (become: boolean): HostSpec => ({ name: 'h', connection: 'ssh', address: 'h', port: 22, jump: [], become, groups: [], vars: {} });
const ctl = () => new AbortController().signal;

// A manager whose exit table says "lock held" on exit 100 with a lock message: the session must retry.
const lockyManager = {
  id: 'apt',
  displayName: 'Apt',
  interpretExit: (_op: string, r: ExecResult) =>
    r.code === 100 && /Could not get lock/.test(r.stderr) ? { ok: false, lockHeld: true } : { ok: r.code === 0 },
} as unknown as PackageManager;

describe('HostSession', () => {
  it('wraps root commands in sudo -n for a non-root login with become', async () => {
    const t = new FakeTransport((line) => (line.includes('@@os-release') ? { stdout: DEBIAN_FACTS } : {}));
    const s = new HostSession(host(true), t, { signal: ctl(), commandTimeoutMs: 1000, lockTimeoutMs: 1000 });
    await s.gatherFacts();
    await s.exec({ argv: ['apt-get', 'update'], root: true });
    await s.exec({ argv: ['dpkg-query', '-W'], root: false, localQuery: true });
    await s.exec({ argv: ['apt-get', '-s', 'upgrade'], root: false });
    expect(t.lines[0]!.startsWith("/bin/sh -c 'export LC_ALL=C LANG=C; ")).toBe(true); // facts: no sudo, no guard
    expect(t.lines[1]).toBe(`sudo -n -- ${GUARD} env LC_ALL=C LANG=C apt-get update`);
    expect(t.lines[2]).toBe('env LC_ALL=C LANG=C dpkg-query -W'); // a local query: no guard
    expect(t.lines[3]).toBe(`${GUARD} env LC_ALL=C LANG=C apt-get -s upgrade`); // no sudo, guarded
  });

  it('feeds the sudo password over stdin only, never in the command line', async () => {
    const t = new FakeTransport((line) => (line.includes('@@os-release') ? { stdout: DEBIAN_FACTS } : {}));
    const s = new HostSession(host(true), t, { signal: ctl(), commandTimeoutMs: 1000, lockTimeoutMs: 1000, becomePassword: 's3cr3t pw' });
    await s.gatherFacts();
    await s.exec({ argv: ['apt-get', 'update'], root: true });
    expect(t.lines[1]).toBe(`sudo -S -p '' -- ${GUARD} env LC_ALL=C LANG=C apt-get update`);
    expect(t.lines.join('\n')).not.toContain('s3cr3t');
    expect(t.stdins[1]).toBe('s3cr3t pw\n');
  });

  it('turns a wrong sudo password into a become failure', async () => {
    const t = new FakeTransport((line) =>
      line.includes('@@os-release')
        ? { stdout: DEBIAN_FACTS }
        : { code: 1, stderr: 'Sorry, try again.\nsudo: 1 incorrect password attempt\n' },
    );
    const s = new HostSession(host(true), t, { signal: ctl(), commandTimeoutMs: 1000, lockTimeoutMs: 1000, becomePassword: 'wrong' });
    await s.gatherFacts();
    const err = await s.exec({ argv: ['apt-get', 'update'], root: true }).catch((e) => e);
    expect(err).toBeInstanceOf(HostFailure);
    expect(err.kind).toBe('become');
  });

  it('waits for a held lock and succeeds once it is released', async () => {
    let calls = 0;
    const t = new FakeTransport(() => {
      calls++;
      return calls < 3 ? { code: 100, stderr: 'E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 42 (apt-get)' } : { code: 0 };
    });
    const steps: string[] = [];
    const s = new HostSession(host(false), t, { signal: ctl(), commandTimeoutMs: 1000, lockTimeoutMs: 5000, lockPollMs: 5, onStep: (x) => steps.push(x) });
    const { verdict } = await s.run(lockyManager, 'install', { argv: ['apt-get', 'install', '-y', 'x'], root: true });
    expect(verdict.ok).toBe(true);
    expect(calls).toBe(3);
    expect(steps).toEqual(['waiting for the Apt lock']);
  });

  it('fails with a lock error naming the lock after the lock timeout', async () => {
    const t = new FakeTransport(() => ({ code: 100, stderr: 'E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 42 (apt-get)' }));
    const s = new HostSession(host(false), t, { signal: ctl(), commandTimeoutMs: 1000, lockTimeoutMs: 40, lockPollMs: 10 });
    const err = await s.run(lockyManager, 'install', { argv: ['apt-get', 'install', '-y', 'x'], root: true }).catch((e) => e);
    expect(err).toBeInstanceOf(HostFailure);
    expect(err.kind).toBe('lock');
    expect(err.message).toMatch(/Apt package database lock was held by another process/);
    expect(err.stderrTail).toContain('/var/lib/dpkg/lock-frontend');
  });

  it('keeps to a short lock timeout: says it waits at once, fails right after it, and tries a last time at the end', async () => {
    const t = new FakeTransport(() => ({ code: 100, stderr: 'E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 42 (apt-get)' }));
    const steps: string[] = [];
    const s = new HostSession(host(false), t, { signal: ctl(), commandTimeoutMs: 1000, lockTimeoutMs: 300, lockPollMs: 200, onStep: (x) => steps.push(x) });
    const started = Date.now();
    const err = await s.run(lockyManager, 'install', { argv: ['apt-get', 'install', '-y', 'x'], root: true }).catch((e) => e);
    const took = Date.now() - started;
    expect(err).toMatchObject({ kind: 'lock' });
    expect(err.message).toMatch(/lock timeout 0s\)$/);
    expect(steps).toEqual(['waiting for the Apt lock']);
    // attempts at 0, 200 and 300 ms: the last pause is cut to the time that is left
    expect(t.lines).toHaveLength(3);
    expect(took).toBeGreaterThanOrEqual(300);
    expect(took).toBeLessThan(1000);
  });

  it('a command timeout is a timeout failure', async () => {
    const t = new FakeTransport(() => ({ code: null, signal: 'TIMEOUT' }));
    const s = new HostSession(host(false), t, { signal: ctl(), commandTimeoutMs: 1000, lockTimeoutMs: 40 });
    const err = await s.exec({ argv: ['sleep', '100'], root: false }).catch((e) => e);
    expect(err.kind).toBe('timeout');
  });
});
