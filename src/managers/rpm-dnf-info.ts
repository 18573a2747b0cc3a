// `dnf info` / `dnf5 info` / `yum info` (SCRAPES HUMAN OUTPUT: none of them has a machine format
// for info). Blocks of `Key : Value` lines under `Installed Packages` / `Available Packages`
// (dnf5: `Installed packages` / `Available packages`); a value continues on lines ` : more`.
import type { PackageInfo } from './types.js';
import { formatEvr } from './rpm-query.js';
import { compareRpmVersions } from './version/rpm.js';

interface Block {
  installed: boolean;
  fields: Record<string, string>;
}

function readBlocks(stdout: string): Block[] {
  const blocks: Block[] = [];
  let installed = false;
  let current: Block | null = null;
  let lastKey: string | null = null;
  for (const line of stdout.split('\n')) {
    if (/^(Installed|Available|Upgrades|Available Upgrades)\b.*$/i.test(line) && !line.includes(':')) {
      installed = /^Installed/i.test(line);
      current = null;
      continue;
    }
    const kv = /^(\S[^:]*?)\s*: ?(.*)$/.exec(line);
    if (kv) {
      const key = kv[1]!;
      if (key === 'Name' || current === null) {
        current = { installed, fields: {} };
        blocks.push(current);
      }
      current.fields[key] = kv[2]!.trimEnd();
      lastKey = key;
      continue;
    }
    const more = /^\s+: ?(.*)$/.exec(line);
    if (more && current && lastKey) {
      current.fields[lastKey] = `${current.fields[lastKey]}\n${more[1]!.trimEnd()}`.replace(/^\n/, '');
    }
  }
  return blocks;
}

function versionOf(b: Block): string {
  const f = b.fields;
  return formatEvr(f.Epoch ?? null, f.Version ?? '', f.Release ?? '');
}

export function parseDnfInfo(stdout: string, name: string): PackageInfo | null {
  const blocks = readBlocks(stdout).filter((b) => b.fields.Name === name && b.fields.Version);
  if (blocks.length === 0) return null;
  const inst = blocks.find((b) => b.installed) ?? null;
  let best: Block | null = null;
  for (const b of blocks) {
    if (b.installed) continue;
    if (best === null || compareRpmVersions(versionOf(b), versionOf(best)) > 0) best = b;
  }
  const primary = best ?? inst!;
  const info: PackageInfo = {
    name,
    installedVersion: inst ? versionOf(inst) : null,
    candidateVersion: best ? versionOf(best) : inst ? versionOf(inst) : null,
    fields: { ...primary.fields },
  };
  const summary = primary.fields.Summary;
  if (summary !== undefined) info.summary = summary;
  const repo = best ? (best.fields.Repository ?? best.fields.Repo) : (inst?.fields['From repo'] ?? inst?.fields['From repository']);
  if (repo !== undefined) info.repo = repo;
  return info;
}
