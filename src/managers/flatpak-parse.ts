import type { InstalledPackage, PackageChange, PackageInfo, SearchHit, UpgradablePackage } from './types.js';

// Parsers for flatpak 1.14 output (LC_ALL=C). `list`, `remote-ls` and `search` take --columns and
// print tab-separated rows when stdout is not a TTY. The check-mode plan and `info` are human
// output (flatpak has nothing else for them) and are scraped as noted below.

const rows = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t'));

/** Columns asked of `flatpak list` (order matters for the parser). */
export const LIST_COLUMNS = 'application,version,branch,arch,origin,installation,active';
/** Columns asked of `flatpak remote-ls --updates`. */
export const UPDATE_COLUMNS = 'application,version,branch,arch,origin,commit';
/** Columns asked of `flatpak search`. */
export const SEARCH_COLUMNS = 'application,version,branch,remotes,description';

export interface FlatpakRow {
  id: string;
  /** appdata version; often empty. */
  version: string;
  branch: string;
  arch: string;
  origin: string;
  installation?: string;
  /** Short commit id. */
  commit: string;
}

export function parseListRows(stdout: string): FlatpakRow[] {
  return rows(stdout)
    .filter((r) => r.length >= 7)
    .map(([id, version, branch, arch, origin, installation, commit]) => ({
      id: id!,
      version: version!,
      branch: branch!,
      arch: arch!,
      origin: origin!,
      installation: installation!,
      commit: commit!,
    }));
}

/** What we call an installed flatpak's version: its appdata version, else its commit. */
const shownVersion = (r: FlatpakRow) => (r.version !== '' ? r.version : r.commit);

export function parseFlatpakInstalled(stdout: string): InstalledPackage[] {
  return parseListRows(stdout).map((r) => ({ name: r.id, version: shownVersion(r), arch: r.arch }));
}

/**
 * Joins `remote-ls --updates` (what would change) with `flatpak list` (what is there now) on
 * id + branch + arch. Versions are the appdata version where it exists, else the commit.
 */
export function parseFlatpakUpdates(updatesOut: string, listOut: string): UpgradablePackage[] {
  const key = (r: { id: string; branch: string; arch: string }) => `${r.id}/${r.arch}/${r.branch}`;
  const current = new Map(parseListRows(listOut).map((r) => [key(r), r]));
  return rows(updatesOut)
    .filter((r) => r.length >= 6)
    .map(([id, version, branch, arch, origin, commit]) => {
      const now = current.get(key({ id: id!, branch: branch!, arch: arch! }));
      return {
        name: id!,
        from: now ? shownVersion(now) : null,
        to: version !== '' ? version! : commit!,
        arch: arch!,
        repo: origin!,
      };
    });
}

const OPS: Record<string, PackageChange['action']> = { i: 'install', u: 'upgrade', r: 'remove' };

/**
 * Check-mode output (scraped): flatpak asked to install/update/uninstall with its prompts
 * answered "no" prints its transaction table, one row per ref: `N.<TAB><status><TAB>ID<TAB>
 * BRANCH<TAB>OP<TAB>REMOTE<TAB>SIZE` with OP i/u/r. A missing runtime is asked about first
 * (`Required runtime for APP/ARCH/BRANCH (runtime/ID/ARCH/BRANCH) found in remote R`); the real
 * (non-interactive) run installs it, so it counts as an install of the runtime and of the app.
 * flatpak does not say which version it would deploy: `to` stays null.
 */
export function parseFlatpakPlan(stdout: string, installed: InstalledPackage[]): PackageChange[] {
  const versions = new Map(installed.map((p) => [p.name, p.version]));
  const out: PackageChange[] = [];
  const seen = new Set<string>();
  const add = (name: string, action: PackageChange['action'], repo?: string) => {
    const id = `${action} ${name}`;
    if (seen.has(id)) return;
    seen.add(id);
    const from = action === 'install' ? null : (versions.get(name) ?? null);
    out.push({ name, action, from, to: null, ...(repo ? { repo } : {}), manager: 'flatpak' });
  };
  for (const line of stdout.split('\n')) {
    const rt = /^Required runtime for ([^/\s]+)\/\S* \((?:runtime\/)?([^/\s]+)\/\S*\) found in remotes?:? (\S+)/.exec(line);
    if (rt) {
      add(rt[2]!, 'install', rt[3]!);
      add(rt[1]!, 'install', rt[3]!);
      continue;
    }
    const cells = line.split('\t').map((c) => c.trim());
    if (cells.length >= 5 && /^\d+\.$/.test(cells[0]!)) {
      const action = OPS[cells[4]!];
      if (action) add(cells[2]!, action, cells[5] || undefined);
    }
  }
  return out;
}

/** `flatpak search --columns=application,version,branch,remotes,description`. */
export function parseFlatpakSearch(stdout: string): SearchHit[] {
  return rows(stdout)
    .filter((r) => r.length >= 5)
    .map(([id, version, , remotes, description]) => ({
      name: id!,
      ...(version ? { version } : {}),
      summary: description!,
      repo: remotes!,
    }));
}

/**
 * `flatpak info ID` (human output, scraped): a `Name - summary` title, then right-aligned
 * `Key: value` lines. It describes the installed ref only, so the candidate version is unknown
 * (null); listUpgradable() is where remote versions come from.
 */
export function parseFlatpakInfo(stdout: string, name: string): PackageInfo | null {
  const fields: Record<string, string> = {};
  let title: string | undefined;
  for (const line of stdout.split('\n')) {
    const m = /^\s*([A-Za-z][A-Za-z ]*): ?(.*)$/.exec(line);
    if (m && /^\s/.test(line)) fields[m[1]!] = m[2]!.trim();
    else if (title === undefined && line.trim() !== '') title = line.trim();
  }
  if (fields.ID !== name) return null;
  const summary = title?.includes(' - ') ? title.slice(title.indexOf(' - ') + 3) : undefined;
  return {
    name,
    installedVersion: fields.Version || fields.Commit || null,
    candidateVersion: null,
    summary,
    repo: fields.Origin,
    fields,
  };
}
