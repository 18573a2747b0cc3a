import { createHmac, timingSafeEqual } from 'node:crypto';

/** The name known_hosts files use for a host: `host` on port 22, `[host]:port` otherwise. */
export function hostToken(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

/** OpenSSH wildcard match: `*` any run of characters, `?` exactly one; case-insensitive. */
export function matchWildcard(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  let starP = -1;
  let starT = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      starP = pi++;
      starT = ti;
    } else if (starP >= 0) {
      pi = starP + 1;
      ti = ++starT;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/**
 * A comma-separated known_hosts pattern list: the line matches when a positive pattern
 * matches and no negated (`!pattern`) one does.
 */
export function matchPatternList(patterns: string[], token: string): boolean {
  let positive = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (!matchWildcard(pattern, token)) continue;
    if (negated) return false;
    positive = true;
  }
  return positive;
}

/** A hashed known_hosts name `|1|salt|hash`: HMAC-SHA1 of the host token keyed with the salt. */
export interface HashedHost {
  salt: Buffer;
  hash: Buffer;
}

export function parseHashedHost(field: string): HashedHost | null {
  const m = /^\|1\|([A-Za-z0-9+/=]+)\|([A-Za-z0-9+/=]+)$/.exec(field);
  if (!m?.[1] || !m[2]) return null;
  const salt = Buffer.from(m[1], 'base64');
  const hash = Buffer.from(m[2], 'base64');
  if (salt.length !== 20 || hash.length !== 20) return null;
  return { salt, hash };
}

export function matchHashedHost(hashed: HashedHost, token: string): boolean {
  const digest = createHmac('sha1', hashed.salt).update(token).digest();
  return timingSafeEqual(digest, hashed.hash);
}

/** Builds a hashed name for a token (used by tests and by anyone who wants hashed entries). */
export function hashHostToken(token: string, salt: Buffer): string {
  const digest = createHmac('sha1', salt).update(token).digest();
  return `|1|${salt.toString('base64')}|${digest.toString('base64')}`;
}
