/**
 * Container image references, normalised the way docker and podman read them (the grammar and
 * `ParseNormalizedNamed` rules of distribution/reference, written from its documentation):
 *   reference  = name [":" tag] ["@" digest]
 *   name       = [domain "/"] path-component ("/" path-component)*
 *   path-comp  = [a-z0-9]+ (([._]|__|-+) [a-z0-9]+)*          (lowercase only)
 *   domain     = host [":" port]; host = dns labels joined by "." | "[" ipv6 "]"
 *   tag        = [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
 *   digest     = algorithm ":" hex{32,}                       (sha256: exactly 64 hex)
 * The first component is a registry only if it has a "." or ":", or is "localhost", or has an
 * uppercase letter; otherwise the registry is docker.io, where a one-component path gets
 * "library/". index.docker.io is docker.io. No tag and no digest means ":latest". When both a
 * tag and a digest are given the digest wins (the tag is dropped). Names are at most 255 chars.
 */

export interface ImageRef {
  domain: string;
  path: string;
  tag?: string;
  digest?: string;
}

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_LABEL = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})*|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN = new RegExp(`^${HOST}(?::[0-9]+)?$`);
const PATH = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const IMAGE_ID = /^[a-f0-9]{64}$/;

const DEFAULT_DOMAIN = 'docker.io';

function fail(raw: string, why: string): never {
  throw new Error(`invalid image reference ${JSON.stringify(raw)}: ${why}`);
}

/** Parses and normalises a reference (no transport prefix). Throws with a reason when invalid. */
export function parseImageRef(raw: string): ImageRef {
  if (raw === '') fail(raw, 'empty');
  if (IMAGE_ID.test(raw)) fail(raw, 'a 64-hex image id is not a repository name');
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) fail(raw, 'bad digest (algorithm:hex)');
    if (digest.startsWith('sha256:') && digest.length !== 'sha256:'.length + 64) fail(raw, 'a sha256 digest has 64 hex digits');
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) fail(raw, 'bad tag');
  }
  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  const isDomain = slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase());
  let domain = isDomain ? first : DEFAULT_DOMAIN;
  let path = isDomain ? rest.slice(slash + 1) : rest;
  if (domain === 'index.docker.io') domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = `library/${path}`;
  if (!DOMAIN.test(domain)) fail(raw, 'bad registry host');
  if (path !== path.toLowerCase()) fail(raw, 'the repository name must be lowercase');
  if (!PATH.test(path)) fail(raw, 'bad repository path (lowercase letters, digits and single . _ __ - separators)');
  if (`${domain}/${path}`.length > 255) fail(raw, 'repository name longer than 255 characters');
  return { domain, path, ...(digest ? { digest } : { tag: tag ?? 'latest' }) };
}

/** `domain/path:tag` or `domain/path@digest`. */
export function formatImageRef(r: ImageRef): string {
  const repo = `${r.domain}/${r.path}`;
  return r.digest ? `${repo}@${r.digest}` : `${repo}:${r.tag ?? 'latest'}`;
}

export function repositoryOf(r: ImageRef): string {
  return `${r.domain}/${r.path}`;
}

/** Normalises a reference; null instead of an exception (for output we only read). */
export function normalizeImageRef(raw: string): string | null {
  try {
    return formatImageRef(parseImageRef(raw));
  } catch {
    return null;
  }
}

export function isValidTagOrDigest(v: string): boolean {
  return TAG.test(v) || DIGEST.test(v);
}
