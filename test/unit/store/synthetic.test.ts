import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunStore } from '../../../src/store/run-store.js';
import {
  fillSynthetic,
  syntheticHostName,
  syntheticPackageName,
  syntheticScan,
  syntheticVersion,
  type SyntheticOptions,
} from '../../../src/store/synthetic.js';
import { tempDbPath } from './tmp-db.js';

const cmp = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
const scannedAt = new Date('2026-11-25T12:00:00Z');

let tmps: ReturnType<typeof tempDbPath>[] = [];
const openStore = () => {
  const tmp = tempDbPath();
  tmps.push(tmp);
  return new RunStore({ path: tmp.file, comparators: { apt: cmp, dnf: cmp }, hostname: 'c1', now: () => scannedAt });
};
beforeEach(() => (tmps = []));
afterEach(() => tmps.forEach((t) => t.remove()));

function snapshot(store: RunStore, opts: SyntheticOptions) {
  const names = Array.from({ length: opts.packages }, (_, p) => syntheticPackageName(p));
  return {
    packages: names.map((n) => store.queryPackage(n)),
    security: store.hostsWithPendingSecurity(),
    reboot: store.hostsNeedingReboot(),
    stale: store.hostsNotScannedSince(new Date(scannedAt.getTime() - 7 * 86_400_000)),
    spread: store.versionSpread(names.slice(0, 5)),
    scans: store.db.prepare('SELECT h.name, s.* FROM idx_scans s JOIN idx_hosts h ON h.id = s.host_id ORDER BY h.name').all()
      .map((r) => ({ ...(r as Record<string, unknown>), id: undefined, host_id: undefined })),
  };
}

describe('synthetic fleet', () => {
  it('writes in bulk exactly what recordScan writes host by host', () => {
    const opts: SyntheticOptions = { hosts: 12, packages: 120, upgradeEvery: 10, rebootEvery: 5, staleEvery: 6, scannedAt };
    const bulk = openStore();
    expect(fillSynthetic(bulk, opts)).toMatchObject({ hosts: 12, rows: 1440 });
    const oneByOne = openStore();
    for (let h = 0; h < opts.hosts; h++) {
      const { host, scan } = syntheticScan(h, opts);
      oneByOne.recordScan(host, scan);
    }
    const a = snapshot(bulk, opts);
    expect(a.packages.every((hits) => hits.length === 12)).toBe(true);
    expect(a.security.length).toBe(8); // hosts 1,2,4,5,7,8,10,11
    expect(a.security[0]!.count).toBe(6); // packages 0,20,...,100
    expect(a.reboot.map((r) => r.host)).toEqual([syntheticHostName(0), syntheticHostName(5), syntheticHostName(10)]);
    expect(a.stale.map((r) => r.host)).toEqual([syntheticHostName(0), syntheticHostName(6)]);
    expect(a).toEqual(snapshot(oneByOne, opts));
    // The indexes dropped for the bulk load are back.
    const indexes = (s: RunStore) =>
      s.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'idx_packages' ORDER BY name`).pluck().all();
    expect(indexes(bulk)).toEqual(indexes(oneByOne));
    expect(indexes(bulk)).toContain('idx_packages_by_name');
    bulk.close();
    oneByOne.close();
  });

  it('refuses to fill an index that already has hosts', () => {
    const store = openStore();
    fillSynthetic(store, { hosts: 2, packages: 3 });
    expect(() => fillSynthetic(store, { hosts: 2, packages: 3 })).toThrow(/empty/);
    store.close();
  });

  it('fills 1,000 hosts x 2,000 packages and answers from the index in milliseconds', () => {
    const store = openStore();
    const report = fillSynthetic(store, { hosts: 1000, packages: 2000, scannedAt });
    console.log(`fillSynthetic 1000 x 2000: ${report.rows} rows in ${report.ms} ms`);
    expect(store.db.prepare('SELECT COUNT(*) FROM idx_packages').pluck().get()).toBe(2_000_000);

    const timed = <T>(f: () => T): [T, number] => {
      const t = performance.now();
      const r = f();
      return [r, performance.now() - t];
    };
    store.queryPackage('pkg-00001'); // warm the cache once
    const [hits, qMs] = timed(() => store.queryPackage('openssl'));
    expect(hits).toHaveLength(1000);
    // Variant 3 (hosts 3, 7, ...) already runs the newest installed variant: a quarter of the fleet.
    const [below, bMs] = timed(() => store.queryPackage('openssl', { below: syntheticVersion(0, 3) }));
    expect(below).toHaveLength(750);
    const [security, sMs] = timed(() => store.hostsWithPendingSecurity());
    expect(security).toHaveLength(666);
    console.log(`queryPackage ${qMs.toFixed(1)} ms, below ${bMs.toFixed(1)} ms, pending security ${sMs.toFixed(1)} ms`);
    // Generous bounds: this machine is shared; the point is "no table scan" (which takes seconds).
    expect(qMs).toBeLessThan(500);
    expect(bMs).toBeLessThan(500);
    store.close();
  }, 300_000);
});
