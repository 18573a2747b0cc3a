import type { ManagerId } from '../managers/types.js';
import type { SourceLocation } from '../inventory/types.js';

/** Native managers a per-manager name map may name (plus `default`). */
export type NativeManagerId = 'apt' | 'dnf' | 'dnf5' | 'yum' | 'zypper' | 'pacman' | 'apk';

/**
 * One entry of a present/absent/latest list, as written, validated at load time:
 * - `ref`: a name, `name=version`, `docker://…` or `flatpak://…` (the universal grammar);
 * - `per-manager`: a name per native manager (`default` for the others);
 * - `alias`: a name from the play's `aliases` table.
 */
export type PackageItem =
  | { kind: 'ref'; raw: string; at: SourceLocation }
  | { kind: 'per-manager'; names: Partial<Record<NativeManagerId | 'default', string>>; at: SourceLocation }
  | { kind: 'alias'; alias: string; at: SourceLocation };

/** `when:`: every key given must hold (see when.ts). */
export interface Condition {
  /** os-release ID, or one of its ID_LIKE. */
  os?: string[];
  /** Comparison with VERSION_ID: `>=12`, `<9`, `==15.5`, `!=8`, or a bare version (equals). */
  osVersion?: { op: '>=' | '>' | '<=' | '<' | '==' | '!='; version: string };
  manager?: ManagerId[];
  /** The host is in one of these groups. */
  group?: string[];
  var?: { name: string; equals?: unknown; in?: unknown[]; defined?: boolean };
}

export type UpgradeMode = 'all' | 'security' | 'none';
export type RebootMode = 'if_required' | 'always' | 'never';

/** A command as a playbook gives it: argv, or one string run by `/bin/sh -c`. */
export type ShellCommand = string[];

export interface RebootSpec {
  mode: RebootMode;
  /** How long to wait for the host to come back, ms. */
  timeoutMs: number;
  /** Run after reconnecting; a non-zero exit fails the host. */
  testCommand: ShellCommand;
  /** The reboot command, run detached as root after a short delay. */
  command: ShellCommand;
}

export type StepAction =
  | { type: 'update_cache'; maxAgeMs: number | null }
  | { type: 'present'; items: PackageItem[] }
  | { type: 'absent'; items: PackageItem[] }
  | { type: 'latest'; items: PackageItem[] }
  | { type: 'upgrade'; mode: UpgradeMode }
  | { type: 'reboot'; reboot: RebootSpec };

export interface Step {
  /** 1-based position in the play. */
  index: number;
  name: string;
  when?: Condition;
  action: StepAction;
  at: SourceLocation;
}

/** One `serial` entry: a host count or a percentage of the play's hosts. */
export type SerialEntry = { count: number } | { percent: number };

export interface HealthCheck {
  command: ShellCommand;
  timeoutMs: number;
}

export interface Play {
  name: string;
  /** A --limit-style pattern, matched against the whole inventory (then -l restricts it). */
  hosts: string;
  hostsAt: SourceLocation;
  vars: Record<string, unknown>;
  /** Empty = every host in one batch. The last entry repeats. */
  serial: SerialEntry[];
  /**
   * Failed or unreachable hosts of a batch above this percentage stop later batches and plays.
   * null (not set): they stop only when every host of a batch failed.
   */
  maxFailPercentage: number | null;
  order: 'inventory' | 'sorted' | 'shuffle';
  aliases: Record<string, PackageItem>;
  steps: Step[];
  healthCheck?: HealthCheck;
  at: SourceLocation;
}

export interface Playbook {
  file: string;
  plays: Play[];
}
