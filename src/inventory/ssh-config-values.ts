import { InventoryError } from './errors.js';
import { parseHop } from './jump-spec.js';
import type { ConfigEntry } from './ssh-config.js';
import type { HostKeyPolicy } from './types.js';

/** The ssh_config keywords pkgfleet reads, as typed values. */
export interface SshConfigValues {
  hostName: string;
  user: string;
  port: number;
  identityFile: string;
  /** [] = `ProxyJump none`. */
  proxyJump: string[];
  hostKeyPolicy: HostKeyPolicy;
  knownHostsFile: string;
  connectTimeoutMs: number;
}

export type SshField = keyof SshConfigValues;

const POLICY: Record<string, HostKeyPolicy> = {
  yes: 'strict',
  ask: 'strict',
  'accept-new': 'accept-new',
  no: 'off',
  off: 'off',
};

function fail(e: ConfigEntry, column: number, reason: string): InventoryError {
  return new InventoryError({ ...e.loc, column }, `ssh_config: ${reason}`);
}

/**
 * The typed value of an entry, or null for keywords pkgfleet does not use.
 * Throws InventoryError (at the argument) for a malformed value, so bad lines fail at load time.
 */
export function entryValue(e: ConfigEntry): { field: SshField; value: SshConfigValues[SshField] } | null {
  const arg = e.args[0];
  const name = e.keyword;
  const known = ['hostname', 'user', 'port', 'identityfile', 'proxyjump', 'stricthostkeychecking', 'userknownhostsfile', 'connecttimeout'];
  if (!known.includes(name)) return null;
  if (!arg) throw fail(e, e.loc.column, `${name} needs a value`);
  const v = arg.value;
  switch (name) {
    case 'hostname':
      return { field: 'hostName', value: v };
    case 'user':
      return { field: 'user', value: v };
    case 'port':
      if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 65535) throw fail(e, arg.column, `bad Port '${v}'`);
      return { field: 'port', value: Number(v) };
    case 'identityfile':
      return { field: 'identityFile', value: v };
    case 'proxyjump': {
      if (v.toLowerCase() === 'none') return { field: 'proxyJump', value: [] };
      const hops = v.split(',');
      for (const h of hops) {
        try {
          parseHop(h);
        } catch (err) {
          throw fail(e, arg.column, (err as Error).message);
        }
      }
      return { field: 'proxyJump', value: hops };
    }
    case 'stricthostkeychecking': {
      const p = POLICY[v.toLowerCase()];
      if (!p) throw fail(e, arg.column, `bad StrictHostKeyChecking '${v}'`);
      return { field: 'hostKeyPolicy', value: p };
    }
    case 'userknownhostsfile':
      return { field: 'knownHostsFile', value: v };
    default:
      if (!/^\d+$/.test(v)) throw fail(e, arg.column, `bad ConnectTimeout '${v}'`);
      return { field: 'connectTimeoutMs', value: Number(v) * 1000 };
  }
}
