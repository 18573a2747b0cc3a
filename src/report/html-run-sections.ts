import type { HostResult, HostStatus } from '../fleet/result.js';
import type { PackageChange } from '../managers/types.js';
import { escapeHtml } from './html-escape.js';
import { formatDuration, naturalCompare, plural } from './html-format.js';
import type { ChangeGroup, ProblemGroup } from './html-groups.js';
import { renderHostList } from './html-host-list.js';

export const STATUS_ORDER: HostStatus[] = ['ok', 'changed', 'failed', 'unreachable', 'skipped'];
/** Above this many hosts the grid drops the names and draws one small square per host. */
const DENSE_GRID_FROM = 400;
const SLOWEST_SHOWN = 40;

export function renderLegend(counts: Record<HostStatus, number>): string {
  const items = STATUS_ORDER.map((s) => `<li class="${s}"><span>${s} <b>${counts[s].toLocaleString('en')}</b></span></li>`);
  return `<ul class="legend">${items.join('')}</ul>`;
}

export function renderHostGrid(hosts: HostResult[]): string {
  if (hosts.length === 0) return '<p class="empty">No hosts.</p>';
  const dense = hosts.length >= DENSE_GRID_FROM;
  const cells = [...hosts]
    .sort((a, b) => naturalCompare(a.host, b.host))
    .map((h) => {
      const tip = `${h.host}: ${h.status}${h.manager ? ` (${h.manager})` : ''}${h.error ? ` – ${h.error.message}` : ''}`;
      return `<div class="cell ${h.status}" title="${escapeHtml(tip)}">${dense ? '' : escapeHtml(h.host)}</div>`;
    });
  return `<div class="grid${dense ? ' dense' : ''}">${cells.join('')}</div>`;
}

function versionCell(v: string | null): string {
  return v === null ? '<span class="muted">–</span>' : `<span class="v">${escapeHtml(v)}</span>`;
}

function oneLine(c: PackageChange): string {
  const arrow = '<span class="arrow">→</span>';
  if (c.action === 'install') return `${escapeHtml(c.name)} ${versionCell(c.to)} <span class="muted">(new)</span>`;
  if (c.action === 'remove') return `${escapeHtml(c.name)} ${versionCell(c.from)} ${arrow}<span class="muted">removed</span>`;
  const note = c.action === 'downgrade' || c.action === 'reinstall' ? ` <span class="muted">(${c.action})</span>` : '';
  return `${escapeHtml(c.name)} ${versionCell(c.from)}${arrow}${versionCell(c.to)}${note}`;
}

function changeTable(changes: PackageChange[]): string {
  const rows = changes.map(
    (c) => `<tr><td>${escapeHtml(c.name)}</td><td>${escapeHtml(c.action)}</td><td>${versionCell(c.from)}</td><td>${versionCell(c.to)}</td></tr>`,
  );
  return `<table><thead><tr><th>package</th><th>action</th><th>from</th><th>to</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function renderChangeGroups(groups: ChangeGroup[], check: boolean): string {
  if (groups.length === 0) return `<p class="empty">No package ${check ? 'would change' : 'changed'}.</p>`;
  return groups
    .map((g) => {
      const who = `<span class="count">${plural(g.hosts.length, 'host')}</span>`;
      const failed = g.failed > 0 ? ` <span class="muted">(${g.failed} of them then failed)</span>` : '';
      const head =
        g.changes.length <= 3
          ? `${who}: ${g.changes.map(oneLine).join(', ')}${failed}`
          : `${who}: ${plural(g.changes.length, 'package change')}${failed}`;
      const table = g.changes.length > 3 ? changeTable(g.changes) : '';
      return `<div class="group"><h3>${head}</h3>${table}${renderHostList(g.hosts)}</div>`;
    })
    .join('\n');
}

export function renderProblems(groups: ProblemGroup[], emptyText: string): string {
  if (groups.length === 0) return `<p class="empty">${escapeHtml(emptyText)}</p>`;
  return groups
    .map((g) => {
      const tail = g.stderrTail ? `<pre>${escapeHtml(g.stderrTail)}</pre>` : '';
      const kind = g.kind !== g.status ? ` <span class="kind">· ${escapeHtml(g.kind)}</span>` : '';
      const message = g.message ? `: ${escapeHtml(g.message)}` : '';
      return `<div class="failure ${g.status}"><h3>${plural(g.hosts.length, 'host')} ${escapeHtml(g.status)}${kind}${message}</h3>
${renderHostList(g.hosts)}${tail}</div>`;
    })
    .join('\n');
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function renderTimings(hosts: HostResult[], totalMs: number): string {
  const slowest = [...hosts].sort((a, b) => b.durationMs - a.durationMs || naturalCompare(a.host, b.host));
  const asc = hosts.map((h) => h.durationMs).sort((a, b) => a - b);
  const max = Math.max(1, slowest[0]?.durationMs ?? 1);
  const stats = [
    ['total', totalMs],
    ['median host', percentile(asc, 50)],
    ['95th percentile', percentile(asc, 95)],
    ['slowest host', slowest[0]?.durationMs ?? 0],
  ] as const;
  const tiles = stats.map(([label, ms]) => `<div class="tile total"><b>${formatDuration(ms)}</b><span>${label}</span></div>`);
  const rows = slowest.slice(0, SLOWEST_SHOWN).map((h) => {
    const width = Math.max(0.5, (h.durationMs / max) * 100).toFixed(1);
    return `<tr><td>${escapeHtml(h.host)}</td><td>${escapeHtml(h.status)}</td><td class="num">${formatDuration(h.durationMs)}</td>
<td style="width:55%"><div class="bar"><i class="${h.status}" style="width:${width}%"></i></div></td></tr>`;
  });
  const more = slowest.length > SLOWEST_SHOWN ? `<p class="muted">… and ${plural(slowest.length - SLOWEST_SHOWN, 'faster host')}.</p>` : '';
  return `<div class="tiles">${tiles.join('')}</div>
<table><thead><tr><th>host</th><th>outcome</th><th class="num">time</th><th></th></tr></thead><tbody>${rows.join('\n')}</tbody></table>${more}`;
}
