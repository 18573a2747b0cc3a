import type { OperationRequest } from '../fleet/operation-types.js';
import { validateRequest } from '../fleet/execute.js';

/** A schedule's `command:` as the runner takes it: a scan of the fleet, or one unified operation. */
export type ScheduledCommand = { kind: 'scan' } | { kind: 'operation'; request: OperationRequest };

export const SCHEDULABLE = ['scan', 'update', 'upgrade', 'install', 'remove'] as const;

/**
 * `scan`, `update`, `upgrade [--security] [packages…]`, `install packages…`, `remove packages…`.
 * Throws (with a readable message) on anything else; package names are checked like the CLI does.
 */
export function parseScheduleCommand(argv: string[], check = false): ScheduledCommand {
  const [verb, ...rest] = argv;
  const flags = rest.filter((w) => w.startsWith('-'));
  const words = rest.filter((w) => !w.startsWith('-'));
  const allowFlags = (allowed: string[]) => {
    const badFlag = flags.find((f) => !allowed.includes(f));
    if (badFlag) throw new Error(`'${verb}' does not take ${badFlag}${allowed.length ? ` (it takes ${allowed.join(', ')})` : ''}`);
  };
  let request: OperationRequest;
  switch (verb) {
    case 'scan':
      allowFlags([]);
      if (words.length) throw new Error(`'scan' takes no arguments, got ${words.join(' ')}`);
      return { kind: 'scan' };
    case 'update':
      allowFlags([]);
      if (words.length) throw new Error(`'update' takes no arguments, got ${words.join(' ')}`);
      request = { op: 'update', check };
      break;
    case 'upgrade':
      allowFlags(['--security']);
      request = { op: 'upgrade', packages: words, security: flags.includes('--security'), check };
      break;
    case 'install':
    case 'remove':
      allowFlags([]);
      request = { op: verb, packages: words, check };
      break;
    default:
      throw new Error(`a scheduled command must be one of ${SCHEDULABLE.join(', ')}, got ${JSON.stringify(verb)}`);
  }
  validateRequest(request);
  return { kind: 'operation', request };
}
