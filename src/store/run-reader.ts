import type { Database } from 'better-sqlite3';
import type { HostStatus, OperationName } from '../fleet/result.js';
import { toHostResult, type ChangeRow, type HostRow } from './host-rows.js';
import { applyPlannedHosts } from './planned-hosts.js';
import type { ListRunsQuery, RunStatus, RunSummary, StoredRun } from './run-types.js';

interface RunRow {
  id: string;
  started_at: number;
  finished_at: number | null;
  status: RunStatus;
  operation: string;
  args: string;
  user: string | null;
  check_mode: number;
  controller_pid: number | null;
  controller_host: string | null;
  planned_hosts: string | null;
  count_ok: number;
  count_changed: number;
  count_failed: number;
  count_unreachable: number;
  count_skipped: number;
  host_status?: HostStatus;
}

const iso = (ms: number) => new Date(ms).toISOString();

function counts(r: RunRow): Record<HostStatus, number> {
  return {
    ok: r.count_ok,
    changed: r.count_changed,
    failed: r.count_failed,
    unreachable: r.count_unreachable,
    skipped: r.count_skipped,
  };
}

function toSummary(r: RunRow): RunSummary {
  const s: RunSummary = {
    runId: r.id,
    status: r.status,
    operation: r.operation as OperationName,
    args: JSON.parse(r.args) as string[],
    check: r.check_mode === 1,
    user: r.user,
    startedAt: iso(r.started_at),
    finishedAt: r.finished_at === null ? null : iso(r.finished_at),
    durationMs: r.finished_at === null ? null : r.finished_at - r.started_at,
    counts: counts(r),
  };
  if (r.host_status !== undefined) s.hostStatus = r.host_status;
  return s;
}

const FAILED = `(runs.count_failed + runs.count_unreachable > 0 OR runs.status IN ('incomplete', 'interrupted'))`;

/** Newest first. */
export function selectRuns(db: Database, q: ListRunsQuery = {}): RunSummary[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: Math.max(1, Math.trunc(q.limit ?? 50)) };
  let from = 'runs';
  let extra = '';
  if (q.host !== undefined) {
    from = 'runs JOIN host_results h ON h.run_id = runs.id AND h.host = @host';
    extra = ', h.status AS host_status';
    params.host = q.host;
  }
  if (q.since !== undefined) {
    where.push('runs.started_at >= @since');
    params.since = q.since.getTime();
  }
  if (q.failed !== undefined) where.push(q.failed ? FAILED : `NOT ${FAILED}`);
  const sql =
    `SELECT runs.*${extra} FROM ${from}` +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    ' ORDER BY runs.started_at DESC, runs.id DESC LIMIT @limit';
  return (db.prepare(sql).all(params) as RunRow[]).map(toSummary);
}

/**
 * A run as a FleetResult: hosts in inventory order when the run said which hosts it planned
 * (else in the order they finished). A run that has not finished ends, for this view, at its
 * last recorded host; an incomplete run counts as interrupted.
 */
export function selectRun(db: Database, runId: string): StoredRun | null {
  const run = db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
  if (!run) return null;
  const hostRows = db.prepare('SELECT * FROM host_results WHERE run_id = ? ORDER BY finished_at, id').all(runId) as HostRow[];
  const changeRows = db
    .prepare(
      `SELECT c.* FROM package_changes c JOIN host_results h ON h.id = c.host_result_id
       WHERE h.run_id = ? ORDER BY c.rowid`,
    )
    .all(runId) as ChangeRow[];
  const byHost = new Map<number, ChangeRow[]>();
  for (const c of changeRows) {
    const list = byHost.get(c.host_result_id);
    if (list) list.push(c);
    else byHost.set(c.host_result_id, [c]);
  }
  const { hosts, counts: hostCounts } = applyPlannedHosts(
    hostRows.map((h) => toHostResult(h, byHost.get(h.id) ?? [])),
    run.planned_hosts === null ? null : (JSON.parse(run.planned_hosts) as string[]),
    counts(run),
    run.status === 'incomplete' || run.status === 'interrupted',
  );
  const lastHost = hostRows.reduce((max, h) => Math.max(max, h.finished_at), run.started_at);
  const finishedAt = run.finished_at ?? lastHost;
  return {
    schemaVersion: 1,
    runId: run.id,
    operation: run.operation as OperationName,
    args: JSON.parse(run.args) as string[],
    check: run.check_mode === 1,
    startedAt: iso(run.started_at),
    finishedAt: iso(finishedAt),
    durationMs: finishedAt - run.started_at,
    interrupted: run.status === 'interrupted' || run.status === 'incomplete',
    hosts,
    counts: hostCounts,
    status: run.status,
    user: run.user,
    controller: { pid: run.controller_pid, host: run.controller_host },
  };
}
