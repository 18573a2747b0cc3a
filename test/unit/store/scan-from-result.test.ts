import { describe, expect, it } from 'vitest';
import type { HostResult } from '../../../src/fleet/result.js';
import { scanFromHostResult } from '../../../src/store/scan-from-result.js';

const at = new Date('2026-11-25T10:00:00Z');
const listed: HostResult = {
  host: 'web-01',
  status: 'ok',
  manager: 'apt',
  os: { id: 'debian', idLike: [], versionId: '12' },
  changes: [],
  installed: [{ name: 'openssl', version: '3.0.11-1~deb12u2', arch: 'amd64' }],
  upgradable: [{ name: 'openssl', from: '3.0.11-1~deb12u2', to: '3.0.15-1~deb12u1', security: true }],
  rebootRequired: true,
  durationMs: 900,
};

describe('scanFromHostResult', () => {
  it('turns a result that listed packages into a scan', () => {
    expect(scanFromHostResult(listed, at)).toEqual({
      manager: 'apt',
      os: listed.os,
      installed: listed.installed,
      upgradable: listed.upgradable,
      rebootRequired: true,
      scannedAt: at,
    });
  });

  it('gives null when the result cannot replace the host\'s rows', () => {
    expect(scanFromHostResult({ ...listed, installed: undefined }, at)).toBeNull();
    expect(scanFromHostResult({ ...listed, manager: undefined }, at)).toBeNull();
    expect(scanFromHostResult({ ...listed, status: 'failed' }, at)).toBeNull();
  });
});
