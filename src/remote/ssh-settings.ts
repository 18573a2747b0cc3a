import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { HostSpec } from '../inventory/types.js';
import { defaultKeyFiles, prepareAuth } from './auth.js';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_KEEPALIVE_COUNT_MAX,
  DEFAULT_KEEPALIVE_INTERVAL_MS,
  type TransportContext,
} from './context.js';
import type { HostKeyCheck } from './host-key-verifier.js';
import { KeyLoader } from './key-loader.js';
import { knownHostsCacheFor } from './known-hosts-cache.js';
import type { HopSettings } from './ssh-connect.js';

interface HopTarget {
  address: string;
  port: number;
  user?: string;
  keyFile?: string;
}

function hostKeyCheck(spec: HostSpec, ctx: TransportContext, host: string, port: number): HostKeyCheck {
  const home = ctx.homeDir ?? homedir();
  const userFile = join(home, '.ssh', 'known_hosts');
  const files = [...(spec.knownHostsFile ? [spec.knownHostsFile] : []), ...(ctx.knownHostsFiles ?? []), userFile];
  const check: HostKeyCheck = {
    host,
    port,
    policy: spec.hostKeyPolicy ?? ctx.hostKeyPolicy ?? 'strict',
    files,
    writeFile: spec.knownHostsFile ?? userFile,
    knownHosts: knownHostsCacheFor(ctx),
  };
  if (ctx.onWarning) check.onWarning = ctx.onWarning;
  return check;
}

let localUser: string | undefined;

/** The local login name, looked up once per process (getpwuid), only for hosts that set no user. */
function localUserName(): string {
  localUser ??= userInfo().username;
  return localUser;
}

/**
 * Turns a HostSpec into the hops to connect through (jump hosts first, the target last),
 * resolving every prompt (passphrases, an explicit password) before any connection is made.
 */
export async function resolveHops(spec: HostSpec, ctx: TransportContext, keyLoader: KeyLoader): Promise<HopSettings[]> {
  const home = ctx.homeDir ?? homedir();
  const agentSocket = ctx.agentSocket === null ? undefined : (ctx.agentSocket ?? process.env.SSH_AUTH_SOCK);
  const targets: Array<HopTarget & { isTarget: boolean }> = [
    ...spec.jump.map((j) => ({ ...j, isTarget: false })),
    { address: spec.address, port: spec.port, user: spec.user, keyFile: spec.keyFile, isTarget: true },
  ];
  const via = spec.jump.length ? ` (via ${spec.jump.map((j) => `${j.address}:${j.port}`).join(' -> ')})` : '';
  const hops: HopSettings[] = [];
  for (const t of targets) {
    const username = t.user ?? ctx.localUser ?? localUserName();
    const where = `${username}@${t.address}:${t.port}`;
    const label = t.isTarget ? `${where}${via}` : `jump host ${where}`;
    const auth = await prepareAuth({
      username,
      agentSocket,
      keyFiles: t.keyFile ? [t.keyFile] : defaultKeyFiles(home),
      // an explicit password is for the target only, never sent to a jump host
      passwordSource: t.isTarget ? spec.passwordSource : undefined,
      keyLoader,
      prompt: ctx.prompt,
      label: where,
    });
    hops.push({
      host: t.address,
      port: t.port,
      username,
      label,
      auth,
      hostKey: hostKeyCheck(spec, ctx, t.address, t.port),
      connectTimeoutMs: spec.connectTimeoutMs ?? ctx.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      keepaliveIntervalMs: ctx.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_INTERVAL_MS,
      keepaliveCountMax: ctx.keepaliveCountMax ?? DEFAULT_KEEPALIVE_COUNT_MAX,
    });
  }
  return hops;
}
