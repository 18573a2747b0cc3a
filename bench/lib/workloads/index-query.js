// Workload 4: the fleet package index query of the schedules issue, pkgfleet only (no other tool has
// an index): `pkgfleet query openssl --below 1.3.0-1 --json` against a synthetic index of 10,000 hosts
// x 2,000 packages (bench/lib/synthetic-index.js). It does not contact the fleet, so N does not apply:
// the same query is timed at every N of the matrix.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INDEX_HOSTS, INDEX_PACKAGES, ensureSyntheticIndex } from '../synthetic-index.js';

// Host h runs variant h % 4 of every package (src/store/synthetic.ts); openssl variant v is 1.v.0-1.
const BELOW = '1.3.0-1';
const VARIANTS_BELOW = ['1.0.0-1', '1.1.0-1', '1.2.0-1'];

export const indexQueryWorkload = {
  id: '4',
  key: 'index-query',
  title: `fleet package index query (${INDEX_HOSTS.toLocaleString('en')} hosts x ${INDEX_PACKAGES.toLocaleString('en')} packages, synthetic)`,
  script: null,
  pkgfleetArgs: null,
  supports: (toolId) => toolId === 'pkgfleet',
  /** The whole pkgfleet command line after the entry point (replaces the tool's own -i … flags). */
  async pkgfleetCommand(ctx) {
    const db = await ensureSyntheticIndex(ctx);
    return ['--json', '--db', db, 'query', 'openssl', '--below', BELOW];
  },
  expect() {
    return { hosts: (INDEX_HOSTS / 4) * VARIANTS_BELOW.length };
  },
  checkOutput() {
    return 'index-query runs on pkgfleet only';
  },
  checkPkgfleetHost() {
    return 'index-query has no per-host results';
  },
  /** The query's own answer: one hit per host below the version, and only those. */
  verifyPkgfleet(runDir, expected, fleetHosts) {
    let hits;
    try {
      hits = JSON.parse(readFileSync(join(runDir, 'stdout'), 'utf8'));
    } catch (err) {
      return { answered: 0, problems: [`--json output is not JSON: ${err.message}`] };
    }
    if (!Array.isArray(hits)) return { answered: 0, problems: ['--json output is not an array of hits'] };
    const problems = [];
    const hosts = new Set(hits.map((h) => h.host));
    if (hits.length !== expected.hosts) problems.push(`${hits.length} hits, expected ${expected.hosts}`);
    if (hosts.size !== hits.length) problems.push(`${hits.length - hosts.size} hosts reported twice`);
    const wrong = hits.filter((h) => !VARIANTS_BELOW.includes(h.version));
    if (wrong.length) problems.push(`${wrong.length} hits at versions not below ${BELOW}, e.g. ${JSON.stringify(wrong[0])}`);
    // The fleet is not involved: a correct answer counts for every host of the run.
    return { answered: problems.length ? 0 : fleetHosts.length, problems };
  },
};
