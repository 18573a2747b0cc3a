#!/usr/bin/env node
// pkgfleet's own cost per host with the network taken out: runs a unified operation on N hosts whose
// transport answers at once with output recorded on this machine (the facts script and the
// manager's own listing, run here once), then writes the --json document to /dev/null. What is left
// is what pkgfleet adds on top of SSH: parsing, the runner, aggregation and output. The history
// database is not involved (it is measured by `npm run bench`).
// usage: node bench/replay.js [--n 1000] [--op list-installed|detect|list-upgradable] [--dist dist] [--rounds 3]
import { execFileSync } from 'node:child_process';
import { openSync, closeSync, createWriteStream } from 'node:fs';
import { resolve, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    op: { type: 'string', default: 'list-installed' },
    dist: { type: 'string', default: join(repoRoot, 'dist') },
    rounds: { type: 'string', default: '3' },
  },
});
const dist = resolve(values.dist);
const { executeOperation } = await import(join(dist, 'fleet', 'execute.js'));
const { factsCommand } = await import(join(dist, 'managers', 'detect.js'));
const { renderCommand } = await import(join(dist, 'remote', 'quote.js'));
const { writeJsonDocument } = await import(join(dist, 'report', 'json-document.js'));

/** Runs a rendered command line here once: every fake host answers with this output. */
function record(line) {
  try {
    return { code: 0, stdout: execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8', maxBuffer: 1 << 28 }) };
  } catch (err) {
    return { code: err.status ?? 1, stdout: String(err.stdout ?? '') };
  }
}

const answers = new Map();
const factsLine = renderCommand(factsCommand());
answers.set(factsLine, record(factsLine));

class ReplayTransport {
  kind = 'ssh';
  async connect() {}
  async close() {}
  async exec(line) {
    let a = answers.get(line);
    if (!a) {
      a = record(line);
      answers.set(line, a);
    }
    return { code: a.code, signal: null, stdout: a.stdout, stderr: '', durationMs: 0 };
  }
}

const requests = {
  detect: { op: 'detect' },
  'list-installed': { op: 'list', which: 'installed' },
  'list-upgradable': { op: 'list', which: 'upgradable' },
};
const req = requests[values.op];
if (!req) throw new Error(`--op must be one of ${Object.keys(requests).join(', ')}`);
const n = Number(values.n);
const hosts = Array.from({ length: n }, (_, i) => ({
  name: `h${String(i + 1).padStart(4, '0')}`,
  connection: 'ssh',
  address: `127.0.${10 + Math.floor(i / 250)}.${(i % 250) + 1}`,
  port: 22,
  jump: [],
  become: false,
  groups: ['ungrouped'],
  vars: {},
}));

const ms = (cpu) => (cpu.user + cpu.system) / 1000;
for (let round = 1; round <= Number(values.rounds); round++) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await executeOperation(hosts, req, {
    forks: 0,
    transportFactory: () => new ReplayTransport(),
    commandTimeoutMs: 60_000,
    lockTimeoutMs: 0,
    onEvent: () => undefined,
  });
  const cpu1 = process.cpuUsage(cpu0);
  const t1 = performance.now();
  const fd = openSync('/dev/null', 'w');
  const sink = createWriteStream('', { fd, autoClose: false });
  await writeJsonDocument(sink, result);
  await new Promise((r) => sink.end(r));
  closeSync(fd);
  const cpu2 = process.cpuUsage(cpu0);
  const bad = result.hosts.filter((h) => h.status !== 'ok').length;
  const rss = Math.round(process.memoryUsage().rss / 1e6);
  console.log(
    `[replay] round ${round}: ${n} hosts ${values.op}: run ${(t1 - t0).toFixed(0)} ms wall, ${ms(cpu1).toFixed(0)} ms cpu ` +
      `(${(ms(cpu1) / n).toFixed(2)} ms/host); --json ${(ms(cpu2) - ms(cpu1)).toFixed(0)} ms cpu; rss ${rss} MB; ${bad} hosts not ok`,
  );
}
