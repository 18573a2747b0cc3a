import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fingerprintSha256 } from '../../../src/remote/host-key.js';
import { hashHostToken } from '../../../src/remote/host-pattern.js';
import { SshTransport } from '../../../src/remote/ssh-transport.js';
import { createSshFixture, type SshFixture } from './helpers/ssh-fixture.js';
import { generateKey, startTestServer, type TestServer } from './helpers/ssh-test-server.js';

let server: TestServer;
let fx: SshFixture;
let clientKey: ReturnType<typeof generateKey>;

beforeAll(async () => {
  clientKey = generateKey();
  server = await startTestServer({ authorizedKeys: [clientKey.public] });
});
afterAll(() => server.close());
beforeEach(() => {
  fx = createSshFixture();
  writeFileSync(fx.keyFile, clientKey.private, { mode: 0o600 });
});
afterEach(() => fx.cleanup());

const serverFingerprint = (): string => fingerprintSha256(Buffer.from(server.hostKeyLine.split(' ')[1] as string, 'base64'));

async function run(t: SshTransport): Promise<string> {
  try {
    return (await t.exec('echo ok')).stdout;
  } finally {
    await t.close();
  }
}

describe('host key checking over a real SSH handshake', () => {
  it('connects when the key is known', async () => {
    fx.trust(server);
    expect(await run(new SshTransport(fx.host(server), fx.ctx()))).toBe('ok\n');
  });

  it('refuses an unknown key under strict before any command runs', async () => {
    const execs = server.execs.length;
    const authBefore = server.authMethods.length;
    const t = new SshTransport(fx.host(server), fx.ctx());
    const err = await t.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: 'ConnectError', kind: 'hostkey' });
    const message = (err as Error).message;
    expect(message).toContain(serverFingerprint());
    expect(message).toContain(`ssh-keyscan -p ${server.port} 127.0.0.1 >> ${fx.knownHosts}`);
    expect(server.execs.length).toBe(execs);
    expect(server.authMethods.length).toBe(authBefore);
  });

  it('refuses a changed key under strict and under accept-new, naming the file and line', async () => {
    const other = generateKey().public.split(' ');
    writeFileSync(fx.knownHosts, `# ours\n[127.0.0.1]:${server.port} ${other[0]} ${other[1]}\n`);
    const execs = server.execs.length;
    for (const policy of ['strict', 'accept-new'] as const) {
      const t = new SshTransport(fx.host(server, { hostKeyPolicy: policy }), fx.ctx());
      const err = await t.connect().then(() => null, (e: unknown) => e as Error);
      expect(err).toMatchObject({ kind: 'hostkey' });
      expect(err?.message).toMatch(/HOST KEY CHANGED/);
      expect(err?.message).toContain(`${fx.knownHosts}:2`);
      expect(err?.message).toContain(serverFingerprint());
    }
    expect(server.execs.length).toBe(execs);
    expect(readFileSync(fx.knownHosts, 'utf8')).not.toContain(server.hostKeyLine);
  });

  it('accept-new records a new key, and the next connection passes strict', async () => {
    const first = new SshTransport(fx.host(server, { hostKeyPolicy: 'accept-new' }), fx.ctx());
    expect(await run(first)).toBe('ok\n');
    expect(readFileSync(fx.knownHosts, 'utf8')).toBe(`[127.0.0.1]:${server.port} ${server.hostKeyLine}\n`);
    expect(fx.warnings.some((w) => w.includes('Permanently added'))).toBe(true);
    expect(await run(new SshTransport(fx.host(server, { hostKeyPolicy: 'strict' }), fx.ctx()))).toBe('ok\n');
  });

  it('matches a hashed [host]:port entry', async () => {
    const salt = Buffer.alloc(20, 3);
    writeFileSync(fx.knownHosts, `${hashHostToken(`[127.0.0.1]:${server.port}`, salt)} ${server.hostKeyLine}\n`);
    expect(await run(new SshTransport(fx.host(server), fx.ctx()))).toBe('ok\n');
  });

  it('does not take a port-22 entry for a non-22 port', async () => {
    writeFileSync(fx.knownHosts, `127.0.0.1 ${server.hostKeyLine}\n`);
    const t = new SshTransport(fx.host(server), fx.ctx());
    await expect(t.connect()).rejects.toMatchObject({ kind: 'hostkey' });
  });

  it('also reads ~/.ssh/known_hosts under the home directory', async () => {
    const t = new SshTransport(fx.host(server, { knownHostsFile: undefined }), fx.ctx());
    await expect(t.connect()).rejects.toMatchObject({ kind: 'hostkey', message: expect.stringContaining(`${fx.home}/.ssh/known_hosts`) });
    const accept = new SshTransport(fx.host(server, { knownHostsFile: undefined, hostKeyPolicy: 'accept-new' }), fx.ctx());
    expect(await run(accept)).toBe('ok\n');
    expect(readFileSync(`${fx.home}/.ssh/known_hosts`, 'utf8')).toContain(server.hostKeyLine);
  });

  it('policy off connects to an unknown host with a loud warning', async () => {
    expect(await run(new SshTransport(fx.host(server, { hostKeyPolicy: 'off' }), fx.ctx()))).toBe('ok\n');
    expect(fx.warnings.join('\n')).toMatch(/HOST KEY CHECKING IS OFF/);
  });
});
