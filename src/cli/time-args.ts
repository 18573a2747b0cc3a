import { parseDuration } from '../inventory/duration.js';
import { UsageError } from './context.js';

/**
 * `--since`/`--stale` values: a duration back from now (`7d`, `12h`, `90m`, `1d12h`) or a date
 * (`2024-05-01`, `2024-05-01T02:00`, local time unless it names a zone).
 */
export function parseSince(flag: string, text: string, now: Date = new Date()): Date {
  const ms = parseDuration(text);
  if (ms !== null && /[a-z]$/i.test(text.trim())) return new Date(now.getTime() - ms);
  if (/^\d{4}-\d{2}-\d{2}/.test(text.trim())) {
    const s = text.trim();
    const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00` : s);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new UsageError(`--${flag} takes a duration such as 7d, 12h, 30m or a date such as 2024-05-01, got ${JSON.stringify(text)}`);
}

/** `2024-05-01 02:13` in local time (history tables). */
export function formatLocalMinute(iso: string | null): string {
  if (!iso) return '-';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function formatSeconds(ms: number | null): string {
  if (ms === null) return '-';
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Left-aligned columns, two spaces apart. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
