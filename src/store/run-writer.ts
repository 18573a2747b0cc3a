import type { Database } from 'better-sqlite3';
import type { HostResult } from '../fleet/result.js';
import { changeRowParams, hostRowParams } from './host-rows.js';
import { isProcessAlive } from './process-alive.js';
import { statement } from './database.js';
import type { RunStatus } from './run-types.js';

export interface RunInsert {
  id: string;
  startedAt: number;
  operation: string;
  args: string[];
  user: string | null;
  check: boolean;
  pid: number;
  hostname: string;
  plannedHosts: string[] | null;
}

export function insertRun(db: Database, run: RunInsert): void {
  db.prepare(
    `INSERT INTO runs (id, started_at, status, operation, args, user, check_mode, controller_pid, controller_host, planned_hosts)
     VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    run.id,
    run.startedAt,
    run.operation,
    JSON.stringify(run.args),
    run.user,
    run.check ? 1 : 0,
    run.pid,
    run.hostname,
    run.plannedHosts === null ? null : JSON.stringify(run.plannedHosts),
  );
}

export class UnknownRunError extends Error {
  constructor(readonly runId: string) {
    super(`no run with id ${runId} in the history database`);
    this.name = 'UnknownRunError';
  }
}

const countColumn = (status: string) => `count_${status}`;

/**
 * One host's result in a transaction (a savepoint inside RunStore.recordHosts' transaction): its
 * row, its package changes and the run's counters. Recording the same host twice in a run
 * replaces the first record (and its count).
 */
export function insertHostResult(db: Database, runId: string, result: HostResult, finishedAt: number): void {
  db.transaction(() => {
    const run = statement(db, 'SELECT 1 FROM runs WHERE id = ?').get(runId);
    if (!run) throw new UnknownRunError(runId);
    const previous = statement(db, 'SELECT id, status FROM host_results WHERE run_id = ? AND host = ?').get(runId, result.host) as
      | { id: number; status: string }
      | undefined;
    if (previous) {
      statement(db, 'DELETE FROM host_results WHERE id = ?').run(previous.id);
      const col = countColumn(previous.status);
      statement(db, `UPDATE runs SET ${col} = ${col} - 1 WHERE id = ?`).run(runId);
    }
    const info = statement(
      db,
      `INSERT INTO host_results (run_id, host, address, status, manager, managers, os, exit_code, duration_ms,
           reboot_required, error_kind, error_message, stderr_tail, messages, finished_at)
         VALUES (@run_id, @host, @address, @status, @manager, @managers, @os, @exit_code, @duration_ms,
           @reboot_required, @error_kind, @error_message, @stderr_tail, @messages, @finished_at)`,
    ).run(hostRowParams(runId, result, finishedAt));
    const hostResultId = Number(info.lastInsertRowid);
    const insertChange = statement(
      db,
      `INSERT INTO package_changes (host_result_id, name, action, from_version, to_version, arch, repo, manager)
       VALUES (@host_result_id, @name, @action, @from_version, @to_version, @arch, @repo, @manager)`,
    );
    for (const c of result.changes) insertChange.run(changeRowParams(hostResultId, c, result.manager));
    const col = countColumn(result.status);
    statement(db, `UPDATE runs SET ${col} = ${col} + 1 WHERE id = ?`).run(runId);
  }).immediate();
}

export function completeRun(db: Database, runId: string, status: RunStatus, finishedAt: number): void {
  const info = db.prepare('UPDATE runs SET status = ?, finished_at = ? WHERE id = ?').run(status, finishedAt, runId);
  if (info.changes === 0) throw new UnknownRunError(runId);
}

/**
 * Runs still 'running' whose controller (pid on this machine) is gone become 'incomplete'; their
 * finish time is their last recorded host (or their start). Runs started on another machine are
 * left alone: their pid means nothing here. Returns the ids marked.
 */
export function markDeadRunsIncomplete(
  db: Database,
  hostname: string,
  alive: (pid: number) => boolean = isProcessAlive,
): string[] {
  const running = db
    .prepare(`SELECT id, controller_pid AS pid, controller_host AS host FROM runs WHERE status = 'running'`)
    .all() as { id: string; pid: number | null; host: string | null }[];
  const dead = running.filter((r) => r.host === hostname && (r.pid === null || !alive(r.pid)));
  if (dead.length === 0) return []; // no write lock taken: opening the store stays read-only
  const mark = db.prepare(
    `UPDATE runs SET status = 'incomplete',
       finished_at = COALESCE((SELECT MAX(finished_at) FROM host_results WHERE run_id = runs.id), started_at)
     WHERE id = ? AND status = 'running'`,
  );
  db.transaction(() => {
    for (const r of dead) mark.run(r.id);
  }).immediate();
  return dead.map((r) => r.id);
}

/** Retention: deletes runs started before `before` (their hosts and changes go with them). */
export function deleteRunsBefore(db: Database, before: number): number {
  return db.prepare(`DELETE FROM runs WHERE started_at < ? AND status <> 'running'`).run(before).changes;
}
