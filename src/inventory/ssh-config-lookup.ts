import path from 'node:path';
import { expandHome } from './paths.js';
import { hostPatternsMatch } from './ssh-config.js';
import type { ConfigCondition, SshConfig } from './ssh-config.js';
import { entryValue } from './ssh-config-values.js';
import type { SshConfigValues, SshField } from './ssh-config-values.js';
import type { SourceLocation } from './types.js';

export type SshHostConfig = { [K in SshField]?: { value: SshConfigValues[K]; loc: SourceLocation } };

export interface LookupContext {
  home: string;
  localUser: string;
  /** Relative IdentityFile paths are taken from here. */
  cwd: string;
  /** Final user and port when already known (inventory values win), for %r and %p. */
  user?: string;
  port?: number;
}

function holds(c: ConfigCondition, host: string): boolean {
  return c.kind === 'host' && hostPatternsMatch(c.patterns, host);
}

function expandTokens(s: string, tokens: Record<string, string>): string {
  return s.replace(/%(.)/g, (all, t: string) => (t === '%' ? '%' : (tokens[t] ?? all)));
}

/**
 * What ssh_config says for `target` (the host as it would be given to ssh), OpenSSH-style:
 * blocks in file order, the first value obtained for each keyword wins.
 */
export function lookupSshConfig(config: SshConfig, target: string, ctx: LookupContext): SshHostConfig {
  const found: Record<string, { value: unknown; loc: SourceLocation }> = {};
  for (const e of config.entries) {
    if (!e.conds.every((c) => holds(c, target))) continue;
    const v = entryValue(e);
    if (v && !(v.field in found)) found[v.field] = { value: v.value, loc: e.loc };
  }
  const out = found as SshHostConfig;
  if (out.hostName) out.hostName.value = expandTokens(out.hostName.value, { h: target });
  const host = out.hostName?.value ?? target;
  const tokens = {
    h: host,
    n: target,
    d: ctx.home,
    u: ctx.localUser,
    r: ctx.user ?? out.user?.value ?? ctx.localUser,
    p: String(ctx.port ?? out.port?.value ?? 22),
  };
  for (const field of ['identityFile', 'knownHostsFile'] as const) {
    const f = out[field];
    if (f) f.value = path.resolve(ctx.cwd, expandHome(expandTokens(f.value, tokens), ctx.home));
  }
  return out;
}
