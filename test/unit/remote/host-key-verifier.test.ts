import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostKeyPolicy } from '../../../src/inventory/types.js';
import { fingerprintSha256 } from '../../../src/remote/host-key.js';
import { verifyHostKey, type HostKeyCheck } from '../../../src/remote/host-key-verifier.js';
import { generateKey } from './helpers/ssh-test-server.js';

const A = generateKey().public.split(' ');
const B = generateKey().public.split(' ');
const blobA = Buffer.from(A[1] as string, 'base64');
const blobB = Buffer.from(B[1] as string, 'base64');

let dir: string;
let file: string;
let warnings: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pkgfleet-hkv-'));
  file = join(dir, 'known_hosts');
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function check(policy: HostKeyPolicy, port = 2222): HostKeyCheck {
  return { host: 'web.lab', port, policy, files: [], writeFile: file, onWarning: (m) => warnings.push(m) };
}

describe('verifyHostKey', () => {
  it('accepts a recorded key under strict', async () => {
    writeFileSync(file, `[web.lab]:2222 ${A[0]} ${A[1]}\n`);
    expect(await verifyHostKey(check('strict'), blobA)).toEqual({ ok: true, added: false });
  });

  it('refuses an unknown key under strict, saying how to add it', async () => {
    const v = await verifyHostKey(check('strict'), blobA);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.message).toContain(fingerprintSha256(blobA));
    expect(v.message).toContain(`ssh-keyscan -p 2222 web.lab >> ${file}`);
  });

  it('refuses a changed key under strict and accept-new, naming file:line and both fingerprints', async () => {
    writeFileSync(file, `# fleet\n[web.lab]:2222 ${A[0]} ${A[1]}\n`);
    for (const policy of ['strict', 'accept-new'] as const) {
      const v = await verifyHostKey(check(policy), blobB);
      expect(v.ok).toBe(false);
      if (v.ok) continue;
      expect(v.message).toMatch(/HOST KEY CHANGED/);
      expect(v.message).toContain(`${file}:2`);
      expect(v.message).toContain(fingerprintSha256(blobA));
      expect(v.message).toContain(fingerprintSha256(blobB));
    }
    expect(readFileSync(file, 'utf8')).not.toContain(B[1]);
  });

  it('accept-new records an unknown key once, then strict accepts it', async () => {
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => verifyHostKey(check('accept-new'), blobA)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && r.added)).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toBe(`[web.lab]:2222 ${A[0]} ${A[1]}\n`);
    expect(warnings.filter((w) => w.includes('Permanently added'))).toHaveLength(1);
    expect(await verifyHostKey(check('strict'), blobA)).toEqual({ ok: true, added: false });
  });

  it('accept-new appends on a new line when the file lacks a final newline', async () => {
    writeFileSync(file, `other ${B[0]} ${B[1]}`);
    await verifyHostKey(check('accept-new', 22), blobA);
    expect(readFileSync(file, 'utf8').split('\n')).toEqual([`other ${B[0]} ${B[1]}`, `web.lab ${A[0]} ${A[1]}`, '']);
  });

  it('off accepts unknown and changed keys with a loud warning', async () => {
    expect((await verifyHostKey(check('off'), blobA)).ok).toBe(true);
    writeFileSync(file, `[web.lab]:2222 ${A[0]} ${A[1]}\n`);
    expect((await verifyHostKey(check('off'), blobB)).ok).toBe(true);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/HOST KEY CHECKING IS OFF/);
    expect(warnings[1]).toMatch(/HOST KEY CHANGED/);
  });

  it('refuses a @revoked key under every policy', async () => {
    writeFileSync(file, `[web.lab]:2222 ${A[0]} ${A[1]}\n@revoked * ${A[0]} ${A[1]}\n`);
    for (const policy of ['strict', 'accept-new', 'off'] as const) {
      const v = await verifyHostKey(check(policy), blobA);
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.message).toContain(`REVOKED host key`);
    }
  });

  it('consults the extra files too', async () => {
    const extra = join(dir, 'fleet_known_hosts');
    writeFileSync(extra, `[web.lab]:2222 ${A[0]} ${A[1]}\n`);
    expect((await verifyHostKey({ ...check('strict'), files: [extra] }, blobA)).ok).toBe(true);
  });
});
