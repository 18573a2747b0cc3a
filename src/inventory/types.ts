import type { ManagerId } from '../managers/types.js';

/** Where a value came from, for error messages: file:line:column. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export type HostKeyPolicy = 'strict' | 'accept-new' | 'off';

/** How to get the sudo password: asked once (-K), from an env var, from a file, or inline (discouraged). */
export type BecomePasswordSource =
  | { kind: 'prompt' }
  | { kind: 'env'; name: string }
  | { kind: 'file'; path: string }
  | { kind: 'value'; value: string };

export interface JumpHost {
  address: string;
  port: number;
  user?: string;
  keyFile?: string;
}

/** A host with every var resolved: what the transport and the runner need, nothing else. */
export interface HostSpec {
  /** Inventory name (unique). */
  name: string;
  connection: 'ssh' | 'local';
  address: string;
  port: number;
  user?: string;
  keyFile?: string;
  /** Explicit password auth, only when asked for. */
  passwordSource?: BecomePasswordSource;
  /** Chained ProxyJump, first hop first. */
  jump: JumpHost[];
  become: boolean;
  becomePassword?: BecomePasswordSource;
  /** Manager override: wins over detection. */
  manager?: ManagerId;
  /** Per-host timeouts in ms. */
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  lockTimeoutMs?: number;
  hostKeyPolicy?: HostKeyPolicy;
  knownHostsFile?: string;
  /** Groups the host belongs to, ancestors included. */
  groups: string[];
  /** All merged vars (all < parent group < child group < host), for playbook `when:`. */
  vars: Record<string, unknown>;
  source?: SourceLocation;
}

export interface Inventory {
  hosts: HostSpec[];
  /** group name -> member host names (children included). */
  groups: Map<string, string[]>;
  files: string[];
  /** Things that load but deserve attention (inline passwords, ignored ssh options). Additive. */
  warnings?: InventoryWarning[];
}

/** A non-fatal finding while loading, with where it was found. */
export interface InventoryWarning extends SourceLocation {
  message: string;
}
