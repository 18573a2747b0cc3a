import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KeyLoader } from '../../../src/remote/key-loader.js';
import { SshTransport } from '../../../src/remote/ssh-transport.js';
import { createSshFixture, type SshFixture } from './helpers/ssh-fixture.js';
import { generateKey, startTestServer, type TestServer } from './helpers/ssh-test-server.js';

let fx: SshFixture;
beforeEach(() => {
  fx = createSshFixture();
});
afterEach(() => fx.cleanup());

/** A port that was free a moment ago (nothing listens on it). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('connect failures', () => {
  it('a closed port is unreachable, fast', async () => {
    const port = await closedPort();
    const started = Date.now();
    const t = new SshTransport(fx.host({ port } as TestServer), fx.ctx());
    await expect(t.connect()).rejects.toMatchObject({ name: 'ConnectError', kind: 'unreachable', message: expect.stringContaining('ECONNREFUSED') });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  describe('a TCP server that never speaks SSH', () => {
    let silent: Server;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      silent = createServer((s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    });
    const port = (): number => (silent.address() as { port: number }).port;

    it('hits readyTimeout and reports timeout', async () => {
      const started = Date.now();
      const t = new SshTransport(fx.host({ port: port() } as TestServer, { connectTimeoutMs: 300 }), fx.ctx());
      await expect(t.connect()).rejects.toMatchObject({ kind: 'timeout', message: expect.stringContaining('300 ms') });
      expect(Date.now() - started).toBeLessThan(2500);
    });

    it('an AbortSignal ends the attempt', async () => {
      const ac = new AbortController();
      const t = new SshTransport(fx.host({ port: port() } as TestServer, { connectTimeoutMs: 10_000 }), fx.ctx());
      const pending = t.connect(ac.signal);
      setTimeout(() => ac.abort(), 100);
      const started = Date.now();
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });
});

describe('authentication', () => {
  let server: TestServer;
  const passphrase = 'correct horse';
  const encrypted = generateKey(passphrase);
  const plain = generateKey();
  beforeAll(async () => {
    server = await startTestServer({ authorizedKeys: [encrypted.public, plain.public] });
  });
  afterAll(() => server.close());

  it('fails with kind auth, saying what was tried, when no key is accepted', async () => {
    fx.trust(server);
    const t = new SshTransport(fx.host(server), fx.ctx());
    const err = await t.connect().then(() => null, (e: unknown) => e as Error);
    expect(err).toMatchObject({ kind: 'auth' });
    expect(err?.message).toContain(`key ${fx.keyFile}`);
    expect(err?.message).toContain('server accepts: publickey');
    expect(server.authMethods).not.toContain('password');
  });

  it('asks for an encrypted key passphrase once per key file for the run', async () => {
    fx.trust(server);
    const keyFile = join(fx.dir, 'id_encrypted');
    writeFileSync(keyFile, encrypted.private, { mode: 0o600 });
    const questions: string[] = [];
    const answers = ['wrong', passphrase];
    const prompt = async (q: string): Promise<string> => {
      questions.push(q);
      return answers.shift() ?? 'none left';
    };
    const keyLoader = new KeyLoader(prompt);
    const a = new SshTransport(fx.host(server, { keyFile }), fx.ctx({ prompt, keyLoader }));
    const b = new SshTransport(fx.host(server, { keyFile, name: 'b' }), fx.ctx({ prompt, keyLoader }));
    const [ra, rb] = await Promise.all([a.exec('echo a'), b.exec('echo b')]);
    expect([ra.stdout, rb.stdout]).toEqual(['a\n', 'b\n']);
    expect(questions).toEqual([`Enter passphrase for key '${keyFile}': `, `Enter passphrase for key '${keyFile}': `]);
    await Promise.all([a.close(), b.close()]);
  });

  it('shares the passphrase cache between transports built with the same prompt function', async () => {
    fx.trust(server);
    const keyFile = join(fx.dir, 'id_encrypted2');
    writeFileSync(keyFile, encrypted.private, { mode: 0o600 });
    let asked = 0;
    const prompt = async (): Promise<string> => {
      asked++;
      return passphrase;
    };
    for (const name of ['one', 'two']) {
      const t = new SshTransport(fx.host(server, { keyFile, name }), fx.ctx({ prompt }));
      expect((await t.exec(`echo ${name}`)).stdout).toBe(`${name}\n`);
      await t.close();
    }
    expect(asked).toBe(1);
  });

  it('without a prompt, an encrypted key is skipped and the failure says why', async () => {
    fx.trust(server);
    const keyFile = join(fx.dir, 'id_encrypted3');
    writeFileSync(keyFile, encrypted.private, { mode: 0o600 });
    const t = new SshTransport(fx.host(server, { keyFile }), fx.ctx());
    await expect(t.connect()).rejects.toMatchObject({ kind: 'auth', message: expect.stringContaining('encrypted') });
  });

  it('uses the default key files under ~/.ssh when none is configured', async () => {
    fx.trust(server);
    spawnSync('mkdir', ['-p', join(fx.home, '.ssh')]);
    writeFileSync(join(fx.home, '.ssh', 'id_ecdsa'), plain.private, { mode: 0o600 });
    const t = new SshTransport(fx.host(server, { keyFile: undefined }), fx.ctx());
    expect((await t.exec('echo default')).stdout).toBe('default\n');
    await t.close();
  });

  it('falls through an unusable agent socket to the key files', async () => {
    fx.trust(server);
    writeFileSync(fx.keyFile, plain.private, { mode: 0o600 });
    const t = new SshTransport(fx.host(server), fx.ctx({ agentSocket: join(fx.dir, 'no-agent.sock') }));
    expect((await t.exec('echo via key')).stdout).toBe('via key\n');
    await t.close();
  });

  describe.skipIf(!existsSync('/usr/bin/ssh-agent') || !existsSync('/usr/bin/ssh-add'))('with a real ssh-agent', () => {
    let agent: ChildProcess;
    let sock: string;
    beforeEach(async () => {
      sock = join(fx.dir, 'agent.sock');
      agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
      for (let i = 0; i < 200 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 10));
      const keyFile = join(fx.dir, 'agent_key');
      writeFileSync(keyFile, plain.private, { mode: 0o600 });
      const add = spawnSync('ssh-add', [keyFile], { env: { ...process.env, SSH_AUTH_SOCK: sock }, encoding: 'utf8' });
      expect(add.status, add.stderr).toBe(0);
    });
    afterEach(() => {
      if (agent.pid) process.kill(agent.pid);
    });

    it('authenticates through the agent first', async () => {
      fx.trust(server);
      // the configured key file is not accepted by the server: only the agent can succeed
      const t = new SshTransport(fx.host(server), fx.ctx({ agentSocket: sock }));
      expect((await t.exec('echo agent')).stdout).toBe('agent\n');
      await t.close();
    });
  });
});

describe('password authentication', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ password: 's3cret' });
  });
  afterAll(() => server.close());

  it('is used only when the host asks for it explicitly', async () => {
    fx.trust(server);
    const without = new SshTransport(fx.host(server), fx.ctx());
    await expect(without.connect()).rejects.toMatchObject({ kind: 'auth' });
    expect(server.authMethods).not.toContain('password');

    const withPw = new SshTransport(fx.host(server, { passwordSource: { kind: 'env', name: 'PKGFLEET_TEST_PW' } }), fx.ctx());
    process.env.PKGFLEET_TEST_PW = 's3cret';
    try {
      expect((await withPw.exec('echo pw')).stdout).toBe('pw\n');
    } finally {
      delete process.env.PKGFLEET_TEST_PW;
      await withPw.close();
    }
    expect(server.authMethods).toContain('password');
  });

  it('a wrong password is an auth failure that never echoes the password', async () => {
    fx.trust(server);
    const t = new SshTransport(fx.host(server, { passwordSource: { kind: 'value', value: 'nope-nope' } }), fx.ctx());
    const err = await t.connect().then(() => null, (e: unknown) => e as Error);
    expect(err).toMatchObject({ kind: 'auth' });
    expect(err?.message).toContain('password');
    expect(err?.message).not.toContain('nope-nope');
  });
});
