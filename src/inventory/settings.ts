import type { ManagerId } from '../managers/types.js';
import type { BecomePasswordSource, HostKeyPolicy, SourceLocation } from './types.js';

/** A value plus where it was written and under which key (as the user spelled it). */
export interface Located<T> {
  value: T;
  loc: SourceLocation;
  key: string;
}

/**
 * Jump hops as written. 'inventory' hops may name inventory hosts (our format);
 * 'ssh' hops are resolved like OpenSSH does (Ansible args, ssh_config). Empty = no jump.
 */
export interface JumpList {
  hops: string[];
  mode: 'inventory' | 'ssh';
}

/** Connection settings one level (defaults, group, host) may set. Paths are already absolute. */
export interface Settings {
  address: string;
  port: number;
  user: string;
  keyFile: string;
  password: BecomePasswordSource;
  jump: JumpList;
  become: boolean;
  becomePassword: BecomePasswordSource;
  connection: 'ssh' | 'local';
  manager: ManagerId;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  lockTimeoutMs: number;
  hostKeyPolicy: HostKeyPolicy;
  knownHostsFile: string;
}

export type SettingKey = keyof Settings;

export type LocatedSettings = { [K in SettingKey]?: Located<Settings[K]> };

/** What each level of the hierarchy carries: typed settings and free-form vars. */
export interface Level {
  settings: LocatedSettings;
  vars: Map<string, Located<unknown>>;
}

export function emptyLevel(): Level {
  return { settings: {}, vars: new Map() };
}

/** Keys whose values must never appear in messages. */
export const SECRET_KEYS: ReadonlySet<SettingKey> = new Set(['password', 'becomePassword']);
