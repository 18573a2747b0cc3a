import type { Command } from 'commander';
import type { FleetResult } from '../fleet/result.js';
import { exitCodeFor, listHosts } from '../report/summary.js';
import { buildFleetContext, type CommonFlags } from './context.js';
import { recordedRun, type HistoryFlags } from './history-options.js';
import { executeScan } from './scan-run.js';
import { renderTable } from './time-args.js';

/** One line per host: what the scan found (the package lists themselves are in the index). */
export function renderScan(result: FleetResult): string {
  const scanned = result.hosts.filter((h) => h.installed);
  const rows = scanned.map((h) => {
    const up = h.upgradable ?? [];
    const sec = up.filter((u) => u.security).length;
    return [h.host, h.manager ?? '-', String(h.installed!.length), String(up.length), sec ? String(sec) : '', h.rebootRequired ? 'yes' : ''];
  });
  const out = [`== pkgfleet scan: ${result.hosts.length} host${result.hosts.length === 1 ? '' : 's'}, run ${result.runId}`];
  if (rows.length) out.push(renderTable(['HOST', 'MANAGER', 'INSTALLED', 'UPGRADABLE', 'SECURITY', 'REBOOT'], rows));
  const bad = result.hosts.filter((h) => !h.installed);
  for (const status of ['failed', 'unreachable', 'skipped'] as const) {
    const hosts = bad.filter((h) => h.status === status);
    if (hosts.length === 0) continue;
    out.push(`${status.toUpperCase()} ${hosts.length} host${hosts.length === 1 ? '' : 's'}: ${listHosts(hosts.map((h) => h.host))}`);
    for (const h of hosts) if (h.error) out.push(`    ${h.host}: ${h.error.kind}: ${h.error.message}`);
  }
  const c = result.counts;
  out.push(`-- scanned=${scanned.length} failed=${c.failed} unreachable=${c.unreachable} skipped=${c.skipped} in ${(result.durationMs / 1000).toFixed(1)}s${result.interrupted ? ' (interrupted)' : ''}`);
  return out.join('\n');
}

/** --json: the FleetResult without the installed lists (thousands of rows per host; they are in the index). */
export function scanJson(result: FleetResult): FleetResult {
  return { ...result, hosts: result.hosts.map(({ installed: _installed, ...h }) => h) };
}

export function registerScanCommand(program: Command, onExit: (code: number) => void): void {
  program
    .command('scan')
    .description('record installed and upgradable packages and pending reboots of every host in the index, in one parallel pass')
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals() as CommonFlags & HistoryFlags;
      const ctx = await buildFleetContext(flags);
      try {
        const result = await recordedRun(
          flags,
          { operation: 'scan', args: ['scan'], check: false, hosts: ctx.hosts.map((h) => h.name) },
          (hooks) => executeScan(ctx.hosts, { ...ctx.runOptions, refresh: flags.refresh === true, args: ['scan'], ...hooks }),
          { indexScans: true },
        );
        ctx.progress.end();
        process.stdout.write(flags.json ? `${JSON.stringify(scanJson(result), null, 2)}\n` : `${renderScan(result)}\n`);
        onExit(exitCodeFor(result));
      } finally {
        ctx.dispose();
      }
    });
}
