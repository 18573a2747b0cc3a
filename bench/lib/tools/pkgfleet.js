// Tool: pkgfleet itself, `bin/pkgfleet -i INV --forks 0 --json --db DB …`, the command a user runs
// (the launcher npm installs, which starts node with pkgfleet's V8 flags) (forks 0 = every host
// at once). The run history stays on, as for any user, but goes to a database of the benchmark's own
// (bench/tmp/tools/pkgfleet/nN/history.db), never the user's. Correctness comes from its --json: each
// host exactly once, status ok, and the workload's own check.
import { writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import YAML from 'yaml';

/** Every tool gets the same generous connect timeout (OpenSSH ConnectTimeout=300, ANSIBLE_TIMEOUT=300, ssh2 readyTimeout). */
const CONNECT_TIMEOUT_S = '300';

const binOf = (ctx) => (ctx.opts.pkgfleetBin ? resolve(ctx.opts.pkgfleetBin) : join(ctx.repoRoot, 'bin', 'pkgfleet'));
/** A .js entry runs under this node; the launcher (bin/pkgfleet) runs as itself, like the installed command. */
const launch = (ctx) => (binOf(ctx).endsWith('.js') ? [process.execPath, binOf(ctx)] : [binOf(ctx)]);

export const pkgfleetTool = {
  id: 'pkgfleet',
  label: 'pkgfleet',
  /** --forks: 0 = every host at once. */
  forks: 0,
  needs: [],
  unavailable(ctx) {
    if (ctx.opts.pkgfleetBin) return existsSync(binOf(ctx)) ? null : `${binOf(ctx)} does not exist`;
    const main = join(ctx.repoRoot, 'dist', 'cli', 'main.js');
    return existsSync(main) ? null : `${main} is missing: run \`npm run build\` first`;
  },
  prepare(ctx, hosts, dir) {
    const f = ctx.fleet;
    const inventory = join(dir, 'inventory.yml');
    const hostEntry = (h) => (h.port === 22 ? { address: h.address } : { address: h.address, port: h.port });
    writeFileSync(inventory, YAML.stringify({
      defaults: { user: f.user, key_file: f.clientKey, known_hosts: f.knownHosts },
      hosts: Object.fromEntries(hosts.map((h) => [h.name, hostEntry(h)])),
    }));
    const db = join(dir, 'history.db');
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    return { inventory, db };
  },
  async command(ctx, prepared, workload) {
    if (workload.pkgfleetCommand) return { argv: [...launch(ctx), ...(await workload.pkgfleetCommand(ctx))] };
    const flags = ['-i', prepared.inventory, '--forks', String(this.forks), '--connect-timeout', CONNECT_TIMEOUT_S, '--json', '--db', prepared.db];
    return { argv: [...launch(ctx), ...flags, ...(this.args ?? workload.pkgfleetArgs)] };
  },
  verify(ctx, prepared, hosts, workload, runDir, expected) {
    if (workload.verifyPkgfleet) return workload.verifyPkgfleet(runDir, expected, hosts);
    let result;
    try {
      result = JSON.parse(readFileSync(join(runDir, 'stdout'), 'utf8'));
    } catch (err) {
      return { answered: 0, problems: [`--json output is not JSON: ${err.message}`] };
    }
    if (result.schemaVersion !== 1 || !Array.isArray(result.hosts)) return { answered: 0, problems: ['--json output has no schemaVersion 1 hosts array'] };
    const byName = new Map();
    for (const r of result.hosts) byName.set(r.host, [...(byName.get(r.host) ?? []), r]);
    const problems = [];
    let answered = 0;
    for (const h of hosts) {
      const list = byName.get(h.name) ?? [];
      byName.delete(h.name);
      if (list.length !== 1) {
        problems.push(`${h.name}: ${list.length} results`);
        continue;
      }
      const r = list[0];
      if (r.status !== 'ok') {
        problems.push(`${h.name}: status ${r.status}${r.error ? ` (${r.error.kind}: ${r.error.message})` : ''}`);
        continue;
      }
      const bad = workload.checkPkgfleetHost(r, expected);
      if (bad) problems.push(`${h.name}: ${bad}`);
      else answered++;
    }
    for (const extra of byName.keys()) problems.push(`unexpected host ${extra}`);
    return { answered, problems };
  },
};

/**
 * pkgfleet with its default --forks 50: at N > 50 it works through the fleet 50 hosts at a time.
 * Not a contender (not in the default tool list): it shows that a queue smaller than the fleet
 * still answers every host exactly once, and what the queue costs.
 */
export const pkgfleetForks50Tool = { ...pkgfleetTool, id: 'pkgfleet-forks50', label: 'pkgfleet --forks 50', forks: 50 };

/**
 * pkgfleet `detect` on workload 1 (not a contender, not in the default tool list): what the fact
 * gathering every other verb starts with costs beyond a bare `true`.
 */
export const pkgfleetDetectTool = { ...pkgfleetTool, id: 'pkgfleet-detect', label: 'pkgfleet detect', workloads: ['1'], args: ['detect'] };
