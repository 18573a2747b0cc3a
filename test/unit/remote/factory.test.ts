import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostSpec } from '../../../src/inventory/types.js';
import { createTransport } from '../../../src/remote/factory.js';
import { resolveSecret } from '../../../src/remote/secret-source.js';

const base: HostSpec = { name: 'h', connection: 'ssh', address: '127.0.0.1', port: 22, jump: [], become: false, groups: [], vars: {} };

describe('createTransport', () => {
  it('returns a local transport that really runs commands for connection local', async () => {
    const t = createTransport({ ...base, connection: 'local' });
    expect(t.kind).toBe('local');
    await t.connect();
    expect((await t.exec('echo $((6*7))')).stdout).toBe('42\n');
    await t.close();
  });

  it('returns an ssh transport for anything else, without connecting yet', () => {
    expect(createTransport(base, { agentSocket: null }).kind).toBe('ssh');
  });
});

describe('resolveSecret', () => {
  it('reads value, env and file sources; a file loses only its final newline', async () => {
    expect(await resolveSecret({ kind: 'value', value: 'v' }, 'q')).toBe('v');
    process.env.PKGFLEET_SECRET_T = 'from env';
    expect(await resolveSecret({ kind: 'env', name: 'PKGFLEET_SECRET_T' }, 'q')).toBe('from env');
    delete process.env.PKGFLEET_SECRET_T;
    await expect(resolveSecret({ kind: 'env', name: 'PKGFLEET_SECRET_T' }, 'q')).rejects.toThrow(/not set/);
    const dir = mkdtempSync(join(tmpdir(), 'pkgfleet-secret-'));
    try {
      writeFileSync(join(dir, 'pw'), ' spaced pw \n');
      expect(await resolveSecret({ kind: 'file', path: join(dir, 'pw') }, 'q')).toBe(' spaced pw ');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('asks the prompt with the question, and fails clearly without one', async () => {
    const asked: string[] = [];
    const answer = await resolveSecret({ kind: 'prompt' }, 'Password for a@b:22: ', async (q) => {
      asked.push(q);
      return 'typed';
    });
    expect(answer).toBe('typed');
    expect(asked).toEqual(['Password for a@b:22: ']);
    await expect(resolveSecret({ kind: 'prompt' }, 'Password for a@b:22', undefined)).rejects.toThrow(/no terminal/);
  });
});
