export interface HopSpec {
  user?: string;
  host: string;
  port?: number;
}

/**
 * Parses one ProxyJump hop: `host`, `user@host`, `host:port`, `user@[::1]:port` or
 * `ssh://user@host:port`. Throws Error with a readable message when malformed.
 */
export function parseHop(text: string): HopSpec {
  let s = text.trim();
  if (s.startsWith('ssh://')) s = s.slice(6).replace(/\/$/, '');
  const at = s.lastIndexOf('@');
  const user = at >= 0 ? s.slice(0, at) : undefined;
  let rest = at >= 0 ? s.slice(at + 1) : s;
  let port: number | undefined;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracket) {
    rest = bracket[1]!;
    if (bracket[2] !== undefined) port = Number(bracket[2]);
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    const [h, p] = rest.split(':') as [string, string];
    if (!/^\d+$/.test(p)) throw new Error(`jump host '${text}' has a bad port '${p}'`);
    rest = h;
    port = Number(p);
  }
  if (user === '' || rest === '' || /\s|[@/]/.test(rest)) throw new Error(`jump host '${text}' is not [user@]host[:port]`);
  if (port !== undefined && (port < 1 || port > 65535)) throw new Error(`jump host '${text}' has a port out of range`);
  return { ...(user !== undefined ? { user } : {}), host: rest, ...(port !== undefined ? { port } : {}) };
}

/** True when a hop names an outside host rather than an inventory host name. */
export function looksExternal(text: string): boolean {
  return /[@:.]/.test(text);
}
