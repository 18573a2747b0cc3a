import { readFile } from 'node:fs/promises';
import { keyTypeOf, type PublicKeyText } from './host-key.js';
import {
  hostToken,
  matchHashedHost,
  matchPatternList,
  parseHashedHost,
  type HashedHost,
} from './host-pattern.js';

export type KnownHostMarker = 'revoked' | 'cert-authority' | null;

/** One usable line of an OpenSSH known_hosts file. */
export interface KnownHostEntry {
  file: string;
  line: number;
  marker: KnownHostMarker;
  /** Plain (possibly wildcard / negated) patterns; null for a hashed entry. */
  patterns: string[] | null;
  hashed: HashedHost | null;
  key: PublicKeyText;
}

export interface ParsedKnownHosts {
  entries: KnownHostEntry[];
  /** Lines that were skipped, with the reason (file:line: ...). */
  notes: string[];
}

export function parseKnownHosts(text: string, file: string): ParsedKnownHosts {
  const entries: KnownHostEntry[] = [];
  const notes: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const fields = trimmed.split(/[ \t]+/);
    let marker: KnownHostMarker = null;
    if (fields[0]?.startsWith('@')) {
      const m = fields.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else {
        notes.push(`${file}:${line}: unknown marker ${m}, line ignored`);
        return;
      }
    }
    const [hosts, type, base64] = fields;
    if (!hosts || !type || !base64) {
      notes.push(`${file}:${line}: malformed line ignored`);
      return;
    }
    const blob = Buffer.from(base64, 'base64');
    if (keyTypeOf(blob) !== type) {
      notes.push(`${file}:${line}: key blob does not match key type ${type}, line ignored`);
      return;
    }
    let hashed: HashedHost | null = null;
    let patterns: string[] | null = null;
    if (hosts.startsWith('|')) {
      hashed = parseHashedHost(hosts);
      if (!hashed) {
        notes.push(`${file}:${line}: malformed hashed host name, line ignored`);
        return;
      }
    } else {
      patterns = hosts.split(',').filter((p) => p !== '');
    }
    entries.push({ file, line, marker, patterns, hashed, key: { type, base64 } });
  });
  return { entries, notes };
}

export function entryMatchesToken(entry: KnownHostEntry, token: string): boolean {
  if (entry.hashed) return matchHashedHost(entry.hashed, token);
  return entry.patterns !== null && matchPatternList(entry.patterns, token);
}

function sameKey(a: PublicKeyText, b: PublicKeyText): boolean {
  return a.type === b.type && a.base64.replace(/=+$/, '') === b.base64.replace(/=+$/, '');
}

export type HostKeyStatus = 'match' | 'mismatch' | 'unknown' | 'revoked';

export interface HostKeyLookup {
  status: HostKeyStatus;
  /** The matching (or revoking) line. */
  entry?: KnownHostEntry;
  /** Plain key lines for this host (what we expected on a mismatch). */
  known: KnownHostEntry[];
  notes: string[];
}

/**
 * Looks a presented key up for host:port. A revoked key wins over everything; a key equal to
 * one on a line for this host is a match; any other key for a host that has lines is a mismatch.
 */
export function lookupHostKey(
  entries: KnownHostEntry[],
  host: string,
  port: number,
  presented: PublicKeyText,
): HostKeyLookup {
  const token = hostToken(host, port);
  const forHost = entries.filter((e) => entryMatchesToken(e, token));
  const notes = forHost
    .filter((e) => e.marker === 'cert-authority')
    .map((e) => `${e.file}:${e.line}: @cert-authority entries are not supported and were ignored`);
  const revoked = forHost.find((e) => e.marker === 'revoked' && sameKey(e.key, presented));
  const known = forHost.filter((e) => e.marker === null);
  if (revoked) return { status: 'revoked', entry: revoked, known, notes };
  const match = known.find((e) => sameKey(e.key, presented));
  if (match) return { status: 'match', entry: match, known, notes };
  return { status: known.length > 0 ? 'mismatch' : 'unknown', known, notes };
}

/** Key types already recorded for host:port (to offer those host key algorithms first). */
export function knownKeyTypes(entries: KnownHostEntry[], host: string, port: number): string[] {
  const token = hostToken(host, port);
  const types = entries
    .filter((e) => e.marker === null && entryMatchesToken(e, token))
    .map((e) => e.key.type);
  return [...new Set(types)];
}

export interface KnownHostsFiles extends ParsedKnownHosts {
  /** Files that exist but could not be read. */
  errors: string[];
}

/** Reads and parses several files; a missing file counts as empty. */
export async function readKnownHosts(files: string[]): Promise<KnownHostsFiles> {
  const out: KnownHostsFiles = { entries: [], notes: [], errors: [] };
  for (const file of [...new Set(files)]) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') out.errors.push(`${file}: cannot read (${code ?? String(err)})`);
      continue;
    }
    const parsed = parseKnownHosts(text, file);
    out.entries.push(...parsed.entries);
    out.notes.push(...parsed.notes);
  }
  return out;
}
