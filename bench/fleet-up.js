#!/usr/bin/env node
// Keeps a benchmark fleet running for profiling by hand (docs/performance.md, "Profiling"):
// starts N loopback sshd hosts exactly as `npm run bench` does, writes a pkgfleet inventory and a
// bare-ssh2 hosts file for them, prints the commands to run, and stops every sshd it started on
// SIGINT / SIGTERM.
// usage: node bench/fleet-up.js [--n 50] [--port 22]
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startFleet, stopFleet, stopFleetSync } from './lib/sshd-fleet.js';
import { pkgfleetTool } from './lib/tools/pkgfleet.js';
import { bareSsh2Tool } from './lib/tools/bare-ssh2.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { n: { type: 'string', default: '50' }, port: { type: 'string', default: '22' } } });
const n = Number(values.n);
const port = Number(values.port);
if (!Number.isInteger(n) || n < 1 || !Number.isInteger(port)) throw new Error('--n and --port take whole numbers');

const fleet = await startFleet({ count: n, port, dir: join(benchDir, 'tmp', 'fleet') });
process.on('exit', () => stopFleetSync(fleet));
const dir = join(benchDir, 'tmp', 'profile', `n${n}`);
mkdirSync(dir, { recursive: true });
const ctx = { opts: {}, fleet, benchDir, repoRoot: join(benchDir, '..') };
const { inventory, db } = pkgfleetTool.prepare(ctx, fleet.hosts, dir);
const { hostsFile } = bareSsh2Tool.prepare(ctx, fleet.hosts, dir);
writeFileSync(join(dir, 'true.sh'), 'true');

console.log(`[fleet-up] ${n} hosts on 127.0.10.1… port ${port}; Ctrl-C stops them`);
console.log(`  node --cpu-prof --cpu-prof-dir ${dir}/prof bin/pkgfleet.js -i ${inventory} --forks 0 --json --db ${db} detect > /dev/null`);
console.log(`  node bench/bare-ssh2.js ${hostsFile} ${dir}/true.sh ${dir}/bare --port ${port} --user ${fleet.user} --key ${fleet.clientKey} --known-hosts ${fleet.knownHosts}`);

const stop = async () => {
  await stopFleet(fleet);
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
setInterval(() => undefined, 1 << 30);
