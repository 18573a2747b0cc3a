import type {
  ChangeAction,
  InstalledPackage,
  PackageChange,
  PackageInfo,
  SearchHit,
  UpgradablePackage,
} from './types.js';
import { compareAlpmVersions } from './version/alpm.js';

// Parsers for pacman's output (pacman 6.0.2, LC_ALL=C, --color never). `-Q`, `-Qu` and the
// `--print-format` plans are line formats pacman defines; `-Ss` and `-Si`/`-Qi` are human output
// (pacman has nothing machine-readable for them) and are scraped as noted below.

const lines = (text: string) => text.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');

/** `pacman -Q`: `name version` per line. */
export function parsePacmanInstalled(stdout: string): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  for (const line of lines(stdout)) {
    const m = /^(\S+) (\S+)$/.exec(line);
    if (m) out.push({ name: m[1]!, version: m[2]! });
  }
  return out;
}

/**
 * `pacman -Qu`: `name old -> new`, with ` [ignored]` appended for IgnorePkg entries. Ignored
 * ones are left out: `pacman -Syu` will not upgrade them, so they are not pending upgrades.
 */
export function parsePacmanUpgrades(stdout: string): UpgradablePackage[] {
  const out: UpgradablePackage[] = [];
  for (const line of lines(stdout)) {
    const m = /^(\S+) (\S+) -> (\S+)( \[ignored\])?$/.exec(line);
    if (m && !m[4]) out.push({ name: m[1]!, from: m[2]!, to: m[3]! });
  }
  return out;
}

/** The repository name pacman prints (`%r`) for packages of the local database. */
const LOCAL_DB = 'local';

/**
 * A `--print --print-format '%n %v %r'` plan. Removals (`-R --print`) print the repository
 * `local` (pacman refuses a sync repository of that name); everything else is a sync target,
 * classified against the installed version: none = install, newer = upgrade, older = downgrade,
 * same = reinstall.
 */
export function parsePacmanPlan(stdout: string, installed: InstalledPackage[]): PackageChange[] {
  const current = new Map(installed.map((p) => [p.name, p.version]));
  const out: PackageChange[] = [];
  for (const line of lines(stdout)) {
    const m = /^(\S+) (\S+) (\S+)$/.exec(line);
    if (!m) continue;
    const [, name, version, repo] = m as unknown as [string, string, string, string];
    if (repo === LOCAL_DB) {
      out.push({ name, action: 'remove', from: version, to: null, manager: 'pacman' });
      continue;
    }
    const from = current.get(name) ?? null;
    out.push({ name, action: classify(from, version), from, to: version, repo, manager: 'pacman' });
  }
  return out;
}

function classify(from: string | null, to: string): ChangeAction {
  if (from === null) return 'install';
  const c = compareAlpmVersions(to, from);
  return c > 0 ? 'upgrade' : c < 0 ? 'downgrade' : 'reinstall';
}

/**
 * `pacman -Ss` (human output, scraped): `repo/name version [installed]` or
 * `repo/name version [installed: other]`, optionally followed by ` (groups)`, then an indented
 * description line.
 */
export function parsePacmanSearch(stdout: string): SearchHit[] {
  const out: SearchHit[] = [];
  for (const line of stdout.split('\n')) {
    const head = /^([^\s/]+)\/(\S+) (\S+)(?: \([^)]*\))?(?: \[installed(?:: \S+)?\])?/.exec(line);
    if (head) {
      out.push({ repo: head[1]!, name: head[2]!, version: head[3]!, installed: line.includes('[installed') });
      continue;
    }
    const last = out[out.length - 1];
    if (last && /^\s{4}/.test(line) && last.summary === undefined) last.summary = line.trim();
  }
  return out;
}

/**
 * `Key : Value` blocks of `pacman -Si` / `-Qi` (human output, scraped). Keys are padded to a
 * column; list values continue on lines indented to the value column (Optional Deps).
 */
export function parseKeyValueBlock(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  let lastKey: string | null = null;
  for (const line of text.split('\n')) {
    const m = /^(\S[^:]*?)\s*: (.*)$/.exec(line);
    if (m) {
      lastKey = m[1]!;
      fields[lastKey] = m[2]!.trim();
    } else if (lastKey && /^\s+\S/.test(line)) {
      fields[lastKey] += `\n${line.trim()}`;
    } else if (line.trim() === '') {
      lastKey = null;
    }
  }
  return fields;
}

/** Marker the info script prints between the sync (`-Si`) and local (`-Qi`) blocks. */
export const LOCAL_MARKER = '@@pkgfleet-local';

/**
 * Reads the info script's output: `-Si` block(s), the marker, the `-Qi` block. The result's
 * fields are the sync fields, plus the local-only ones (Install Date, Install Reason, Required
 * By...); the installed version is the local block's Version.
 */
export function parsePacmanInfo(stdout: string, name: string): PackageInfo | null {
  const at = stdout.indexOf(LOCAL_MARKER);
  const syncText = at < 0 ? stdout : stdout.slice(0, at);
  const localText = at < 0 ? '' : stdout.slice(at + LOCAL_MARKER.length);
  // With the same name in several repos -Si prints one block each; the first one is what -S takes.
  const sync = parseKeyValueBlock(syncText.split(/\n\s*\n/)[0] ?? '');
  const local = parseKeyValueBlock(localText);
  if (sync.Name !== name) for (const k of Object.keys(sync)) delete sync[k];
  if (local.Name !== name) for (const k of Object.keys(local)) delete local[k];
  if (!sync.Name && !local.Name) return null;
  const fields: Record<string, string> = { ...local, ...sync };
  return {
    name,
    installedVersion: local.Version ?? null,
    candidateVersion: sync.Version ?? null,
    summary: sync.Description ?? local.Description,
    repo: sync.Repository,
    fields,
  };
}
