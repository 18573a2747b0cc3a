import type { FleetResult } from '../fleet/result.js';
import { escapeHtml } from './html-escape.js';
import { formatDuration, formatTime, plural } from './html-format.js';
import { groupChanges, groupProblems } from './html-groups.js';
import { renderPage, renderSection } from './html-page.js';
import {
  renderChangeGroups,
  renderHostGrid,
  renderLegend,
  renderProblems,
  renderTimings,
  STATUS_ORDER,
} from './html-run-sections.js';

/** One run as a self-contained HTML page: outcome grid, grouped changes, failures, timings. */
export function renderRunHtml(result: FleetResult & { user?: string | null }): string {
  const what = [result.operation, ...result.args].join(' ');
  const badges =
    (result.check ? ' <span class="badge check">check mode</span>' : '') +
    (result.interrupted ? ' <span class="badge interrupted">interrupted</span>' : '');
  const meta = [
    `run ${escapeHtml(result.runId)}`,
    `started ${escapeHtml(formatTime(result.startedAt))}`,
    `took ${escapeHtml(formatDuration(result.durationMs))}`,
    ...(result.user ? [`by ${escapeHtml(result.user)}`] : []),
  ].join(' · ');
  const tiles = [
    `<div class="tile total"><b>${result.hosts.length.toLocaleString('en')}</b><span>hosts</span></div>`,
    ...STATUS_ORDER.map((s) => `<div class="tile ${s}"><b>${result.counts[s].toLocaleString('en')}</b><span>${s}</span></div>`),
  ];
  const changeGroups = groupChanges(result.hosts);
  const problems = groupProblems(result.hosts, ['failed', 'unreachable']);
  const skipped = groupProblems(result.hosts, ['skipped']);
  const body = [
    `<header><h1>pkgfleet: ${escapeHtml(what)}${badges}</h1><div class="meta">${meta}</div></header>`,
    `<div class="tiles">${tiles.join('')}</div>`,
    renderSection('hosts', 'Hosts', renderLegend(result.counts) + renderHostGrid(result.hosts)),
    renderSection(
      'changes',
      result.check ? 'Changes that would be made' : 'Changes',
      renderChangeGroups(changeGroups, result.check),
      changeGroups.length > 0 ? `${plural(changeGroups.length, 'distinct change set')}` : '',
    ),
    renderSection('failures', 'Failures', renderProblems(problems, 'No host failed.')),
    ...(skipped.length > 0 ? [renderSection('skipped', 'Skipped', renderProblems(skipped, ''))] : []),
    renderSection('timings', 'Timings', renderTimings(result.hosts, result.durationMs), 'slowest first'),
  ];
  return renderPage(`pkgfleet ${what} – ${result.runId}`, body.join('\n'));
}
