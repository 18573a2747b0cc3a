// Reads the transaction table that dnf4, dnf5 and yum 3 print before asking for confirmation
// (check mode runs them with --assumeno). SCRAPES HUMAN OUTPUT: none of the three offers a
// machine-readable plan on the versions we serve. Layout per tool:
//   dnf4/yum:  ` name  arch  [E:]V-R  repo  size`, under `Upgrading:` / `Updating:` ... headers,
//              obsoletes as `     replacing  name.arch evr`; a too-long name sits alone on its line.
//   dnf5:      same columns; the replaced version as `   replacing name arch evr repo size`
//              (5.0-5.2) or inline `new <- old` (wide terminals, 5.4); `0:` epochs from 5.3.
import type { ChangeAction, InstalledPackage, PackageChange } from './types.js';
import { findInstalledVersion, normalizeEvr } from './rpm-query.js';

/** Section header (without the trailing colon) -> action. Other sections list no change. */
const SECTIONS: Record<string, ChangeAction> = {
  Installing: 'install',
  'Installing dependencies': 'install',
  'Installing weak dependencies': 'install',
  'Installing for dependencies': 'install',
  'Installing group/module packages': 'install',
  Upgrading: 'upgrade',
  Updating: 'upgrade',
  'Updating for dependencies': 'upgrade',
  Downgrading: 'downgrade',
  Reinstalling: 'reinstall',
  Removing: 'remove',
  'Removing dependent packages': 'remove',
  'Removing unused dependencies': 'remove',
  'Removing for dependencies': 'remove',
};

const END = /^Transaction Summary:?\s*$/;
const ARROW = '<-';

interface Row {
  name: string;
  arch: string;
  evr: string;
  repo?: string;
  oldEvr?: string;
}

/** ` name arch evr repo size...`, with dnf5's optional `x <- y` pairs in arch / evr / repo. */
function readRow(tokens: string[]): Row | null {
  if (tokens.length < 3) return null;
  let k = 0;
  const name = tokens[k++]!;
  const arch = tokens[k++]!;
  if (tokens[k] === ARROW) k += 2;
  const evr = tokens[k++];
  if (evr === undefined) return null;
  let oldEvr: string | undefined;
  if (tokens[k] === ARROW && tokens[k + 1] !== undefined) {
    oldEvr = normalizeEvr(tokens[k + 1]!);
    k += 2;
  }
  const repo = tokens[k];
  const row: Row = { name, arch, evr: normalizeEvr(evr) };
  if (repo !== undefined && repo !== ARROW) row.repo = repo.replace(/^@/, '');
  if (oldEvr !== undefined) row.oldEvr = oldEvr;
  return row;
}

/** The replaced package of a `replacing` line: `name arch evr ...` (dnf5) or `name.arch evr` (dnf4, yum). */
function readReplaced(tokens: string[]): { name: string; arch: string; evr: string } | null {
  const [first, second, third] = tokens;
  if (first === undefined || second === undefined) return null;
  // dnf5 prints full columns (name arch evr repo size); dnf4 and yum only `name.arch evr`.
  if (third !== undefined) {
    return { name: first, arch: second, evr: normalizeEvr(third) };
  }
  const dot = first.lastIndexOf('.');
  if (dot <= 0) return null;
  return { name: first.slice(0, dot), arch: first.slice(dot + 1), evr: normalizeEvr(second) };
}

export function parseTransactionTable(stdout: string, installed: InstalledPackage[]): PackageChange[] {
  const changes: PackageChange[] = [];
  let action: ChangeAction | null = null;
  let pendingName: string | null = null;
  let last: PackageChange | null = null;

  for (const raw of stdout.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (END.test(line)) break;
    if (line === '' || /^=+$/.test(line)) continue;

    if (!/^\s/.test(line)) {
      // A header at column 0: a section we know, a section that lists no change, or noise.
      pendingName = null;
      last = null;
      action = line.endsWith(':') ? (SECTIONS[line.slice(0, -1)] ?? null) : null;
      continue;
    }
    if (action === null) continue;

    const tokens = line.trim().split(/\s+/);
    if (tokens[0] === 'replacing') {
      const old = readReplaced(tokens.slice(1));
      if (!old || !last) continue;
      if (old.name === last.name) {
        last.from = old.evr;
      } else {
        // An obsoleted package: it goes away with this transaction.
        changes.push({ name: old.name, action: 'remove', from: old.evr, to: null, arch: old.arch });
      }
      continue;
    }
    // Tree glyph lines (dnf5 narrow layout) carry only changed cells: the from-version comes
    // from `installed` instead.
    if (!/^[A-Za-z0-9_]/.test(tokens[0]!)) continue;
    if (tokens.length === 1) {
      pendingName = tokens[0]!;
      continue;
    }
    const row = readRow(pendingName ? [pendingName, ...tokens] : tokens);
    pendingName = null;
    if (!row) continue;
    last = toChange(row, action, installed);
    changes.push(last);
  }
  return changes;
}

function toChange(row: Row, action: ChangeAction, installed: InstalledPackage[]): PackageChange {
  const change: PackageChange = { name: row.name, action, from: null, to: row.evr, arch: row.arch };
  if (row.repo !== undefined) change.repo = row.repo;
  switch (action) {
    case 'remove':
      change.from = row.evr;
      change.to = null;
      break;
    case 'reinstall':
      change.from = row.evr;
      break;
    case 'upgrade':
    case 'downgrade':
      change.from = row.oldEvr ?? findInstalledVersion(installed, row.name, row.arch);
      break;
    case 'install':
      break;
  }
  return change;
}
