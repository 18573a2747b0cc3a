import type { HostResult, OperationName } from './result.js';

/** One unified operation, as the CLI and the library API describe it. */
export type OperationRequest =
  | { op: 'ping' }
  | { op: 'detect' }
  | { op: 'update'; check?: boolean }
  | { op: 'upgrade'; packages: string[]; security: boolean; check: boolean }
  | { op: 'install'; packages: string[]; check: boolean }
  | { op: 'remove'; packages: string[]; check: boolean }
  | { op: 'search'; term: string }
  | { op: 'info'; packages: string[] }
  | { op: 'list'; which: 'installed' | 'upgradable' };

/** What a host task returns: the result fields it knows (the runner adds host, timing, status defaults). */
export type HostOutcome = Omit<HostResult, 'host' | 'durationMs' | 'changes'> & Partial<Pick<HostResult, 'changes'>>;

export function operationName(req: OperationRequest): OperationName {
  return req.op;
}

export function isCheck(req: OperationRequest): boolean {
  return 'check' in req ? req.check === true : false;
}
