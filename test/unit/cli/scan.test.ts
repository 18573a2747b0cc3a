import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostSpec } from '../../../src/inventory/types.js';
import { ConnectError } from '../../../src/remote/transport.js';
import { recordedRun } from '../../../src/cli/history-options.js';
import { managerComparators } from '../../../src/cli/open-store.js';
import { executeScan } from '../../../src/cli/scan-run.js';
import { renderScan, scanJson } from '../../../src/cli/scan-command.js';
import { RunStore } from '../../../src/store/index.js';
import { DEBIAN_FACTS, FakeTransport } from '../../helpers/fake-transport.js';
import { fixtureResult } from '../../helpers/fixture.js';
import { tempDir } from './cli-harness.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

const spec = (name: string): HostSpec => ({ name, connection: 'ssh', address: '10.0.0.1', port: 22, jump: [], become: false, groups: [], vars: {} });

/** A Debian host answering with recorded output: its dpkg database and apt-get -s dist-upgrade. */
function debian(rebootPending: boolean) {
  return new FakeTransport((line) => {
    if (line.includes('@@os-release')) return { stdout: DEBIAN_FACTS };
    if (line.includes('dpkg-query')) return fixtureResult('apt', 'dpkg-query-host.txt');
    if (line.includes('apt-get') && line.includes('dist-upgrade')) return fixtureResult('apt', 'sim-dist-upgrade.txt');
    if (line.includes('reboot-required')) return { code: rebootPending ? 0 : 1 };
    return { code: 127, stderr: `unexpected: ${line}` };
  });
}

describe('scan: one parallel pass into the index', () => {
  it('records installed, upgradable (security flagged) and reboot of each host; a failed host keeps its old rows', async () => {
    const db = path.join(tmp.dir, 'scan.db');
    const transports: Record<string, FakeTransport> = {};
    const factory = (h: HostSpec) =>
      (transports[h.name] = h.name === 'down1' ? new FakeTransport(() => ({}), { fail: new ConnectError('unreachable', 'connect ECONNREFUSED') }) : debian(h.name === 'web2'));
    const hosts = ['web1', 'web2', 'down1'].map(spec);
    const opts = { forks: 0, transportFactory: factory, commandTimeoutMs: 10_000, lockTimeoutMs: 1000 };
    const result = await recordedRun({ db }, { operation: 'scan', args: ['scan'], check: false, hosts: hosts.map((h) => h.name) }, (hooks) =>
      executeScan(hosts, { ...opts, ...hooks }),
    { indexScans: true });
    expect(result.operation).toBe('scan');
    expect(result.counts).toMatchObject({ ok: 2, unreachable: 1 });
    // Read-only: nothing but facts, dpkg-query, the simulation and the reboot test ran.
    expect(transports.web1!.lines.every((l) => /@@os-release|dpkg-query|apt-get.* -s dist-upgrade|reboot-required/.test(l))).toBe(true);

    const store = new RunStore({ path: db, comparators: managerComparators() });
    // Values from the fixtures: openssl 3.0.19-1~deb12u2 → 3.0.22-1~deb12u2 from Debian-Security;
    // bash 5.2.15-2+b8 (dpkg) → 5.2.15-2+b13 from the main archive (not security).
    const openssl = store.queryPackage('openssl');
    expect(openssl.map((h) => [h.host, h.manager, h.version, h.upgradableTo, h.security])).toEqual([
      ['web1', 'apt', '3.0.19-1~deb12u2', '3.0.22-1~deb12u2', true],
      ['web2', 'apt', '3.0.19-1~deb12u2', '3.0.22-1~deb12u2', true],
    ]);
    const bash = store.queryPackage('bash');
    expect(bash.map((h) => [h.host, h.version, h.arch, h.upgradableTo, h.security])).toEqual([
      ['web1', '5.2.15-2+b8', 'amd64', '5.2.15-2+b13', false],
      ['web2', '5.2.15-2+b8', 'amd64', '5.2.15-2+b13', false],
    ]);
    // dpkg rules: +b8 < +b13 (numeric), and 3.0.22 is not below itself.
    expect(store.queryPackage('bash', { below: '5.2.15-2+b13' }).map((h) => h.host)).toEqual(['web1', 'web2']);
    expect(store.queryPackage('bash', { below: '5.2.15-2+b8' })).toEqual([]);
    expect(store.queryPackage('adduser').map((h) => [h.version, h.upgradableTo])).toEqual([['3.134', null], ['3.134', null]]);
    expect(store.hostsWithPendingSecurity({ packages: false }).map((h) => h.host).sort()).toEqual(['web1', 'web2']);
    expect(store.hostsNeedingReboot().map((h) => h.host)).toEqual(['web2']);
    expect(store.getRun(result.runId)!.hosts.map((h) => [h.host, h.status])).toEqual([['web1', 'ok'], ['web2', 'ok'], ['down1', 'unreachable']]);
    store.close();

    // A rescan where web1 is unreachable: its last good scan stays in the index.
    const down = () => new FakeTransport(() => ({}), { fail: new ConnectError('unreachable', 'connect ECONNREFUSED') });
    const again = await recordedRun({ db }, { operation: 'scan', args: ['scan'], check: false }, (hooks) =>
      executeScan([spec('web1')], { ...opts, transportFactory: down, ...hooks }),
    { indexScans: true });
    expect(again.counts.unreachable).toBe(1);
    const after = new RunStore({ path: db, comparators: managerComparators() });
    expect(after.queryPackage('bash').map((h) => h.host)).toEqual(['web1', 'web2']);
    after.close();

    const text = renderScan(result);
    expect(text).toMatch(/^HOST\s+MANAGER\s+INSTALLED\s+UPGRADABLE\s+SECURITY\s+REBOOT$/m);
    expect(text).toMatch(/^web1\s+apt\s+300\s+\d+\s+\d+$/m);
    expect(text).toMatch(/^web2\s+apt\s+300\s+\d+\s+\d+\s+yes$/m);
    expect(text).toMatch(/UNREACHABLE 1 host: down1/);
    expect(scanJson(result).hosts[0]).not.toHaveProperty('installed');
    expect(scanJson(result).hosts[0]!.upgradable!.length).toBeGreaterThan(0);
  });
});
