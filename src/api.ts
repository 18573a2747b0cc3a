import type { Logger } from 'pino';
import type { HostSpec, Inventory } from './inventory/types.js';
import { loadInventory, selectHosts, localInventory } from './inventory/index.js';
import { createTransport } from './remote/factory.js';
import { executeOperation } from './fleet/execute.js';
import type { OperationRequest } from './fleet/operation-types.js';
import type { FleetResult } from './fleet/result.js';
import type { FleetEvent, TransportFactory } from './fleet/runner.js';

/** The unified operations, named as in the original design note's API. */
export enum Operation {
  Ping = 'ping',
  Detect = 'detect',
  Update = 'update',
  Upgrade = 'upgrade',
  SecurityUpgrade = 'security-upgrade',
  Install = 'install',
  Remove = 'remove',
  Search = 'search',
  Info = 'info',
  ListInstalled = 'list-installed',
  ListUpgradable = 'list-upgradable',
}

export interface PackageOperationOptions {
  /** Inventory file path(s), a loaded Inventory, or explicit hosts. Default: the local machine. */
  inventory?: string | string[] | Inventory;
  hosts?: HostSpec[];
  limit?: string;
  forks?: number;
  check?: boolean;
  refresh?: boolean;
  become?: boolean;
  /** sudo password for hosts with become (fed over stdin, never logged). */
  becomePassword?: string;
  commandTimeoutMs?: number;
  lockTimeoutMs?: number;
  hostTimeoutMs?: number;
  signal?: AbortSignal;
  onEvent?: (e: FleetEvent) => void;
  logger?: Logger;
  transportFactory?: TransportFactory;
}

function toRequest(op: Operation, packages: string[], check: boolean): OperationRequest {
  switch (op) {
    case Operation.Ping:
      return { op: 'ping' };
    case Operation.Detect:
      return { op: 'detect' };
    case Operation.Update:
      return { op: 'update', check };
    case Operation.Upgrade:
      return { op: 'upgrade', packages, security: false, check };
    case Operation.SecurityUpgrade:
      return { op: 'upgrade', packages, security: true, check };
    case Operation.Install:
      return { op: 'install', packages, check };
    case Operation.Remove:
      return { op: 'remove', packages, check };
    case Operation.Search:
      return { op: 'search', term: packages[0] ?? '' };
    case Operation.Info:
      return { op: 'info', packages };
    case Operation.ListInstalled:
      return { op: 'list', which: 'installed' };
    case Operation.ListUpgradable:
      return { op: 'list', which: 'upgradable' };
  }
}

/**
 * executePackageOperation(Operation.Install, "htop", options) → the typed fleet result.
 * Throws only for invalid input (inventory, package names), before any host is contacted.
 */
export async function executePackageOperation(
  op: Operation,
  packages?: string | string[],
  options: PackageOperationOptions = {},
): Promise<FleetResult> {
  const list = packages === undefined ? [] : Array.isArray(packages) ? packages : [packages];
  const inv =
    options.inventory === undefined
      ? localInventory()
      : typeof options.inventory === 'string' || Array.isArray(options.inventory)
        ? loadInventory(Array.isArray(options.inventory) ? options.inventory : [options.inventory])
        : options.inventory;
  let hosts = options.hosts ?? (options.limit ? selectHosts(inv, options.limit) : inv.hosts);
  if (options.become) hosts = hosts.map((h) => ({ ...h, become: true }));
  return executeOperation(hosts, toRequest(op, list, options.check === true), {
    forks: options.forks ?? 50,
    transportFactory: options.transportFactory ?? ((h) => createTransport(h, {})),
    commandTimeoutMs: options.commandTimeoutMs ?? 3_600_000,
    lockTimeoutMs: options.lockTimeoutMs ?? 300_000,
    ...(options.hostTimeoutMs !== undefined ? { hostTimeoutMs: options.hostTimeoutMs } : {}),
    ...(options.signal ? { stopSignal: options.signal } : {}),
    ...(options.becomePassword !== undefined ? { becomePasswordFor: () => options.becomePassword } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    refresh: options.refresh === true,
    args: [op, ...list],
  });
}
