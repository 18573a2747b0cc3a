// `apt-cache policy NAME` (LC_ALL=C). Human output, scraped: apt has no machine-readable form of
// the installed/candidate pair (format checked against apt 2.6 on Debian 12, see test/fixtures/apt).
import { lines, splitArch } from './apt-parse.js';
import type { PackageInfo } from './types.js';

const none = (v: string | undefined): string | null => (v === undefined || v === '(none)' ? null : v);

/**
 * `apt-cache policy NAME`: Installed / Candidate, and the source of the candidate from the
 * version table (`     1.6-2 500` then `        500 URI SUITE/COMPONENT ARCH Packages`).
 * apt-cache policy prints no description, so summary stays undefined.
 */
export function parseAptPolicy(stdout: string, name: string): PackageInfo | null {
  const all = lines(stdout);
  const wanted = new Set([name, splitArch(name).name]);
  const start = all.findIndex((l) => /^\S+:$/.test(l) && wanted.has(splitArch(l.slice(0, -1)).name));
  if (start < 0) return null;
  const fields: Record<string, string> = {};
  const table: string[] = [];
  let inTable = false;
  for (const line of all.slice(start + 1)) {
    if (/^\S/.test(line)) break; // next package block
    if (inTable) {
      if (line.trim() !== '') table.push(line);
      continue;
    }
    const m = /^ {2}([A-Za-z][A-Za-z -]*):\s*(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'Version table') inTable = true;
    else fields[m[1]!] = m[2]!;
  }
  if (table.length > 0) fields['Version table'] = table.map((l) => l.trim()).join('\n');
  const candidate = none(fields.Candidate);
  const info: PackageInfo = {
    name: splitArch(all[start]!.slice(0, -1)).name,
    installedVersion: none(fields.Installed),
    candidateVersion: candidate,
    fields,
  };
  const repo = candidate === null ? undefined : candidateSource(table, candidate);
  if (repo) info.repo = repo;
  return info;
}

// Version table rows: ` *** 1.6-2 100` / `     1.6-2 500` (version, pin priority), each followed by
// source rows `        500 URI SUITE/COMPONENT ARCH Packages` or `        100 /var/lib/dpkg/status`.
const VERSION_ROW = /^ (?:\*\*\*| {3}) (\S+) +-?\d+$/;
const SOURCE_ROW = /^ {7,}-?\d+ (.+)$/; // seen: 8 spaces before a 3-digit priority

/** The first source under the candidate's row of the version table, without its priority. */
function candidateSource(table: string[], candidate: string): string | undefined {
  const row = table.findIndex((l) => VERSION_ROW.exec(l)?.[1] === candidate);
  if (row < 0) return undefined;
  return SOURCE_ROW.exec(table[row + 1] ?? '')?.[1];
}
