import { InventoryError } from './errors.js';
import type { BaseHost, HostContext, JumpSource } from './host-settings.js';
import { looksExternal, parseHop } from './jump-spec.js';
import { lookupSshConfig } from './ssh-config-lookup.js';
import type { JumpHost } from './types.js';

const MAX_CHAIN = 16;

interface Hop {
  jump: JumpHost;
  /** Key for cycle detection: `inv:NAME` or `ssh:HOST`. */
  key: string;
  /** The hop's own jump source (only the first hop's is followed, like `ssh -J a,b`). */
  own?: JumpSource;
}

/**
 * Resolves every host's jump hops into a JumpHost chain (first hop first). Inventory hops use the
 * named host's resolved address/port/user/key; other hops go through ssh_config like OpenSSH.
 * The first hop's own jump chain is prepended. Cycles and unknown inventory hosts are errors.
 */
export function resolveJumps(bases: Map<string, BaseHost>, ctx: HostContext): void {
  const resolveHop = (text: string, src: JumpSource): Hop => {
    const inv = src.mode === 'inventory' ? bases.get(text) : undefined;
    if (inv) {
      if (inv.spec.connection === 'local') throw new InventoryError(src.loc, `jump host '${text}' has connection local`);
      const s = inv.spec;
      const jump: JumpHost = { address: s.address, port: s.port, ...(s.user ? { user: s.user } : {}), ...(s.keyFile ? { keyFile: s.keyFile } : {}) };
      return { jump, key: `inv:${text}`, ...(inv.jump ? { own: inv.jump } : {}) };
    }
    if (src.mode === 'inventory' && !looksExternal(text))
      throw new InventoryError(src.loc, `jump host '${text}' is not in the inventory (write user@host or host:port for a host outside it)`);
    let hop;
    try {
      hop = parseHop(text);
    } catch (e) {
      throw new InventoryError(src.loc, (e as Error).message);
    }
    const cfg = ctx.ssh
      ? lookupSshConfig(ctx.ssh, hop.host, { home: ctx.home, localUser: ctx.localUser, cwd: ctx.cwd, ...hop })
      : {};
    const user = hop.user ?? cfg.user?.value;
    const keyFile = cfg.identityFile?.value;
    const jump: JumpHost = {
      address: cfg.hostName?.value ?? hop.host,
      port: hop.port ?? cfg.port?.value ?? 22,
      ...(user ? { user } : {}),
      ...(keyFile ? { keyFile } : {}),
    };
    const own = cfg.proxyJump ? { hops: cfg.proxyJump.value, mode: 'ssh' as const, loc: cfg.proxyJump.loc } : undefined;
    return { jump, key: `ssh:${hop.host.toLowerCase()}`, ...(own ? { own } : {}) };
  };

  const chain = (src: JumpSource, stack: string[]): JumpHost[] => {
    if (src.hops.length === 0) return [];
    if (stack.length > MAX_CHAIN) throw new InventoryError(src.loc, 'jump chain is too long');
    const hops = src.hops.map((h) => resolveHop(h, src));
    for (const h of hops) {
      if (stack.length === 1 && h.key === stack[0])
        throw new InventoryError(src.loc, `host '${h.key.slice(4)}' would jump through itself (give it jump: none)`);
      if (stack.includes(h.key)) {
        const path = [...stack, h.key].map((k) => k.slice(4)).join(' -> ');
        throw new InventoryError(src.loc, `jump cycle: ${path}`);
      }
    }
    const first = hops[0]!;
    const prefix = first.own ? chain(first.own, [...stack, first.key]) : [];
    return [...prefix, ...hops.map((h) => h.jump)];
  };

  for (const [name, base] of bases) {
    if (base.jump) base.spec.jump = chain(base.jump, [`inv:${name}`]);
  }
}
