import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { findDefaultInventory, loadInventory, selectHosts } from '../inventory/index.js';
import { renderComplianceHtml } from '../report/html-compliance.js';
import { EXIT } from '../report/summary.js';
import type { ComplianceViews } from '../store/index.js';
import type { CommonFlags } from './context.js';
import type { HistoryFlags } from './history-options.js';
import { openStore } from './open-store.js';
import { formatLocalMinute, parseSince } from './time-args.js';

const DEFAULT_SPREAD = ['openssl', 'openssh-server', 'openssh'];

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const list = (items: string[], max = 20) => (items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')}, … (+${items.length - max} more)`);

export function renderComplianceText(v: ComplianceViews): string {
  const out: string[] = [`fleet compliance from the index: ${v.hostsIndexed} host${v.hostsIndexed === 1 ? '' : 's'} scanned`];
  out.push(`PENDING SECURITY UPDATES: ${v.pendingSecurity.length} host${v.pendingSecurity.length === 1 ? '' : 's'}`);
  for (const h of v.pendingSecurity) {
    out.push(`    ${h.host} (${h.manager}): ${h.count} — ${list(h.packages.map((p) => `${p.name} ${p.version ?? '-'} → ${p.upgradableTo ?? '?'}`), 8)}`);
  }
  out.push(`REBOOT REQUIRED: ${v.rebootRequired.length} host${v.rebootRequired.length === 1 ? '' : 's'}${v.rebootRequired.length ? `: ${list(v.rebootRequired.map((h) => h.host))}` : ''}`);
  out.push(`NOT SCANNED SINCE ${formatLocalMinute(v.stale.since)}: ${v.stale.hosts.length} host${v.stale.hosts.length === 1 ? '' : 's'}`);
  for (const h of v.stale.hosts) out.push(`    ${h.host}: ${h.lastScannedAt ? `last scanned ${formatLocalMinute(h.lastScannedAt)}` : 'never scanned'}`);
  for (const s of v.spread) {
    out.push(`VERSIONS OF ${s.name} (${s.manager}): ${s.versions.map((x) => `${x.version} on ${x.hosts}`).join(', ')}`);
  }
  return out.join('\n');
}

/** Inventory host names (after --limit), so hosts never scanned count as stale; none without an inventory. */
function inventoryNames(flags: CommonFlags): string[] | undefined {
  const files = flags.inventory?.length ? flags.inventory : [findDefaultInventory(process.cwd())].filter((f): f is string => !!f);
  if (files.length === 0) return undefined;
  const inv = loadInventory(files, { cwd: process.cwd() });
  return (flags.limit ? selectHosts(inv, flags.limit) : inv.hosts).map((h) => h.name);
}

export function registerComplianceCommand(program: Command, onExit: (code: number) => void): void {
  program
    .command('compliance')
    .description('hosts with pending security updates, needing a reboot, or not scanned lately (from the index)')
    .option('--stale <age>', 'hosts not scanned for this long count as stale: 7d, 36h, or a date', '7d')
    .option('--package <name>', `show the version spread of this package (repeatable; default: ${DEFAULT_SPREAD.join(', ')})`, collect)
    .option('--html <file>', 'also write the compliance page (self-contained HTML)')
    .action((opts: { stale: string; package?: string[]; html?: string }, cmd: Command) => {
      const flags = cmd.optsWithGlobals() as HistoryFlags & CommonFlags;
      const staleBefore = parseSince('stale', opts.stale);
      const inventory = inventoryNames(flags);
      const store = openStore(flags);
      let views: ComplianceViews;
      try {
        views = store.complianceViews({ staleBefore, spreadPackages: opts.package ?? DEFAULT_SPREAD, ...(inventory ? { inventory } : {}) });
      } finally {
        store.close();
      }
      if (opts.html) {
        writeFileSync(opts.html, renderComplianceHtml(views));
        process.stderr.write(`pkgfleet: wrote ${opts.html}\n`);
      }
      process.stdout.write(flags.json ? `${JSON.stringify(views, null, 2)}\n` : `${renderComplianceText(views)}\n`);
      onExit(EXIT.ok);
    });
}
