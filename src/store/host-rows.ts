import type { ChangeAction, ManagerId, PackageChange } from '../managers/types.js';
import type { ErrorKind, HostResult, HostStatus, OsFacts } from '../fleet/result.js';

/** Longest stderr tail kept per host (characters, the end is kept). */
export const STDERR_TAIL_MAX = 8000;

/** A host_results row as SQLite returns it. */
export interface HostRow {
  id: number;
  host: string;
  address: string | null;
  status: HostStatus;
  manager: string | null;
  managers: string | null;
  os: string | null;
  exit_code: number | null;
  duration_ms: number;
  reboot_required: number | null;
  error_kind: string | null;
  error_message: string | null;
  stderr_tail: string | null;
  messages: string | null;
  finished_at: number;
}

export interface ChangeRow {
  host_result_id: number;
  name: string;
  action: string;
  from_version: string | null;
  to_version: string | null;
  arch: string | null;
  repo: string | null;
  manager: string | null;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const bool = (v: boolean | undefined) => (v === undefined ? null : v ? 1 : 0);

function tail(text: string | undefined): string | null {
  if (text === undefined) return null;
  return text.length > STDERR_TAIL_MAX ? text.slice(text.length - STDERR_TAIL_MAX) : text;
}

/** Named parameters for the host_results insert. */
export function hostRowParams(runId: string, r: HostResult, finishedAt: number) {
  return {
    run_id: runId,
    host: r.host,
    address: r.address ?? null,
    status: r.status,
    manager: r.manager ?? null,
    managers: json(r.managers),
    os: json(r.os),
    exit_code: r.exitCode ?? null,
    duration_ms: Math.round(r.durationMs),
    reboot_required: bool(r.rebootRequired),
    error_kind: r.error?.kind ?? null,
    error_message: r.error?.message ?? null,
    stderr_tail: tail(r.error?.stderrTail),
    messages: r.messages && r.messages.length > 0 ? JSON.stringify(r.messages) : null,
    finished_at: finishedAt,
  };
}

export function changeRowParams(hostResultId: number, c: PackageChange, fallback?: ManagerId) {
  return {
    host_result_id: hostResultId,
    name: c.name,
    action: c.action,
    from_version: c.from,
    to_version: c.to,
    arch: c.arch ?? null,
    repo: c.repo ?? null,
    manager: c.manager ?? fallback ?? null,
  };
}

function toChange(row: ChangeRow): PackageChange {
  const c: PackageChange = {
    name: row.name,
    action: row.action as ChangeAction,
    from: row.from_version,
    to: row.to_version,
  };
  if (row.arch !== null) c.arch = row.arch;
  if (row.repo !== null) c.repo = row.repo;
  if (row.manager !== null) c.manager = row.manager as ManagerId;
  return c;
}

/** Rebuilds the HostResult that was recorded (package lists are not kept in run history). */
export function toHostResult(row: HostRow, changes: ChangeRow[]): HostResult {
  const r: HostResult = {
    host: row.host,
    status: row.status,
    changes: changes.map(toChange),
    durationMs: row.duration_ms,
  };
  if (row.address !== null) r.address = row.address;
  if (row.manager !== null) r.manager = row.manager as ManagerId;
  if (row.managers !== null) r.managers = JSON.parse(row.managers) as ManagerId[];
  if (row.os !== null) r.os = JSON.parse(row.os) as OsFacts;
  if (row.reboot_required !== null) r.rebootRequired = row.reboot_required === 1;
  if (row.exit_code !== null) r.exitCode = row.exit_code;
  if (row.error_kind !== null) {
    r.error = { kind: row.error_kind as ErrorKind, message: row.error_message ?? '' };
    if (row.stderr_tail !== null) r.error.stderrTail = row.stderr_tail;
  }
  if (row.messages !== null) r.messages = JSON.parse(row.messages) as string[];
  return r;
}
