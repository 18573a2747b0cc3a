import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../../src/store/index.js';
import { cli, tempDir } from './cli-harness.js';

const tmp = tempDir();
const db = path.join(tmp.dir, 'index.db');
const now = Date.now();
const daysAgo = (d: number) => new Date(now - d * 86_400_000);

beforeAll(() => {
  const s = new RunStore({ path: db });
  // Debian: an epoch makes 1:1.1.1w newer than 3.0.15 for dpkg.
  s.recordScan('deb-old', { manager: 'apt', installed: [{ name: 'openssl', version: '1:1.1.1w-0', arch: 'amd64' }], upgradable: [], scannedAt: daysAgo(1) });
  s.recordScan('deb-rc', {
    manager: 'apt',
    installed: [{ name: 'openssl', version: '3.0.15~rc1-1', arch: 'amd64' }],
    upgradable: [{ name: 'openssl', from: '3.0.15~rc1-1', to: '3.0.15-1', arch: 'amd64', security: true }],
    rebootRequired: true,
    scannedAt: daysAgo(1),
  });
  s.recordScan('fed1', {
    manager: 'dnf',
    installed: [{ name: 'openssl', version: '1:3.0.9-2.fc38', arch: 'x86_64' }],
    upgradable: [],
    scannedAt: daysAgo(10),
  });
  s.recordScan('arch1', { manager: 'pacman', installed: [{ name: 'openssl', version: '3.2.1-1' }], upgradable: [], scannedAt: daysAgo(2) });
  s.close();
});
afterAll(() => tmp.remove());

describe('query and compliance CLI on a temp index', () => {
  it('query lists every host with the package', async () => {
    const r = await cli('--db', db, 'query', 'openssl');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^openssl: 4 hosts\nHOST\s+MANAGER\s+VERSION\s+ARCH\s+UPDATE\s+SCANNED\n/);
    expect(r.stdout).toMatch(/^deb-rc\s+apt\s+3\.0\.15~rc1-1\s+amd64\s+3\.0\.15-1 \[security\]/m);
    const j = JSON.parse((await cli('--db', db, 'query', 'openssl', '--json')).stdout) as { host: string }[];
    expect(j.map((h) => h.host)).toEqual(['arch1', 'deb-old', 'deb-rc', 'fed1']);
    expect((await cli('--db', db, 'query', 'nosuchpkg')).stdout).toMatch(/no scanned host has nosuchpkg/);
  });

  it("--below uses each host's manager's own version rules", async () => {
    const j = JSON.parse((await cli('--db', db, 'query', 'openssl', '--below', '3.0.15', '--json')).stdout) as { host: string; version: string }[];
    // dpkg: 3.0.15~rc1-1 < 3.0.15 (tilde), 1:1.1.1w-0 > 3.0.15 (epoch); rpm: 1:3.0.9 > 3.0.15 (epoch);
    // pacman: 3.2.1-1 > 3.0.15.
    expect(j.map((h) => [h.host, h.version])).toEqual([['deb-rc', '3.0.15~rc1-1']]);
    const r = await cli('--db', db, 'query', 'openssl', '--below', '1:3.0.10');
    expect(r.stdout).toMatch(/openssl below 1:3\.0\.10: 4 hosts/); // epoch 1 beats every version here
    const e = JSON.parse((await cli('--db', db, 'query', 'openssl', '--below', '1:3.0.9', '--json')).stdout) as { host: string }[];
    // rpm: 1:3.0.9-2.fc38 is not below 1:3.0.9 (a release beats no release).
    expect(e.map((h) => h.host)).toEqual(['arch1', 'deb-old', 'deb-rc']);
  });

  it('compliance: pending security, reboots, stale and never-scanned hosts, version spread; --html', async () => {
    const inv = path.join(tmp.dir, 'inv.yml');
    writeFileSync(inv, 'hosts:\n  deb-old: {}\n  deb-rc: {}\n  fed1: {}\n  arch1: {}\n  new1: {}\n');
    const html = path.join(tmp.dir, 'c.html');
    const r = await cli('-i', inv, '--db', db, 'compliance', '--stale', '7d', '--package', 'openssl', '--html', html);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fleet compliance from the index: 4 hosts scanned$/m);
    expect(r.stdout).toMatch(/PENDING SECURITY UPDATES: 1 host\n {4}deb-rc \(apt\): 1 — openssl 3\.0\.15~rc1-1 → 3\.0\.15-1/);
    expect(r.stdout).toMatch(/REBOOT REQUIRED: 1 host: deb-rc/);
    expect(r.stdout).toMatch(/NOT SCANNED SINCE .*: 2 hosts\n {4}new1: never scanned\n {4}fed1: last scanned/);
    expect(r.stdout).toMatch(/VERSIONS OF openssl \(apt\): 1:1\.1\.1w-0 on 1, 3\.0\.15~rc1-1 on 1/);
    const page = readFileSync(html, 'utf8');
    for (const s of ['deb-rc', 'new1', 'fed1', '3.0.15-1']) expect(page).toContain(s);
    const j = JSON.parse((await cli('--db', db, 'compliance', '--stale', '30d', '--json', '-i', inv)).stdout);
    expect(j.stale.hosts.map((h: { host: string }) => h.host)).toEqual(['new1']);
    expect(j.rebootRequired.map((h: { host: string }) => h.host)).toEqual(['deb-rc']);
  });
});
