// The tool registry: every contender of the benchmark, in the default order. A tool adapter has
//   id, label, needs[{binary, package}]   (installed with apt-get when missing)
//   unavailable(ctx)                      reason string when it cannot run, else null
//   prepare(ctx, hosts, dir)              writes inventories / host lists for one N, returns state
//   command(ctx, prepared, workload, runDir) -> {argv, env?, cwd?, detachedMarker?}
//   verify(ctx, prepared, hosts, workload, runDir, expected) -> {answered, problems[]}
import { pkgfleetTool, pkgfleetForks50Tool, pkgfleetDetectTool } from './pkgfleet.js';
import { bareSsh2Tool } from './bare-ssh2.js';
import { ansibleShellTool, ansibleRawTool } from './ansible.js';
import { psshTool } from './pssh.js';
import { sshLoopTool } from './ssh-loop.js';

const tools = new Map([pkgfleetTool, bareSsh2Tool, ansibleShellTool, ansibleRawTool, psshTool, sshLoopTool].map((t) => [t.id, t]));
/** Selectable by --tools, not run by default. */
const extras = new Map([pkgfleetForks50Tool, pkgfleetDetectTool].map((t) => [t.id, t]));

export function allToolIds() {
  return [...tools.keys()];
}

export function selectTools(ids) {
  return ids.map((id) => {
    const t = tools.get(id) ?? extras.get(id);
    if (!t) throw new Error(`unknown tool ${id}; known: ${[...allToolIds(), ...extras.keys()].join(', ')}`);
    return t;
  });
}
