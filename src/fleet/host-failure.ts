import type { ErrorKind } from './result.js';
import type { PackageChange } from '../managers/types.js';

/** Thrown inside one host's task to end that host as failed/unreachable with a typed cause. */
export class HostFailure extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly stderrTail?: string,
    readonly exitCode?: number | null,
    /** Versions that did change before the failure. */
    readonly changes: PackageChange[] = [],
  ) {
    super(message);
    this.name = 'HostFailure';
  }
}

export function tail(text: string, lines = 15): string {
  const all = text.replace(/\s+$/, '').split('\n');
  return all.slice(-lines).join('\n');
}
