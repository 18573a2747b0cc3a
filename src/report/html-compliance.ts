import type { ComplianceViews, PendingSecurityHost, StaleHost, VersionSpread } from '../store/index-types.js';
import { escapeHtml } from './html-escape.js';
import { formatTime, plural } from './html-format.js';
import { renderPage, renderSection } from './html-page.js';

const ROWS_SHOWN = 200;
const PACKAGES_SHOWN = 6;
/** Newest version first; older ones get warmer. */
const SPREAD_COLOURS = ['#2e7d32', '#7cb342', '#fbc02d', '#fb8c00', '#e53935', '#8e24aa'];

function more(total: number, what: string): string {
  return total > ROWS_SHOWN ? `<p class="muted">… and ${plural(total - ROWS_SHOWN, what)} more.</p>` : '';
}

function v(version: string | null): string {
  return version === null ? '<span class="muted">–</span>' : `<span class="v">${escapeHtml(version)}</span>`;
}

function renderPending(hosts: PendingSecurityHost[]): string {
  if (hosts.length === 0) return '<p class="empty">No host has a pending security update.</p>';
  const max = Math.max(...hosts.map((h) => h.count));
  const rows = hosts.slice(0, ROWS_SHOWN).map((h) => {
    const pkgs = h.packages
      .slice(0, PACKAGES_SHOWN)
      .map((p) => `<span title="${escapeHtml(`${p.version ?? '(not installed)'} → ${p.upgradableTo ?? '?'}`)}">${escapeHtml(p.name)}</span>`)
      .join(', ');
    const rest = h.packages.length > PACKAGES_SHOWN ? ` <span class="muted">+ ${h.packages.length - PACKAGES_SHOWN} more</span>` : '';
    const width = ((h.count / max) * 100).toFixed(1);
    return `<tr><td>${escapeHtml(h.host)}</td><td>${escapeHtml(h.manager)}</td><td class="num">${h.count}</td>
<td style="width:18%"><div class="bar"><i class="failed" style="width:${width}%"></i></div></td><td>${pkgs}${rest}</td><td>${escapeHtml(formatTime(h.scannedAt))}</td></tr>`;
  });
  return `<table><thead><tr><th>host</th><th>manager</th><th class="num">updates</th><th></th><th>packages</th><th>scanned</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>${more(hosts.length, 'host')}`;
}

function renderReboot(views: ComplianceViews): string {
  if (views.rebootRequired.length === 0) return '<p class="empty">No host waits for a reboot.</p>';
  const rows = views.rebootRequired
    .slice(0, ROWS_SHOWN)
    .map((h) => `<tr><td>${escapeHtml(h.host)}</td><td>${escapeHtml(h.managers.join(', '))}</td><td>${escapeHtml(formatTime(h.scannedAt))}</td></tr>`);
  return `<table><thead><tr><th>host</th><th>said by</th><th>scanned</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more(views.rebootRequired.length, 'host')}`;
}

function age(h: StaleHost, now: number): string {
  if (h.lastScannedAt === null) return '<span class="badge reboot">never scanned</span>';
  const days = Math.floor((now - Date.parse(h.lastScannedAt)) / 86_400_000);
  return `${plural(days, 'day')} ago`;
}

function renderStale(views: ComplianceViews): string {
  if (views.stale.hosts.length === 0) return '<p class="empty">Every host was scanned recently.</p>';
  const now = Date.parse(views.generatedAt);
  const rows = views.stale.hosts
    .slice(0, ROWS_SHOWN)
    .map((h) => `<tr><td>${escapeHtml(h.host)}</td><td>${escapeHtml(formatTime(h.lastScannedAt))}</td><td>${age(h, now)}</td></tr>`);
  return `<table><thead><tr><th>host</th><th>last scan</th><th>age</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more(views.stale.hosts.length, 'host')}`;
}

function renderSpreadOne(s: VersionSpread): string {
  const total = s.versions.reduce((n, x) => n + x.hosts, 0);
  const colour = (i: number) => SPREAD_COLOURS[Math.min(i, SPREAD_COLOURS.length - 1)]!;
  const segments = s.versions.map((x, i) => {
    const pct = ((x.hosts / total) * 100).toFixed(2);
    return `<i style="width:${pct}%;background:${colour(i)}" title="${escapeHtml(`${x.version}: ${x.hosts} hosts`)}"></i>`;
  });
  const rows = s.versions.map(
    (x, i) =>
      `<tr><td><span class="swatch" style="background:${colour(i)}"></span></td><td>${v(x.version)}${i === 0 ? ' <span class="muted">newest</span>' : ''}</td><td class="num">${x.hosts.toLocaleString('en')}</td><td class="num">${((x.hosts / total) * 100).toFixed(1)} %</td></tr>`,
  );
  return `<div class="group"><h3>${escapeHtml(s.name)} <span class="muted">(${escapeHtml(s.manager)}, ${plural(total, 'host')}, ${plural(s.versions.length, 'version')})</span></h3>
<div class="stack">${segments.join('')}</div>
<table><tbody>${rows.join('')}</tbody></table></div>`;
}

/** The fleet's compliance picture from the package index, as one self-contained page. */
export function renderComplianceHtml(views: ComplianceViews): string {
  const tiles = [
    ['total', views.hostsIndexed, 'hosts indexed'],
    ['failed', views.pendingSecurity.length, 'pending security'],
    ['unreachable', views.rebootRequired.length, 'need a reboot'],
    ['skipped', views.stale.hosts.length, 'stale scans'],
  ] as const;
  const body = [
    `<header><h1>pkgfleet: compliance</h1><div class="meta">from the package index · ${escapeHtml(formatTime(views.generatedAt))}</div></header>`,
    `<div class="tiles">${tiles.map(([cls, n, label]) => `<div class="tile ${cls}"><b>${n.toLocaleString('en')}</b><span>${label}</span></div>`).join('')}</div>`,
    renderSection('security', 'Pending security updates', renderPending(views.pendingSecurity), 'most first'),
    renderSection('reboot', 'Reboot required', renderReboot(views)),
    renderSection('stale', 'Stale scans', renderStale(views), `not scanned since ${formatTime(views.stale.since)}`),
    renderSection(
      'spread',
      'Package version spread',
      views.spread.length > 0 ? views.spread.map(renderSpreadOne).join('\n') : '<p class="empty">No package asked for, or none indexed.</p>',
    ),
  ];
  return renderPage('pkgfleet compliance', body.join('\n'));
}
