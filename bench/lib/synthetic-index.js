// The synthetic fleet package index of the index-query workload: 10,000 hosts x 2,000 packages
// (20 million package rows), written once with pkgfleet's own src/store/synthetic.ts (from the dist/
// next to the pkgfleet entry point being measured) into bench/tmp/index/, and reused by later runs.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const INDEX_HOSTS = 10_000;
export const INDEX_PACKAGES = 2_000;
// Fixed, so the file (and every answer) is the same from run to run.
const SCANNED_AT = new Date('2026-11-01T00:00:00Z');

/** dist/ of the pkgfleet being measured (bin/pkgfleet runs bin/pkgfleet.js, which runs dist/cli-bundle/ or dist/cli/). */
export function pkgfleetDist(ctx) {
  const bin = ctx.opts.pkgfleetBin ? resolve(ctx.opts.pkgfleetBin) : join(ctx.repoRoot, 'bin', 'pkgfleet.js');
  return join(dirname(bin), '..', 'dist');
}

/** Path of the index database, created on first use (about a minute and ~1 GB of disk). */
export async function ensureSyntheticIndex(ctx) {
  const dir = join(ctx.tmpDir, 'index');
  const file = join(dir, `synthetic-${INDEX_HOSTS}x${INDEX_PACKAGES}.db`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const partial = `${file}.partial`;
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
  const { RunStore, fillSynthetic } = await import(join(pkgfleetDist(ctx), 'store', 'index.js'));
  console.log(`[bench] writing the synthetic package index (${INDEX_HOSTS} hosts x ${INDEX_PACKAGES} packages) to ${file}`);
  const store = new RunStore({ path: partial });
  try {
    const report = fillSynthetic(store, { hosts: INDEX_HOSTS, packages: INDEX_PACKAGES, scannedAt: SCANNED_AT });
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    console.log(`[bench] synthetic index: ${report.rows} rows in ${(report.ms / 1000).toFixed(1)} s`);
  } finally {
    store.close();
  }
  renameSync(partial, file);
  return file;
}
