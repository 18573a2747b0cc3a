// Command-line options of `npm run bench -- …`.
import { parseArgs } from 'node:util';
import { allToolIds } from './tools/registry.js';
import { allWorkloadIds } from './workloads/registry.js';

export const USAGE = `usage: npm run bench -- [options]
  --n 50,200,1000        fleet sizes (default: 50,200,1000)
  --runs 3               measured runs per N x workload x tool, interleaved A B C A B C (default 3)
  --tools LIST           default: ${allToolIds().join(',')}
  --workloads LIST       default: ${allWorkloadIds().join(',')}
  --max-n ID=N[,ID=N]    run workload ID only at fleet sizes up to N (e.g. 3=50: list-upgradable costs
                         the hosts 4-5 s of CPU each here, see docs/performance.md)
  --runs-at N=R[,N=R]    R measured runs (instead of --runs) at fleet size N (e.g. 1000=1: ansible
                         takes minutes per run there)
  --baseline pkgfleet    the tool every ratio is relative to (default pkgfleet)
  --warmup 1             unmeasured warm-up runs per tool before measuring (default 1)
  --port 22              sshd port on the 127.0.x.y host addresses (default 22)
  --timeout 3600         seconds before one run is killed (default 3600)
  --sample-ms 100        process-tree RSS sampling interval (default 100)
  --no-tree-rss          do not sample process-tree RSS
  --no-install           do not apt-get install missing tools (they are skipped instead)
  --keep-runs            keep every run's output under bench/tmp/r/ (failed runs are always kept)
  --pkgfleet-bin FILE    the pkgfleet command to measure (default bin/pkgfleet, which needs npm run build; a .js entry runs under node)
  --out DIR              where latest.json/.md and wall-vs-n.svg go (default bench/results)`;

const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);

function positiveInt(name, value) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${value}`);
  return n;
}

export function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      n: { type: 'string', default: '50,200,1000' },
      runs: { type: 'string', default: '3' },
      tools: { type: 'string', default: allToolIds().join(',') },
      workloads: { type: 'string', default: allWorkloadIds().join(',') },
      'max-n': { type: 'string', default: '' },
      'runs-at': { type: 'string', default: '' },
      baseline: { type: 'string', default: 'pkgfleet' },
      warmup: { type: 'string', default: '1' },
      port: { type: 'string', default: '22' },
      timeout: { type: 'string', default: '3600' },
      'sample-ms': { type: 'string', default: '100' },
      'no-tree-rss': { type: 'boolean', default: false },
      'no-install': { type: 'boolean', default: false },
      'keep-runs': { type: 'boolean', default: false },
      out: { type: 'string' },
      'pkgfleet-bin': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const ns = list(values.n).map((x) => positiveInt('n', x)).sort((a, b) => a - b);
  if (ns.length === 0 || ns[0] < 1) throw new Error('--n needs at least one size >= 1');
  const runs = positiveInt('runs', values.runs);
  if (runs < 1) throw new Error('--runs must be at least 1');
  const maxN = Object.fromEntries(
    list(values['max-n']).map((pair) => {
      const [id, n] = pair.split('=');
      if (!id || n === undefined) throw new Error(`--max-n takes ID=N pairs, got ${pair}`);
      return [id, positiveInt('max-n', n)];
    }),
  );
  const runsAt = Object.fromEntries(
    list(values['runs-at']).map((pair) => {
      const [n, r] = pair.split('=');
      if (!n || r === undefined) throw new Error(`--runs-at takes N=RUNS pairs, got ${pair}`);
      const runsHere = positiveInt('runs-at', r);
      if (runsHere < 1) throw new Error('--runs-at: at least 1 run');
      return [positiveInt('runs-at', n), runsHere];
    }),
  );
  return {
    help: values.help,
    runsAt,
    ns,
    runs,
    tools: list(values.tools),
    workloads: list(values.workloads),
    maxN,
    baseline: values.baseline,
    warmup: positiveInt('warmup', values.warmup),
    port: positiveInt('port', values.port),
    timeoutMs: positiveInt('timeout', values.timeout) * 1000,
    sampleMs: Math.max(10, positiveInt('sample-ms', values['sample-ms'])),
    treeRss: !values['no-tree-rss'],
    install: !values['no-install'],
    keepRuns: values['keep-runs'],
    out: values.out ?? null,
    pkgfleetBin: values['pkgfleet-bin'] ?? null,
  };
}
