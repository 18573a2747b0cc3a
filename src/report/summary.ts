import type { FleetResult, HostResult } from '../fleet/result.js';
import type { PackageChange } from '../managers/types.js';

/** Hosts whose outcome reads the same, so 300 hosts read as a few lines. */
export interface OutcomeGroup {
  key: string;
  status: HostResult['status'];
  /** The lines that describe this outcome (the same for every host of the group). */
  lines: string[];
  hosts: string[];
}

export function formatChange(c: PackageChange): string {
  switch (c.action) {
    case 'install':
      return `${c.name}: (none) → ${c.to}`;
    case 'remove':
      return `${c.name}: ${c.from} → (removed)`;
    default:
      return `${c.name}: ${c.from} → ${c.to}${c.action === 'downgrade' ? ' (downgrade)' : c.action === 'reinstall' ? ' (reinstall)' : ''}`;
  }
}

function detailLines(h: HostResult, operation: FleetResult['operation']): string[] {
  if (h.error) {
    const lines = [`${h.error.kind}: ${h.error.message}`];
    if (h.error.stderrTail) lines.push(...h.error.stderrTail.split('\n').map((l) => `  | ${l}`));
    if (h.changes.length) lines.push(...h.changes.map((c) => `changed before the failure: ${formatChange(c)}`));
    return lines;
  }
  const lines: string[] = [];
  if (operation === 'detect') {
    lines.push(`${h.os?.prettyName ?? h.os?.id ?? 'unknown OS'}: ${h.manager ?? 'no native manager'} selected; present: ${(h.managers ?? []).join(', ') || 'none'}`);
  }
  if (h.changes.length) lines.push(...h.changes.map(formatChange));
  else if (['install', 'remove', 'upgrade', 'play'].includes(operation)) lines.push('no change');
  if (h.upgradable) {
    if (h.upgradable.length === 0) lines.push('nothing to upgrade');
    for (const u of h.upgradable) lines.push(`${u.name}: ${u.from ?? '?'} → ${u.to}${u.security ? ' [security]' : ''}${u.repo ? ` (${u.repo})` : ''}`);
  }
  if (h.installed) lines.push(`${h.installed.length} packages installed`);
  if (h.search) {
    if (h.search.length === 0) lines.push('no match');
    for (const s of h.search) lines.push(`${s.name}${s.version ? ` ${s.version}` : ''}${s.installed ? ' [installed]' : ''}${s.summary ? ` - ${s.summary}` : ''}`);
  }
  if (h.info) {
    for (const i of h.info) {
      lines.push(`${i.name}: installed ${i.installedVersion ?? '(none)'}, candidate ${i.candidateVersion ?? '(none)'}${i.summary ? ` - ${i.summary}` : ''}`);
    }
  }
  if (h.rebootRequired) lines.push('reboot required');
  return lines;
}

export function groupOutcomes(result: FleetResult): OutcomeGroup[] {
  const groups = new Map<string, OutcomeGroup>();
  for (const h of result.hosts) {
    const lines = detailLines(h, result.operation);
    const key = `${h.status}\u0000${lines.join('\n')}`;
    const g = groups.get(key);
    if (g) g.hosts.push(h.host);
    else groups.set(key, { key, status: h.status, lines, hosts: [h.host] });
  }
  const order = { changed: 0, ok: 1, skipped: 2, failed: 3, unreachable: 4 } as const;
  return [...groups.values()].sort((a, b) => order[a.status] - order[b.status] || b.hosts.length - a.hosts.length);
}

export function listHosts(hosts: string[], max = 8): string {
  return hosts.length <= max ? hosts.join(', ') : `${hosts.slice(0, max).join(', ')}, … (+${hosts.length - max} more)`;
}

/** The human summary: grouped outcomes, then one counts line. */
export function renderSummary(result: FleetResult, opts: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  const title = `${result.operation}${result.check ? ' (check: nothing changed)' : ''}`;
  out.push(`== pkgfleet ${title}: ${result.hosts.length} host${result.hosts.length === 1 ? '' : 's'}, run ${result.runId}`);
  for (const g of groupOutcomes(result)) {
    const n = g.hosts.length;
    out.push(`${g.status.toUpperCase()} ${n} host${n === 1 ? '' : 's'}: ${listHosts(g.hosts, opts.verbose ? Infinity : 8)}`);
    const maxLines = opts.verbose ? Infinity : 40;
    for (const l of g.lines.slice(0, maxLines)) out.push(`    ${l}`);
    if (g.lines.length > maxLines) out.push(`    … ${g.lines.length - maxLines} more lines (use --json or -v)`);
  }
  if (result.operation === 'ping') {
    const line = pingTimes(result.hosts);
    if (line) out.push(line);
  }
  const c = result.counts;
  out.push(
    `-- ok=${c.ok} changed=${c.changed} failed=${c.failed} unreachable=${c.unreachable} skipped=${c.skipped} in ${(result.durationMs / 1000).toFixed(1)}s${result.interrupted ? ' (interrupted)' : ''}`,
  );
  return out.join('\n');
}

/** `ping`: how long the hosts that answered took (login and the command), slowest named. */
function pingTimes(hosts: HostResult[]): string | null {
  const ok = hosts.filter((h) => h.status === 'ok').sort((a, b) => a.durationMs - b.durationMs);
  if (ok.length === 0) return null;
  const at = (q: number) => ok[Math.min(ok.length - 1, Math.floor(q * ok.length))]!.durationMs;
  const slowest = ok[ok.length - 1]!;
  return `   answered in ${at(0)} ms (fastest), ${at(0.5)} ms (median), ${slowest.durationMs} ms (slowest: ${slowest.host}), login included`;
}

/** Documented exit codes (README): 0 ok, 2 some failed, 3 some unreachable, 4 both, 5 bad input, 130 interrupted. */
export const EXIT = { ok: 0, internal: 1, failed: 2, unreachable: 3, failedAndUnreachable: 4, badInput: 5, interrupted: 130 } as const;

export function exitCodeFor(result: FleetResult): number {
  if (result.interrupted) return EXIT.interrupted;
  const f = result.counts.failed > 0;
  const u = result.counts.unreachable > 0;
  if (f && u) return EXIT.failedAndUnreachable;
  if (f) return EXIT.failed;
  if (u) return EXIT.unreachable;
  return EXIT.ok;
}
