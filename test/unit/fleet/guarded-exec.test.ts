// How a host session stops a command (src/fleet/guarded-exec.ts): a transport that plays the
// host's side. It answers the command line by what it contains, like FakeTransport, and honours
// the abort signal and the timeout the way the ssh transport does (resolves at once, channel gone).
import { describe, expect, it } from 'vitest';
import { execGuarded } from '../../../src/fleet/guarded-exec.js';
import { HostSession } from '../../../src/fleet/session.js';
import type { HostSpec } from '../../../src/inventory/types.js';
import type { ExecResult, PackageManager } from '../../../src/managers/types.js';
import type { ExecOptions, Transport } from '../../../src/remote/transport.js';
import { DEBIAN_FACTS } from '../../helpers/fake-transport.js';

interface Plan {
  /** stderr the command writes at once (the guard's PGID line is prepended unless noPgid). */
  pgid?: number;
  /** ms before the PGID line arrives. */
  pgidAfterMs?: number;
  /** How the command ends by itself: after ms with this result; never, if absent. */
  endsAfterMs?: number;
  result?: Partial<ExecResult>;
}

class HostPlay implements Transport {
  readonly lines: string[] = [];
  readonly stdins: Array<string | undefined> = [];
  constructor(
    private readonly plan: Plan,
    readonly kind: 'ssh' | 'local' = 'ssh',
    private readonly killSays = 'stopped',
  ) {}
  async connect(): Promise<void> {}
  async close(): Promise<void> {}
  exec(line: string, opts: ExecOptions = {}): Promise<ExecResult> {
    this.lines.push(line);
    this.stdins.push(opts.stdin);
    const base = { code: 0, signal: null, stdout: '', stderr: '', durationMs: 1 };
    if (/pkgfleet-guard kill \d+/.test(line)) return Promise.resolve({ ...base, stdout: `${this.killSays}\n` });
    if (line.includes('@@os-release')) return Promise.resolve({ ...base, stdout: DEBIAN_FACTS });
    const started = Date.now();
    let stderr = '';
    return new Promise((resolve) => {
      const timers: NodeJS.Timeout[] = [];
      const end = (r: Partial<ExecResult>) => {
        timers.forEach(clearTimeout);
        opts.signal?.removeEventListener('abort', onAbort);
        resolve({ ...base, stderr, durationMs: Date.now() - started, ...r, ...(r.stderr !== undefined ? { stderr: stderr + r.stderr } : {}) });
      };
      const onAbort = () => end({ code: null, signal: 'ABORTED' });
      if (opts.signal?.aborted) return onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      if (this.plan.pgid !== undefined) {
        const say = () => {
          stderr += `@pkgfleet-pgid ${this.plan.pgid}\n`;
          opts.onStderr?.(`@pkgfleet-pgid ${this.plan.pgid}\n`);
        };
        if (this.plan.pgidAfterMs) timers.push(setTimeout(say, this.plan.pgidAfterMs));
        else say();
      }
      if (opts.timeoutMs) timers.push(setTimeout(() => end({ code: null, signal: 'TIMEOUT' }), opts.timeoutMs));
      if (this.plan.endsAfterMs !== undefined) timers.push(setTimeout(() => end(this.plan.result ?? {}), this.plan.endsAfterMs));
    });
  }
}

const opts = (signal = new AbortController().signal) => ({ sudo: false as const, signal, timeoutMs: 0 });

