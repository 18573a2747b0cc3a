import type { InstalledPackage, PackageChange, PackageInfo, SearchHit, UpgradablePackage } from './types.js';

// Parsers for the snap command's output (snapd 2.x, LC_ALL=C). The snap CLI has no
// machine-readable output (only the REST API on /run/snapd.socket is JSON), so this is human
// output, scraped: tabwriter tables (`list`, `refresh --list`, `find`) and the YAML-like
// `snap info`. snap cannot run on the build machine; the fixtures say where each sample is from.

/** A tabwriter table: header row, then cells separated by 2+ spaces; the last cell takes the rest. */
export function parseTable(text: string): Record<string, string>[] {
  const rows = text.split('\n').filter((l) => l.trim() !== '');
  const headerAt = rows.findIndex((l) => /^Name\s{2,}/.test(l));
  if (headerAt < 0) return [];
  const columns = rows[headerAt]!.trim().split(/\s{2,}/);
  return rows.slice(headerAt + 1).map((line) => {
    const cells: string[] = [];
    let rest = line.trim();
    while (cells.length < columns.length - 1) {
      const m = /^(\S+(?: \S+)*?)(?:\s{2,}|$)/.exec(rest);
      if (!m || m[0] === '') break;
      cells.push(m[1]!);
      rest = rest.slice(m[0].length);
    }
    cells.push(rest.trim());
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
  });
}

/** The verified / starred marks snap appends to publishers (✓, √, *, **). */
const publisher = (p: string) => p.replace(/(\*\*|\*|✓|√)$/, '');

/** `snap list`: Name Version Rev Tracking Publisher Notes. */
export function parseSnapList(stdout: string): InstalledPackage[] {
  return parseTable(stdout)
    .filter((r) => r.Name && r.Version)
    .map((r) => ({ name: r.Name!, version: r.Version! }));
}

/** `snap refresh --list` (new versions only) joined with `snap list` (current versions). */
export function parseSnapRefreshList(refreshOut: string, listOut: string): UpgradablePackage[] {
  const current = new Map(parseSnapList(listOut).map((p) => [p.name, p.version]));
  return parseTable(refreshOut)
    .filter((r) => r.Name && r.Version)
    .map((r) => ({ name: r.Name!, from: current.get(r.Name!) ?? null, to: r.Version! }));
}

export interface SnapChannel {
  name: string;
  version: string;
  revision: string;
}

export interface SnapInfoBlock {
  fields: Record<string, string>;
  channels: SnapChannel[];
  installed: { version: string; revision: string } | null;
}

/**
 * `snap info NAME...`: one block per name, separated by `---`. Top-level `key: value` lines,
 * a `channels:` list of `  CHANNEL: VERSION [DATE] (REV) SIZE NOTES` where `↑` means "same as
 * the row above", and `installed: VERSION (REV) SIZE NOTES` when installed.
 */
export function parseSnapInfo(stdout: string): SnapInfoBlock[] {
  const blocks: SnapInfoBlock[] = [];
  for (const chunk of stdout.split(/^---$/m)) {
    const fields: Record<string, string> = {};
    const channels: SnapChannel[] = [];
    let installed: SnapInfoBlock['installed'] = null;
    let inChannels = false;
    for (const line of chunk.split('\n')) {
      const top = /^([a-z][a-z-]*):\s*(.*)$/.exec(line);
      if (top) {
        inChannels = top[1] === 'channels';
        fields[top[1]!] = top[2]!.trim();
        const inst = top[1] === 'installed' ? /^(\S+)\s+\((\S+)\)/.exec(top[2]!) : null;
        if (inst) installed = { version: inst[1]!, revision: inst[2]! };
        continue;
      }
      const ch = inChannels ? /^\s+([^\s:]+):\s+(.*)$/.exec(line) : null;
      if (!ch) continue;
      const value = ch[2]!.trim();
      const row = /^(\S+)(?:\s+\d{4}-\d{2}-\d{2})?\s+\((\S+)\)/.exec(value);
      const prev = channels[channels.length - 1];
      if (row) channels.push({ name: ch[1]!, version: row[1]!, revision: row[2]! });
      else if (value.startsWith('↑') && prev) channels.push({ ...prev, name: ch[1]! });
    }
    if (fields.name) blocks.push({ fields, channels, installed });
  }
  return blocks;
}

/** The channel a snap follows: its tracking channel, else the default latest/stable. */
export function followedChannel(b: SnapInfoBlock): SnapChannel | undefined {
  const want = b.fields.tracking || 'latest/stable';
  const alias = (n: string) => (n.includes('/') ? n : `latest/${n}`);
  return b.channels.find((c) => alias(c.name) === alias(want)) ?? (b.fields.tracking ? undefined : b.channels[0]);
}

/**
 * Check-mode plans (snap has no dry-run), from the command the check used:
 * - `snap info` blocks: not installed = install of the followed channel's version; installed on
 *   another revision than its tracking channel = upgrade (refresh) to that channel's version;
 * - a `snap list` table (has Tracking) = the snaps a removal would remove;
 * - a `snap refresh --list` table = upgrades, from the installed versions.
 */
export function parseSnapPlan(stdout: string, installed: InstalledPackage[]): PackageChange[] {
  const current = new Map(installed.map((p) => [p.name, p.version]));
  if (/^name:/m.test(stdout)) {
    const out: PackageChange[] = [];
    for (const b of parseSnapInfo(stdout)) {
      const ch = followedChannel(b);
      const name = b.fields.name!;
      if (!b.installed) out.push({ name, action: 'install', from: null, to: ch?.version ?? null, manager: 'snap' });
      else if (ch && ch.revision !== b.installed.revision) {
        out.push({ name, action: 'upgrade', from: b.installed.version, to: ch.version, manager: 'snap' });
      }
    }
    return out;
  }
  const rows = parseTable(stdout).filter((r) => r.Name && r.Version);
  if (/^Name\s.*\sTracking\s/m.test(stdout)) {
    return rows.map((r) => ({ name: r.Name!, action: 'remove', from: r.Version!, to: null, manager: 'snap' }));
  }
  return rows.map((r) => ({ name: r.Name!, action: 'upgrade', from: current.get(r.Name!) ?? null, to: r.Version!, manager: 'snap' }));
}

/** `snap find TERM`: Name Version Publisher Notes Summary. */
export function parseSnapFind(stdout: string): SearchHit[] {
  return parseTable(stdout)
    .filter((r) => r.Name)
    .map((r) => ({ name: r.Name!, version: r.Version, summary: r.Summary, repo: publisher(r.Publisher ?? r.Developer ?? '') }));
}

export function parseSnapInfoOne(stdout: string, name: string): PackageInfo | null {
  const b = parseSnapInfo(stdout).find((x) => x.fields.name === name);
  if (!b) return null;
  const ch = followedChannel(b);
  return {
    name,
    installedVersion: b.installed?.version ?? null,
    candidateVersion: ch?.version ?? null,
    summary: b.fields.summary,
    repo: b.fields.tracking || undefined,
    fields: { ...b.fields, publisher: publisher(b.fields.publisher ?? '') },
  };
}
