// The workload registry: the one place a benchmark workload is added. A workload is data plus pure
// checks (see docs/performance.md, "Adding a workload"):
//   id, key, title      how the CLI (--workloads 1,2,3), tables and the plot name it
//   script              POSIX sh that every generic tool (ansible, pssh, ssh loop, bare ssh2) runs per host
//   pkgfleetArgs        the pkgfleet subcommand doing the same work (after -i INV --forks 0 --json)
//   supports(toolId)    optional; a workload only some tools can run (e.g. a query of pkgfleet's
//                       fleet package index) returns false for the others and is skipped for them
//   expect()            what every host must answer, computed on this machine before each round
//   checkOutput(text, expected)          problem string or null, for one host's text output
//   checkPkgfleetHost(hostResult, expected)  the same for one host of pkgfleet's --json
//   pkgfleetCommand(ctx), verifyPkgfleet(runDir, expected, hosts)   optional, for a pkgfleet-only
//                       workload that is not a fleet run (the index query): its own command line
//                       and its own check of the output
import { connectWorkload } from './connect.js';
import { listInstalledWorkload } from './list-installed.js';
import { listUpgradableWorkload } from './list-upgradable.js';
import { indexQueryWorkload } from './index-query.js';

const workloads = new Map();

export function registerWorkload(workload) {
  for (const field of ['id', 'key', 'title', 'expect', 'checkOutput', 'checkPkgfleetHost']) {
    if (!workload[field]) throw new Error(`workload ${workload.id ?? '?'} lacks ${field}`);
  }
  if (workloads.has(workload.id)) throw new Error(`workload ${workload.id} registered twice`);
  workloads.set(workload.id, workload);
}

registerWorkload(connectWorkload);
registerWorkload(listInstalledWorkload);
registerWorkload(listUpgradableWorkload);
registerWorkload(indexQueryWorkload);

export function allWorkloadIds() {
  return [...workloads.keys()];
}

/** Resolves ids (or keys) from --workloads; throws on an unknown one. */
export function selectWorkloads(ids) {
  return ids.map((id) => {
    const w = workloads.get(id) ?? [...workloads.values()].find((x) => x.key === id);
    if (!w) throw new Error(`unknown workload ${id}; known: ${[...workloads.values()].map((x) => `${x.id} (${x.key})`).join(', ')}`);
    return w;
  });
}

export function workloadSupports(workload, toolId) {
  return workload.supports ? workload.supports(toolId) : true;
}

/** Whether `tool` runs `workload`: the workload may be for some tools only, and a tool for some workloads. */
export function runsWorkload(tool, workload) {
  return workloadSupports(workload, tool.id) && (tool.workloads ? tool.workloads.includes(workload.id) : true);
}
