import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JumpHost } from '../../../src/inventory/types.js';
import { SshTransport } from '../../../src/remote/ssh-transport.js';
import { createSshFixture, type SshFixture } from './helpers/ssh-fixture.js';
import { startTestServer, type TestServer } from './helpers/ssh-test-server.js';

let fx: SshFixture;
let jump1: TestServer;
let jump2: TestServer;
let target: TestServer;

beforeAll(async () => {
  fx = createSshFixture();
  const keys = [fx.key.public];
  [jump1, jump2, target] = await Promise.all([
    startTestServer({ authorizedKeys: keys, allowForwarding: true }),
    startTestServer({ authorizedKeys: keys, allowForwarding: true }),
    startTestServer({ authorizedKeys: keys }),
  ]);
});
afterAll(async () => {
  await Promise.all([jump1.close(), jump2.close(), target.close()]);
  fx.cleanup();
});
beforeEach(() => {
  fx.warnings.length = 0;
});
afterEach(() => {
  // each test writes the known_hosts it needs
  writeFileSync(fx.knownHosts, '');
});

const hop = (s: TestServer): JumpHost => ({ address: '127.0.0.1', port: s.port, user: 'jumper', keyFile: fx.keyFile });

describe('jump hosts (ProxyJump)', () => {
  it('reaches the target through one jump host over a forwarded channel', async () => {
    fx.trust(jump1);
    fx.trust(target);
    const connsBefore = target.connections;
    const t = new SshTransport(fx.host(target, { jump: [hop(jump1)] }), fx.ctx());
    expect((await t.exec('echo through')).stdout).toBe('through\n');
    expect((await t.exec('echo again')).stdout).toBe('again\n');
    expect(jump1.forwards).toContain(`127.0.0.1:${target.port}`);
    expect(target.connections - connsBefore).toBe(1);
    await t.close();
  });

  it('chains two jump hosts, first hop first', async () => {
    fx.trust(jump1);
    fx.trust(jump2);
    fx.trust(target);
    const t = new SshTransport(fx.host(target, { jump: [hop(jump1), hop(jump2)] }), fx.ctx());
    expect((await t.exec('echo chained')).stdout).toBe('chained\n');
    expect(jump1.forwards).toContain(`127.0.0.1:${jump2.port}`);
    expect(jump2.forwards).toContain(`127.0.0.1:${target.port}`);
    await t.close();
  });

  it("verifies the jump host's key: unknown under strict is refused, naming the jump host", async () => {
    fx.trust(target);
    const t = new SshTransport(fx.host(target, { jump: [hop(jump1)] }), fx.ctx());
    await expect(t.connect()).rejects.toMatchObject({
      kind: 'hostkey',
      message: expect.stringContaining(`127.0.0.1:${jump1.port}`),
    });
  });

  it("verifies the target's key behind the jump host", async () => {
    fx.trust(jump1);
    const execs = target.execs.length;
    const t = new SshTransport(fx.host(target, { jump: [hop(jump1)] }), fx.ctx());
    await expect(t.connect()).rejects.toMatchObject({
      kind: 'hostkey',
      message: expect.stringContaining(`127.0.0.1:${target.port}`),
    });
    expect(target.execs.length).toBe(execs);
  });

  it('a jump host that refuses forwarding is a proxy error', async () => {
    // `target` does not allow forwarding: use it as the jump host this time
    fx.trust(target);
    const t = new SshTransport(fx.host(jump1, { jump: [hop(target)] }), fx.ctx());
    await expect(t.connect()).rejects.toMatchObject({ kind: 'proxy', message: expect.stringContaining('could not open a channel') });
  });

  it('when the jump connection drops, pending commands on the target fail as unreachable', async () => {
    fx.trust(jump1);
    fx.trust(target);
    const t = new SshTransport(fx.host(target, { jump: [hop(jump1)] }), fx.ctx());
    const pending = t.exec('sleep');
    await target.waitFor(() => target.execs.includes('sleep'));
    // shutting the jump server down ends its connections, and with them the tunnel
    await jump1.close();
    await expect(pending).rejects.toMatchObject({ kind: 'unreachable' });
    jump1 = await startTestServer({ authorizedKeys: [fx.key.public], allowForwarding: true });
  });
});
