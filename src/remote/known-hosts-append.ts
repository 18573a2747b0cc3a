import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PublicKeyText } from './host-key.js';
import { hostToken } from './host-pattern.js';

const chains = new Map<string, Promise<unknown>>();

/**
 * Runs fn while no other fn for the same file runs in this process. Together with the
 * O_APPEND single write below (atomic between processes), concurrent connections that learn
 * the same new key (a shared jump host) record it once.
 */
export function withFileMutex<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const previous = chains.get(file) ?? Promise.resolve();
  const next = previous.then(fn, fn);
  const settled = next.catch(() => undefined);
  chains.set(file, settled);
  void settled.then(() => {
    if (chains.get(file) === settled) chains.delete(file);
  });
  return next;
}

/** The line accept-new writes: `host` or `[host]:port`, key type, base64 blob. */
export function formatKnownHostLine(host: string, port: number, key: PublicKeyText): string {
  return `${hostToken(host, port)} ${key.type} ${key.base64}`;
}

/** Appends one line with a single O_APPEND write, creating the file (0600) and its dir (0700). */
export async function appendKnownHostLine(file: string, line: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const current = await readFile(file, 'utf8');
    if (current.length > 0 && !current.endsWith('\n')) prefix = '\n';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const handle = await open(file, 'a', 0o600);
  try {
    await handle.write(`${prefix}${line}\n`);
  } finally {
    await handle.close();
  }
}