describe('execGuarded', () => {
  it('runs over ssh inside the guard and removes the PGID line from stderr', async () => {
    const t = new HostPlay({ pgid: 4242, endsAfterMs: 5, result: { code: 0, stdout: 'ok\n', stderr: 'W: note\n' } });
    const r = await execGuarded(t, { argv: ['apt-get', 'update'], root: true }, { ...opts(), timeoutMs: 30_000 });
    expect(r).toEqual({ result: expect.objectContaining({ code: 0, stdout: 'ok\n', stderr: 'W: note\n' }) });
    expect(t.lines).toHaveLength(1);
    expect(t.lines[0]).toMatch(/^sh -c '.*' pkgfleet-guard run 10 27 env LC_ALL=C LANG=C apt-get update$/s);
  });

  it('over a local transport runs the plain line: that transport kills its own process group', async () => {
    const t = new HostPlay({ endsAfterMs: 1 }, 'local');
    await execGuarded(t, { argv: ['true'], root: false }, opts());
    expect(t.lines).toEqual(['env LC_ALL=C LANG=C true']);
  });

  it('local deadline: the group is signalled over the same connection, as the same user, password on stdin', async () => {
    const t = new HostPlay({ pgid: 4242 });
    const r = await execGuarded(t, { argv: ['apt-get', 'upgrade'], root: true }, { sudo: 'password', password: 'pw', signal: new AbortController().signal, timeoutMs: 50 });
    expect(r).toMatchObject({ stopped: 'timeout', cleanup: 'stopped' });
    expect(t.lines).toHaveLength(2);
    expect(t.lines[1]).toMatch(/^sudo -S -p '' -- sh -c 'export LC_ALL=C LANG=C; .*' pkgfleet-guard kill 4242 10$/s);
    expect(t.stdins[1]).toBe('pw\n');
    expect(t.lines.join('\n')).not.toContain('pw\n');
  });

  it('a root command of a root login is signalled without sudo', async () => {
    const t = new HostPlay({ pgid: 4242 });
    await execGuarded(t, { argv: ['apt-get', 'update'], root: true }, { sudo: false, signal: new AbortController().signal, timeoutMs: 50 });
    expect(t.lines[1]).toMatch(/^sh -c 'export LC_ALL=C LANG=C; .*' pkgfleet-guard kill 4242 10$/s);
  });

  it('a query that can wait on the network or a lock (dnf check-update) is guarded although it needs no root', async () => {
    const t = new HostPlay({ pgid: 4242 });
    const r = await execGuarded(t, { argv: ['dnf', 'check-update'], root: false }, { sudo: false, signal: new AbortController().signal, timeoutMs: 50 });
    expect(t.lines[0]).toMatch(/^sh -c '.*' pkgfleet-guard run 10 1 env LC_ALL=C LANG=C dnf check-update$/s);
    expect(r).toMatchObject({ stopped: 'timeout', cleanup: 'stopped' });
  });

  it('a local query (localQuery: the facts, the installed list) runs without the guard: a timeout closes its channel, nothing else is run', async () => {
    const t = new HostPlay({ pgid: 4242 });
    const r = await execGuarded(t, { argv: ['dpkg-query', '-W'], root: false, localQuery: true }, { sudo: 'nopass', signal: new AbortController().signal, timeoutMs: 50 });
    expect(t.lines).toEqual(['env LC_ALL=C LANG=C dpkg-query -W']);
    expect(r).toMatchObject({ stopped: 'timeout' });
    expect(r.cleanup).toBeUndefined();
  });

  it("the host's deadline is a timeout, whatever the command exited with; what is left of the tree is signalled", async () => {
    // zypper catches TERM and exits 8 (commit error) itself; the guard's last line says why
    const t = new HostPlay({ pgid: 77, endsAfterMs: 0, result: { code: 8, stderr: 'Terminated\n@pkgfleet-deadline\n' } });
    const r = await execGuarded(t, { argv: ['apt-get', 'upgrade'], root: true }, { sudo: 'nopass', signal: new AbortController().signal, timeoutMs: 3000 });
    expect(r).toMatchObject({ stopped: 'timeout', cleanup: 'stopped', result: { code: 8, stderr: 'Terminated\n' } });
    expect(t.lines[1]).toMatch(/^sudo -n -- sh -c 'export LC_ALL=C LANG=C; .* pkgfleet-guard kill 77 10$/s);
  });

  it('a death by TERM without the deadline line is just that, not a timeout', async () => {
    const t = new HostPlay({ pgid: 77, endsAfterMs: 0, result: { code: null, signal: 'SIGTERM' } });
    const r = await execGuarded(t, { argv: ['x'], root: true }, { ...opts(), timeoutMs: 3000 });
    expect(r.stopped).toBeUndefined();
    expect(r.result.signal).toBe('SIGTERM');
    expect(t.lines).toHaveLength(1);
  });

  it('an abort before the PGID line arrived waits for it, then signals the group', async () => {
    const ac = new AbortController();
    const t = new HostPlay({ pgid: 99, pgidAfterMs: 150 });
    setTimeout(() => ac.abort(), 10);
    const started = Date.now();
    const r = await execGuarded(t, { argv: ['x'], root: true }, { ...opts(ac.signal), pgidWaitMs: 5000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r).toMatchObject({ stopped: 'aborted', cleanup: 'stopped' });
    expect(t.lines[1]).toContain('pkgfleet-guard kill 99 10');
  });

  it('without a PGID line, an abort gives up waiting after pgidWaitMs and says it could not clean up', async () => {
    const ac = new AbortController();
    const t = new HostPlay({});
    ac.abort();
    const r = await execGuarded(t, { argv: ['x'], root: true }, { ...opts(ac.signal), pgidWaitMs: 30 });
    expect(r).toMatchObject({ stopped: 'aborted', cleanup: 'no-pgid' });
    expect(t.lines).toHaveLength(1);
  });
});

describe('HostSession: a stopped command is a failure that says what became of its processes', () => {
  const host: HostSpec = { name: 'h', connection: 'ssh', address: 'h', port: 22, jump: [], become: true, groups: [], vars: {} };

  it('timeout', async () => {
    const t = new HostPlay({ pgid: 4242 }, 'ssh', 'killed');
    const s = new HostSession(host, t, { signal: new AbortController().signal, commandTimeoutMs: 50, lockTimeoutMs: 0 });
    const err = await s.exec({ argv: ['apt-get', 'upgrade', '-y'], root: true }).catch((e) => e);
    expect(err).toMatchObject({ kind: 'timeout' });
    expect(err.message).toBe('command timed out after 0s: apt-get upgrade -y; its processes on the host ignored TERM and were killed after 10s');
  });

  it('abort', async () => {
    const ac = new AbortController();
    const t = new HostPlay({ pgid: 4242 });
    const s = new HostSession(host, t, { signal: ac.signal, commandTimeoutMs: 60_000, lockTimeoutMs: 0 });
    setTimeout(() => ac.abort(), 20);
    const err = await s.exec({ argv: ['apt-get', 'upgrade', '-y'], root: true }).catch((e) => e);
    expect(err).toMatchObject({ kind: 'interrupted', message: 'command aborted; its processes on the host have ended' });
  });

  it("a stopped root command of the manager adds what it may have left behind; a query does not", async () => {
    const manager = { id: 'pacman', displayName: 'Pacman', afterStop: 'remove db.lck', interpretExit: () => ({ ok: true }) } as unknown as PackageManager;
    const s = new HostSession(host, new HostPlay({ pgid: 4242 }), { signal: new AbortController().signal, commandTimeoutMs: 50, lockTimeoutMs: 0 });
    const change = await s.run(manager, 'upgrade', { argv: ['pacman', '-Syu'], root: true }).catch((e) => e);
    expect(change.message).toMatch(/^command timed out after 0s: pacman -Syu; its processes on the host have ended \(remove db\.lck\)$/);
    const query = await s.run(manager, 'list-installed', { argv: ['pacman', '-Q'], root: false }).catch((e) => e);
    expect(query.message).not.toContain('db.lck');
  });
});
