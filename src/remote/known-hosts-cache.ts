import { readFileSync, statSync } from 'node:fs';
import { hostToken } from './host-pattern.js';
import { parseKnownHosts, readKnownHosts, type KnownHostEntry } from './known-hosts.js';

/** The known_hosts lines that may concern one host, plus files that could not be read. */
export interface KnownHostsView {
  /** A superset of the lines for host:port, in file and line order; lookupHostKey filters exactly. */
  entriesFor(host: string, port: number): KnownHostEntry[];
  errors: string[];
}

/** One parsed file, indexed: plain names in a map, wildcard / negated / hashed lines scanned. */
interface IndexedFile {
  byName: Map<string, KnownHostEntry[]>;
  scan: KnownHostEntry[];
}

interface Cached {
  signature: string;
  file: IndexedFile | { error: string };
}

const EMPTY: IndexedFile = { byName: new Map(), scan: [] };

function isPlainName(pattern: string): boolean {
  return !/[*?!]/.test(pattern);
}

function indexEntries(entries: KnownHostEntry[]): IndexedFile {
  const out: IndexedFile = { byName: new Map(), scan: [] };
  for (const e of entries) {
    if (!e.patterns || !e.patterns.every(isPlainName)) {
      out.scan.push(e);
      continue;
    }
    for (const name of new Set(e.patterns.map((p) => p.toLowerCase()))) {
      const list = out.byName.get(name);
      if (list) list.push(e);
      else out.byName.set(name, [e]);
    }
  }
  return out;
}

function candidates(file: IndexedFile, token: string): KnownHostEntry[] {
  const named = file.byName.get(token) ?? [];
  if (file.scan.length === 0) return named;
  return [...named, ...file.scan].sort((a, b) => a.line - b.line);
}

/**
 * Reads each known_hosts file once per run instead of once per connection, and indexes it by
 * host name, so a fleet of N hosts costs N map lookups instead of N full parses of an N-line file.
 * Every read checks the file's stat (inode, size, mtime, ctime) and parses it again when it
 * changed, so a line added meanwhile (accept-new, or another process) is seen like OpenSSH would.
 * The stat and the rare re-read are synchronous, as in OpenSSH: a lookup runs inside the key
 * exchange of every connection, and a trip through the libuv thread pool, queued behind the other
 * connections' work, would add its wait to every handshake.
 */
export class KnownHostsCache {
  private readonly files = new Map<string, Cached>();

  read(files: string[]): KnownHostsView {
    const errors: string[] = [];
    const indexed: IndexedFile[] = [];
    for (const f of new Set(files)) {
      const l = this.load(f);
      if ('error' in l) errors.push(l.error);
      else indexed.push(l);
    }
    return {
      errors,
      entriesFor: (host, port) => {
        const token = hostToken(host, port);
        return indexed.flatMap((f) => candidates(f, token));
      },
    };
  }

  private load(file: string): IndexedFile | { error: string } {
    const cannotRead = (err: unknown) => {
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? EMPTY : { error: `${file}: cannot read (${code ?? String(err)})` };
    };
    let signature: string;
    try {
      // a missing file (often ~/.ssh/known_hosts) is common: no exception for it
      const st = statSync(file, { throwIfNoEntry: false });
      if (!st) return EMPTY;
      signature = `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
    } catch (err) {
      return cannotRead(err);
    }
    const cached = this.files.get(file);
    if (cached?.signature === signature) return cached.file;
    let parsed: IndexedFile | { error: string };
    try {
      parsed = indexEntries(parseKnownHosts(readFileSync(file, 'utf8'), file).entries);
    } catch (err) {
      parsed = cannotRead(err);
    }
    this.files.set(file, { signature, file: parsed });
    return parsed;
  }
}

/** Without a cache: read and parse every file now (what one connection alone needs). */
export async function readKnownHostsOnce(files: string[]): Promise<KnownHostsView> {
  const read = await readKnownHosts(files);
  return { errors: read.errors, entriesFor: () => read.entries };
}

const perContext = new WeakMap<object, KnownHostsCache>();

/** The cache shared by every transport built with the same run-wide context object. */
export function knownHostsCacheFor(context: object): KnownHostsCache {
  let cache = perContext.get(context);
  if (!cache) {
    cache = new KnownHostsCache();
    perContext.set(context, cache);
  }
  return cache;
}
