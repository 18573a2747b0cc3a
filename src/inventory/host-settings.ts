import type { Level, Located, LocatedSettings } from './settings.js';
import { lookupSshConfig } from './ssh-config-lookup.js';
import type { SshConfig } from './ssh-config.js';
import type { HostSpec, SourceLocation } from './types.js';

/** Where a host's jump hops came from and how to read them. */
export interface JumpSource {
  hops: string[];
  mode: 'inventory' | 'ssh';
  loc: SourceLocation;
}

export interface BaseHost {
  spec: HostSpec;
  jump?: JumpSource;
}

export interface HostContext {
  ssh: SshConfig | null;
  home: string;
  localUser: string;
  cwd: string;
}

/** Applies levels lowest first (all, groups in precedence order, host): later values win. */
export function mergeLevels(levels: Level[]): { settings: LocatedSettings; vars: Record<string, unknown> } {
  const settings: LocatedSettings = {};
  const vars: Record<string, unknown> = {};
  for (const l of levels) {
    Object.assign(settings, l.settings);
    for (const [k, v] of l.vars) vars[k] = v.value;
  }
  return { settings, vars };
}

function pick<T>(...values: (Located<T> | { value: T } | undefined)[]): T | undefined {
  return values.find((v) => v !== undefined)?.value;
}

/**
 * A host's spec from its merged settings, filled in from ssh_config where the inventory says
 * nothing (looked up by address, or by name when there is no address). Jumps are resolved later.
 */
export function buildBaseHost(
  name: string,
  s: LocatedSettings,
  extra: { groups: string[]; vars: Record<string, unknown>; source: SourceLocation },
  ctx: HostContext,
): BaseHost {
  const connection = s.connection?.value ?? 'ssh';
  const target = s.address?.value ?? (connection === 'local' ? '127.0.0.1' : name);
  const cfg =
    connection === 'ssh' && ctx.ssh
      ? lookupSshConfig(ctx.ssh, target, {
          home: ctx.home,
          localUser: ctx.localUser,
          cwd: ctx.cwd,
          ...(s.user ? { user: s.user.value } : {}),
          ...(s.port ? { port: s.port.value } : {}),
        })
      : {};
  const optional = {
    user: pick(s.user, cfg.user),
    keyFile: pick(s.keyFile, cfg.identityFile),
    passwordSource: pick(s.password),
    becomePassword: pick(s.becomePassword),
    manager: pick(s.manager),
    connectTimeoutMs: pick(s.connectTimeoutMs, cfg.connectTimeoutMs),
    commandTimeoutMs: pick(s.commandTimeoutMs),
    lockTimeoutMs: pick(s.lockTimeoutMs),
    hostKeyPolicy: pick(s.hostKeyPolicy, cfg.hostKeyPolicy),
    knownHostsFile: pick(s.knownHostsFile, cfg.knownHostsFile),
  };
  const spec: HostSpec = {
    name,
    connection,
    address: cfg.hostName?.value ?? target,
    port: pick(s.port, cfg.port) ?? 22,
    jump: [],
    become: s.become?.value ?? false,
    groups: extra.groups,
    vars: extra.vars,
    source: extra.source,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (spec as unknown as Record<string, unknown>)[k] = v;
  const out: BaseHost = { spec };
  if (connection === 'ssh') {
    if (s.jump) out.jump = { ...s.jump.value, loc: s.jump.loc };
    else if (cfg.proxyJump) out.jump = { hops: cfg.proxyJump.value, mode: 'ssh', loc: cfg.proxyJump.loc };
  }
  return out;
}
