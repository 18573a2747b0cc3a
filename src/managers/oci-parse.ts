import type { InstalledPackage, PackageChange, PackageInfo, SearchHit, UpgradablePackage } from './types.js';
import { normalizeImageRef, parseImageRef, repositoryOf } from './oci-ref.js';

// Parsers for docker / podman JSON output and for the status script's lines (oci.ts).
// docker prints one JSON object per line for --format '{{json .}}'; podman's --format json is
// one JSON array. Both are read here.

type Json = Record<string, unknown>;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const NONE = '<none>';

/** JSON objects from either output style (array, or one object per line). */
export function readJsonObjects(stdout: string): Json[] {
  const text = stdout.trim();
  if (text === '') return [];
  if (text.startsWith('[')) {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed.filter((x) => x && typeof x === 'object') as Json[]) : [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as Json);
}

/** The digest part of `repo@sha256:...` entries that belong to the given repository. */
export function digestsFor(repoDigests: string[], repository: string): string[] {
  const out: string[] = [];
  for (const rd of repoDigests) {
    const at = rd.indexOf('@');
    if (at < 0) continue;
    const repo = normalizeImageRef(rd.slice(0, at));
    // normalizeImageRef adds ":latest"; compare repositories only.
    if (repo && repo.replace(/:latest$/, '') === repository) out.push(rd.slice(at + 1));
  }
  return out;
}

/**
 * Installed images as `domain/path:tag` (or `domain/path@digest` for images pulled by digest),
 * version = the manifest digest when known, else the image id. Dangling images are skipped.
 */
export function parseImageList(stdout: string): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  const seen = new Set<string>();
  const add = (p: InstalledPackage) => {
    if (!seen.has(p.name)) out.push(p);
    seen.add(p.name);
  };
  for (const o of readJsonObjects(stdout)) {
    if (typeof o.Id === 'string') {
      // podman: one object per image (4.x may list an image once per name), every name it
      // carries; a dangling image has none.
      const id = str(o.Id) ?? str(o.ID) ?? '';
      const digest = str(o.Digest);
      const names = strs(o.Names).length > 0 ? strs(o.Names) : strs(o.RepoTags);
      for (const n of names) {
        const name = normalizeImageRef(n);
        if (name) add({ name, version: digest || id });
      }
      continue;
    }
    // docker: one object per repository:tag.
    const repo = str(o.Repository);
    const tag = str(o.Tag);
    const digest = str(o.Digest);
    if (!repo || repo === NONE) continue;
    const hasDigest = !!digest && digest !== NONE;
    const ref = tag && tag !== NONE ? `${repo}:${tag}` : hasDigest ? `${repo}@${digest}` : null;
    const name = ref ? normalizeImageRef(ref) : null;
    if (name) add({ name, version: hasDigest ? digest! : (str(o.ID) ?? '') });
  }
  return out;
}

export interface ImageStatus {
  ref: string;
  /** Local manifest digests of that repository; [] = present without any; null = not present. */
  local: string[] | null;
  /** The registry's current digest, or null when it could not be asked (no skopeo, offline). */
  remote: string | null;
}

export interface StatusReport {
  mode: string;
  rows: ImageStatus[];
}

/** Reads the status script: `@@mode MODE skopeo=0|1`, then `REF<TAB>LOCAL<TAB>REMOTE` rows. */
export function parseStatus(stdout: string): StatusReport {
  const mode = /^@@mode (\S+)/m.exec(stdout)?.[1] ?? 'status';
  const rows: ImageStatus[] = [];
  for (const line of stdout.split('\n')) {
    const cells = line.split('\t');
    if (cells.length !== 3) continue;
    const [rawRef, here, there] = cells as [string, string, string];
    const ref = normalizeImageRef(rawRef);
    if (!ref) continue;
    const repository = ref.replace(/[:@][^/]*$/, '');
    const local = here === 'absent' ? null : here === 'none' ? [] : digestsFor(here.split(' '), repository);
    rows.push({ ref, local, remote: /^[a-z0-9]+:[0-9a-f]+$/i.test(there) ? there : null });
  }
  return { mode, rows };
}

/**
 * Pending updates: images whose registry digest is known and is not one of the local digests of
 * that repository. Images without local digests (built here) or without a known remote digest are
 * not reported: that cannot be known, and nothing is invented.
 */
export function parseImageUpdates(stdout: string): UpgradablePackage[] {
  return parseStatus(stdout)
    .rows.filter((r) => r.local && r.local.length > 0 && r.remote && !r.local.includes(r.remote))
    .map((r) => ({ name: r.ref, from: r.local![0]!, to: r.remote! }));
}

/** Check-mode plan from the status script (mode status = pull, mode remove = image rm). */
export function parseImagePlan(stdout: string, manager: 'docker' | 'podman'): PackageChange[] {
  const { mode, rows } = parseStatus(stdout);
  const out: PackageChange[] = [];
  for (const r of rows) {
    if (mode === 'remove') {
      if (r.local !== null) out.push({ name: r.ref, action: 'remove', from: r.local[0] ?? null, to: null, manager });
    } else if (r.local === null) {
      out.push({ name: r.ref, action: 'install', from: null, to: r.remote, manager });
    } else if (r.local.length > 0 && r.remote && !r.local.includes(r.remote)) {
      out.push({ name: r.ref, action: 'upgrade', from: r.local[0]!, to: r.remote, manager });
    }
  }
  return out;
}

/** `docker search --format '{{json .}}'` lines or `podman search --format json`. */
export function parseImageSearch(stdout: string): SearchHit[] {
  return readJsonObjects(stdout)
    .filter((o) => str(o.Name))
    .map((o) => ({
      name: normalizeImageRef(str(o.Name)!) ?? str(o.Name)!,
      ...(str(o.Description) ? { summary: str(o.Description) } : {}),
      ...(str(o.Index) ? { repo: str(o.Index) } : {}),
    }));
}

/** `docker|podman image inspect REF`: a JSON array with one object. */
export function parseImageInspect(stdout: string, name: string): PackageInfo | null {
  let objects: Json[];
  try {
    objects = readJsonObjects(stdout);
  } catch {
    return null;
  }
  const o = objects[0];
  if (!o) return null;
  const ref = parseImageRef(name);
  const digests = digestsFor(strs(o.RepoDigests), repositoryOf(ref));
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fields[k] = String(v);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) fields[k] = v.join(' ');
  }
  return {
    name,
    installedVersion: digests[0] ?? str(o.Digest) ?? str(o.Id) ?? null,
    candidateVersion: null,
    repo: ref.domain,
    fields,
  };
}
