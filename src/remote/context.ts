import type { HostKeyPolicy } from '../inventory/types.js';
import type { KeyLoader } from './key-loader.js';
import type { PromptFn } from './secret-source.js';

/** Run-wide settings every transport of a run shares (the runner builds one). */
export interface TransportContext {
  /** Asks for a key passphrase or an explicit password; absent = non-interactive. */
  prompt?: PromptFn;
  /** Loud warnings (host key checking off, a key recorded by accept-new); the runner logs them. */
  onWarning?: (message: string) => void;
  /** Share one per run so each key passphrase is asked once across all hosts. */
  keyLoader?: KeyLoader;
  /** Default: os.homedir(). ~/.ssh/known_hosts and the default key files live under it. */
  homeDir?: string;
  /** ssh-agent socket; default process.env.SSH_AUTH_SOCK; null disables the agent. */
  agentSocket?: string | null;
  /** Login name when neither the host nor the jump host sets one; default: the local user. */
  localUser?: string;
  /** Extra known_hosts files consulted for every host (e.g. a fleet-wide file). */
  knownHostsFiles?: string[];
  /** Used when the host sets no policy; default 'strict'. */
  hostKeyPolicy?: HostKeyPolicy;
  /** Used when the host sets no connect timeout; default 15 s. */
  connectTimeoutMs?: number;
  /** SSH-level keepalive; defaults 15 s x 4 (a dead peer is noticed within a minute). */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Per-stream output cap (the tail is kept); default 4 MiB. */
  maxOutputBytes?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
export const DEFAULT_KEEPALIVE_INTERVAL_MS = 15_000;
export const DEFAULT_KEEPALIVE_COUNT_MAX = 4;
