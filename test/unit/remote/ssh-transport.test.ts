import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshTransport } from '../../../src/remote/ssh-transport.js';
import { ConnectError } from '../../../src/remote/transport.js';
import { OutputCatalog } from '../../../src/remote/output-catalog.js';
import { createSshFixture, type SshFixture } from './helpers/ssh-fixture.js';
import { startTestServer, type TestServer } from './helpers/ssh-test-server.js';

let fx: SshFixture;
let server: TestServer;
let t: SshTransport;

beforeAll(async () => {
  fx = createSshFixture();
  server = await startTestServer({ authorizedKeys: [fx.key.public] });
  fx.trust(server);
  t = new SshTransport(fx.host(server), fx.ctx({ maxOutputBytes: 64 * 1024 }));
  await t.connect();
});

afterAll(async () => {
  await t.close();
  await server.close();
  fx.cleanup();
});

describe('SshTransport exec', () => {
  it('returns stdout, stderr and exit codes without throwing on non-zero', async () => {
    const ok = await t.exec('echo hello world');
    expect(ok).toMatchObject({ code: 0, signal: null, stdout: 'hello world\n', stderr: '' });
    expect(ok.durationMs).toBeGreaterThanOrEqual(0);
    expect(await t.exec('stderr it broke')).toMatchObject({ code: 1, stdout: '', stderr: 'it broke\n' });
    expect(await t.exec('exit 100')).toMatchObject({ code: 100, signal: null });
    expect(await t.exec('no-such-thing')).toMatchObject({ code: 127 });
  });

  it('writes stdin then closes it', async () => {
    const r = await t.exec('cat', { stdin: 'secret\nmore input\n' });
    expect(r).toMatchObject({ code: 0, stdout: 'secret\nmore input\n' });
    expect(server.stdinSeen).toContain('secret\nmore input\n');
    expect(await t.exec('cat')).toMatchObject({ code: 0, stdout: '' });
  });

  it('reports an exit by signal', async () => {
    expect(await t.exec('killsig')).toMatchObject({ code: null, signal: 'SIGKILL' });
  });

  it('reuses one connection for every command, also in parallel', async () => {
    const before = server.connections;
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => t.exec(`echo n${i}`)));
    expect(results.map((r) => r.stdout)).toEqual(['n1\n', 'n2\n', 'n3\n', 'n4\n', 'n5\n']);
    expect(server.connections).toBe(before);
    expect(server.connections).toBe(1);
  });

  it('shares an output equal to one another command printed, and keeps a different one apart', async () => {
    const catalog = new OutputCatalog();
    const first = await t.exec('big 40000', { share: { catalog } });
    const second = await t.exec('big 40000', { share: { catalog } });
    const other = await t.exec('big 40001', { share: { catalog } });
    expect([first.stdout.length, second.stdout.length, other.stdout.length]).toEqual([40004, 40004, 40005]);
    expect(second).toMatchObject({ code: 0, stdout: first.stdout });
    expect(catalog.entries.map((e) => e.text.length)).toEqual([40004, 40005]);
    expect(first.stdoutRest).toBeUndefined();
    const split = await t.exec('echo host-a @@ shared part', { share: { catalog, after: '@@' } });
    expect(split).toMatchObject({ stdout: 'host-a @@ shared part\n' }); // no newline after the marker line: no split
  });

  it('keeps the tail of oversized output and says how much was dropped', async () => {
    const r = await t.exec('big 200000');
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(64 * 1024);
    expect(r.stdout.endsWith('xxxEND\n')).toBe(true);
    expect(r.truncated).toEqual({ stdout: 200004 - 64 * 1024, stderr: 0 });
  });

  it('streams output to live callbacks', async () => {
    const seen: string[] = [];
    await t.exec('echo live', { onStdout: (c) => seen.push(c) });
    expect(seen.join('')).toBe('live\n');
  });

  it('on timeout closes the channel, signals the process and returns quickly', async () => {
    const started = Date.now();
    const r = await t.exec('sleep', { timeoutMs: 150 });
    expect(r).toMatchObject({ code: null, signal: 'TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(2000);
    await server.waitFor(() => server.closedEarly.includes('sleep'));
    expect(server.signals).toContain('TERM');
    expect((await t.exec('echo still usable')).stdout).toBe('still usable\n');
  });

  it('on abort closes the channel and resolves ABORTED', async () => {
    const ac = new AbortController();
    const closedBefore = server.closedEarly.length;
    const pending = t.exec('sleep', { signal: ac.signal });
    await server.waitFor(() => server.execs.filter((e) => e === 'sleep').length >= 2);
    ac.abort();
    expect(await pending).toMatchObject({ code: null, signal: 'ABORTED' });
    await server.waitFor(() => server.closedEarly.length > closedBefore);
    const pre = new AbortController();
    pre.abort();
    const execsBefore = server.execs.length;
    expect(await t.exec('echo never', { signal: pre.signal })).toMatchObject({ signal: 'ABORTED' });
    expect(server.execs.length).toBe(execsBefore);
  });
});

describe('SshTransport connection loss', () => {
  it('rejects pending execs with ConnectError unreachable when the connection drops', async () => {
    const own = new SshTransport(fx.host(server), fx.ctx());
    const slow = own.exec('sleep');
    const dropped = own.exec('drop');
    await expect(dropped).rejects.toMatchObject({ name: 'ConnectError', kind: 'unreachable' });
    await expect(slow).rejects.toBeInstanceOf(ConnectError);
    await expect(own.exec('echo after')).rejects.toMatchObject({ kind: 'unreachable' });
    // an explicit connect() reconnects
    await own.connect();
    expect((await own.exec('echo back')).stdout).toBe('back\n');
    await own.close();
    await expect(own.exec('echo closed')).rejects.toMatchObject({ kind: 'unreachable' });
    await expect(own.connect()).rejects.toMatchObject({ message: expect.stringContaining('transport closed') });
  });

  it('notices a peer that stops answering through keepalives', async () => {
    const own = new SshTransport(fx.host(server), fx.ctx({ keepaliveIntervalMs: 100, keepaliveCountMax: 2 }));
    const started = Date.now();
    await expect(own.exec('freeze')).rejects.toMatchObject({ kind: 'unreachable', message: expect.stringContaining('connection lost') });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
